import type { ReactNode } from 'react';
import { Dialog } from './dialog';
import { FormError, useForm } from './field';

export interface ConfirmDialogProps {
  title: string;
  /** The confirming button's label. */
  confirm: string;
  cancel?: string;
  /** Does it; the dialog closes when it succeeds and shows why when it fails. */
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
  children: ReactNode;
}

/** "Are you sure?" for something that cannot be taken back, saying what will happen. */
export function ConfirmDialog({ title, confirm, cancel, onConfirm, onClose, children }: ConfirmDialogProps) {
  const form = useForm();
  const run = () =>
    form.submit(async () => {
      await onConfirm();
      onClose();
    });
  return (
    <Dialog title={title} onClose={onClose} action={{ label: confirm, kind: 'danger', busy: form.busy, onClick: () => void run(), ...(cancel ? { cancel } : {}) }}>
      {children}
      <FormError message={form.general} />
    </Dialog>
  );
}
