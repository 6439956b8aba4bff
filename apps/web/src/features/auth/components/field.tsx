import { forwardRef, useRef, useState, type ChangeEvent, type InputHTMLAttributes } from 'react';
import { hasErrors, type FieldErrors } from '../validation.js';

type Props = InputHTMLAttributes<HTMLInputElement> & { id: string; label: string; error?: string; hint?: string };

/** A labelled input whose error is announced with it (aria-describedby) and marked invalid. */
export const Field = forwardRef<HTMLInputElement, Props>(function Field({ id, label, error, hint, ...input }, ref) {
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input ref={ref} id={id} aria-invalid={error ? true : undefined} aria-describedby={described} {...input} />
      {hint && (
        <p id={`${id}-hint`} className="muted small">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
});

/** Moves focus to the first field named in `errors`, in form order, so the user lands on the fix. */
export function focusFirstError(form: HTMLFormElement | null, errors: object): void {
  const names = Object.keys(errors);
  const first = [...(form?.elements ?? [])].find((el) => names.includes((el as HTMLInputElement).name));
  (first as HTMLInputElement | undefined)?.focus();
}

/**
 * A form's text fields: `bind(name)` gives a Field its value, change handler and error. `check()`
 * runs on submit: it shows the errors and focuses the first (false), or says the values may go to
 * the server (true). Errors appear on the first check, then follow the typing so a fixed field
 * clears at once; `clear()` empties the form and waits for the next check again.
 */
export function useFields<F extends string>(
  initial: Record<F, string>,
  validate: (values: Record<F, string>) => FieldErrors<F>,
) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors<F>>({});
  const [checked, setChecked] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  const bind = (name: F) => ({
    name,
    value: values[name],
    error: errors[name],
    onChange: (e: ChangeEvent<HTMLInputElement>) => {
      const next = { ...values, [name]: e.target.value };
      setValues(next);
      if (checked) setErrors(validate(next));
    },
  });

  const check = (): boolean => {
    const found = validate(values);
    setChecked(true);
    setErrors(found);
    if (!hasErrors(found)) return true;
    focusFirstError(formRef.current, found);
    return false;
  };

  const clear = () => {
    setValues(initial);
    setErrors({});
    setChecked(false);
  };

  return { values, formRef, bind, check, clear };
}
