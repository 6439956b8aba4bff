import { useRef, type ReactNode } from 'react';

/**
 * A button that opens the system's file picker (or, with `capture`, the camera) and hands over
 * the first file picked. The input itself stays hidden: the button is what a person sees and
 * focuses. Its value is cleared after each pick, so the same screenshot can be picked again.
 */
export function ImagePickerButton({
  accept,
  capture,
  disabled,
  onFile,
  children,
}: {
  accept: string;
  capture?: 'environment' | 'user';
  disabled: boolean;
  onFile: (file: File | undefined) => Promise<void>;
  children: ReactNode;
}) {
  const ref = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={ref}
        type="file"
        accept={accept}
        capture={capture}
        className="sr-only"
        tabIndex={-1}
        aria-hidden="true"
        onChange={(e) => void onFile(e.target.files?.[0]).finally(() => (e.target.value = ''))}
      />
      <button type="button" className="secondary" onClick={() => ref.current?.click()} disabled={disabled}>
        {children}
      </button>
    </>
  );
}
