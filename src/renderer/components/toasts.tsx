import { createPortal } from 'react-dom';
import { useUi } from '../stores/ui';

/**
 * Notices ("Sold 1 hour: voucher …", errors): errors stay 8 s, the rest 4 s. They are not
 * controls (a tap goes through them) and sit where no control is: in the strip along the
 * bottom of the window, over the status bar, which dialogs leave free. They are drawn above
 * everything (a portal to <body>, never inert), so an error raised inside a dialog (a failed
 * print, say) is seen while the dialog is open.
 */
export function Toasts() {
  const toasts = useUi((s) => s.toasts);
  return createPortal(
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.kind}`} title={t.text}>
          {t.text}
        </div>
      ))}
    </div>,
    document.body,
  );
}
