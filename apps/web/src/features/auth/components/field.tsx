import { forwardRef, type InputHTMLAttributes } from 'react';

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
