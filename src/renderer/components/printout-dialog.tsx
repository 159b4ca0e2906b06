import type { ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { Button } from './button';
import { Dialog } from './dialog';

export interface PrintoutDialogProps {
  title: string;
  /** The button that prints (again); left of the default action. */
  print: ReactNode;
  /** The default action's label: Enter presses it, and it closes the dialog ("Next customer", "Done", "Sign out"). */
  done: string;
  onClose: () => void;
  /** The printout: shown in the dialog and rendered into #print-root for the printer. */
  children: ReactNode;
}

/**
 * A printout (a voucher slip, a shift report) on screen in a dialog and on paper; focus does not
 * go back to what printed it. Only its buttons or Escape close it, never a click beside it.
 */
export function PrintoutDialog({ title, print, done, onClose, children }: PrintoutDialogProps) {
  return (
    <>
      <Dialog
        title={title}
        onClose={onClose}
        returnFocus={false}
        closeOnBackdrop={false}
        footer={
          <>
            {print}
            <Button kind="primary" size="lg" onClick={onClose} data-autofocus>
              {done}
            </Button>
          </>
        }
      >
        <div className="slip-preview">{children}</div>
      </Dialog>
      {createPortal(children, document.getElementById('print-root')!)}
    </>
  );
}
