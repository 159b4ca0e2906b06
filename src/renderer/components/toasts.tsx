import { useUi } from '../stores/ui';

/**
 * Notices ("Sold 1 hour: voucher …", errors): errors stay 8 s, the rest 4 s; click to dismiss.
 * They sit where no control is: over the status bar on the till (`docked`, the status bar
 * draws them), else in a strip along the bottom of the window (sign-in, setup), so a tap
 * meant for "Sell and print" never lands on a notice.
 */
export function Toasts({ docked = false }: { docked?: boolean }) {
  const toasts = useUi((s) => s.toasts);
  const dismiss = useUi((s) => s.dismiss);
  return (
    <div className={`toasts${docked ? ' toasts-docked' : ' toasts-floating'}`} aria-live="polite">
      {toasts.map((t) => (
        <button type="button" key={t.id} className={`toast toast-${t.kind}`} title={t.text} onClick={() => dismiss(t.id)}>
          {t.text}
        </button>
      ))}
    </div>
  );
}
