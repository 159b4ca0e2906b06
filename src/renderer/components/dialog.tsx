import { useEffectEvent, useLayoutEffect, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { Button } from './button';
import { useT } from '../i18n';

/** The usual footer: a way out, and the one thing the dialog is for. */
export interface DialogAction {
  label: ReactNode;
  onClick: () => void;
  kind?: 'primary' | 'danger';
  busy?: boolean;
  disabled?: boolean;
  /** The way out's label (default "Cancel"). */
  cancel?: string;
}

export interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Cancel + this action; or a `footer` of its own. */
  action?: DialogAction;
  footer?: ReactNode;
  wide?: boolean;
  /**
   * On close, the focus goes back to what opened the dialog (default). false: to the dialog
   * below, or nowhere — for a printout's dialog, so a second Enter cannot print it again.
   */
  returnFocus?: boolean;
  /**
   * false: a click beside the dialog does not close it: what it shows cannot be shown again (a
   * secret), or was just made and must be seen (a voucher slip: the second click of a double
   * click on Sell lands on its backdrop).
   */
  closeOnBackdrop?: boolean;
}

// Open dialogs (their backdrops), oldest first. Only the topmost one takes keys and clicks:
// the till behind (#root) and any dialog under it are inert, so a key press or a tap can
// never reach a form the cashier cannot see (Enter selling a second voucher behind the slip).
const open: HTMLElement[] = [];

function applyInert(): void {
  const root = document.getElementById('root');
  if (root) root.inert = open.length > 0;
  open.forEach((backdrop, i) => {
    backdrop.inert = i < open.length - 1;
  });
}

const FOCUSABLE = 'input, select, textarea, button, [href], [tabindex]:not([tabindex="-1"])';

function focusable(dialog: HTMLElement): HTMLElement[] {
  return [...dialog.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.matches(':disabled') && el.tabIndex >= 0 && el.offsetParent !== null);
}

/** What gets the focus when a dialog opens: its default action (`data-autofocus`), else its first field or button, else the dialog itself; never a disabled button. */
function initialFocus(dialog: HTMLElement): HTMLElement {
  const marked = dialog.querySelector<HTMLElement>('[data-autofocus]');
  if (marked && !marked.matches(':disabled')) return marked;
  return focusable(dialog).find((el) => !el.classList.contains('dialog-close')) ?? dialog;
}

/**
 * A modal, drawn over everything (a portal to <body>): Escape or a click on the backdrop
 * closes it; the focus is inside it from its first frame and goes back where it was on close.
 * Mark the element Enter should press with `data-autofocus` (e.g. "Next customer").
 */
export function Dialog({ title, onClose, children, action, footer, wide, returnFocus = true, closeOnBackdrop = true }: DialogProps) {
  const t = useT();
  const backdropRef = useRef<HTMLDivElement>(null);
  const ref = useRef<HTMLDivElement>(null);
  const pressedOnBackdrop = useRef(false);
  const close = useEffectEvent(onClose);
  // Before the first paint (a key typed as the dialog appears must land in it), and on open
  // only (not on every re-render of the screen behind, which would move the focus while the
  // cashier types).
  useLayoutEffect(() => {
    const backdrop = backdropRef.current!;
    const dialog = ref.current!;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    open.push(backdrop);
    applyInert();
    // A field with autoFocus already has it; otherwise the default action or the first field.
    if (!dialog.contains(document.activeElement)) initialFocus(dialog).focus();
    const onKey = (e: KeyboardEvent) => {
      if (open[open.length - 1] !== backdrop) return;
      if (!dialog.contains(document.activeElement) && e.key !== 'Escape') {
        // The focus was lost (what held it was hidden while printing, or disabled while busy): back
        // into the dialog. Enter presses the dialog's declared default action ("Next customer"), and
        // nothing else: a button that merely comes first (Reprint, Print again) is never pressed blind.
        const marked = dialog.querySelector<HTMLElement>('[data-autofocus]');
        const target = marked && !marked.matches(':disabled') ? marked : dialog;
        target.focus();
        if (e.key === 'Tab' || e.key === 'Enter') e.preventDefault();
        if (e.key === 'Enter' && target instanceof HTMLButtonElement) target.click();
        return;
      }
      if (e.key === 'Escape') {
        e.stopPropagation();
        close();
      } else if (e.key === 'Tab') {
        const list = focusable(dialog);
        if (list.length === 0) {
          e.preventDefault();
          return;
        }
        const at = list.indexOf(document.activeElement as HTMLElement);
        if (e.shiftKey && at <= 0) {
          e.preventDefault();
          list[list.length - 1]!.focus();
        } else if (!e.shiftKey && (at === -1 || at === list.length - 1)) {
          e.preventDefault();
          list[0]!.focus();
        }
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      open.splice(open.indexOf(backdrop), 1);
      applyInert();
      // Back where the focus was; if that is gone (or was nowhere), into the dialog now on top.
      const below = open[open.length - 1]?.querySelector<HTMLElement>('[role="dialog"]');
      if (returnFocus && before?.isConnected && before !== document.body && !before.closest('[inert]')) before.focus();
      else below?.focus();
    };
    // On open only: see above.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return createPortal(
    <div
      className="backdrop"
      ref={backdropRef}
      // A whole click on the backdrop closes (closing on press would let the release land on whatever is behind).
      onMouseDown={(e) => {
        pressedOnBackdrop.current = e.target === e.currentTarget;
      }}
      onClick={(e) => {
        if (closeOnBackdrop && pressedOnBackdrop.current && e.target === e.currentTarget) onClose();
        pressedOnBackdrop.current = false;
      }}
    >
      <div className={`dialog${wide ? ' dialog-wide' : ''}`} role="dialog" aria-modal="true" aria-label={title} ref={ref} tabIndex={-1}>
        <header>
          <h2>{title}</h2>
          <button type="button" className="dialog-close" aria-label={t('common.close')} onClick={onClose}>
            ×
          </button>
        </header>
        <div className="dialog-body">{children}</div>
        {action ? (
          <footer>
            <Button kind="plain" size="lg" onClick={onClose}>
              {action.cancel ?? t('common.cancel')}
            </Button>
            <Button kind={action.kind ?? 'primary'} size="lg" busy={action.busy ?? false} disabled={action.disabled ?? false} onClick={action.onClick}>
              {action.label}
            </Button>
          </footer>
        ) : footer ? (
          <footer>{footer}</footer>
        ) : null}
      </div>
    </div>,
    document.body,
  );
}
