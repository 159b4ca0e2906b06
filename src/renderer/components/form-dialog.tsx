import type { ReactNode } from 'react';
import { Dialog } from './dialog';
import { FormError, type useForm } from './field';

export interface FormDialogProps {
  title: string;
  onClose: () => void;
  /** The submit button's label. */
  submit: string;
  form: ReturnType<typeof useForm>;
  onSubmit: () => void;
  kind?: 'primary' | 'danger';
  cancel?: string;
  /** Fields in two columns (big forms). */
  wide?: boolean;
  /** What the form is about, above the fields. */
  intro?: ReactNode;
  children: ReactNode;
}

/** A dialog around a form: Enter or the button submits, errors show next to the fields and below them. */
export function FormDialog({ title, onClose, submit, form, onSubmit, kind, cancel, wide, intro, children }: FormDialogProps) {
  return (
    <Dialog title={title} onClose={onClose} wide={wide ?? false} action={{ label: submit, busy: form.busy, onClick: onSubmit, ...(kind ? { kind } : {}), ...(cancel ? { cancel } : {}) }}>
      {intro}
      <form
        id={form.id}
        className={wide ? 'form-grid' : undefined}
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        {children}
        <button type="submit" hidden />
      </form>
      <FormError message={form.general} />
    </Dialog>
  );
}
