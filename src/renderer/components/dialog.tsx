import { useEffect, useEffectEvent, useRef, type ReactNode } from 'react';
import { Button } from './button';

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
}

/** A modal: Escape or the backdrop closes it; the first field gets the focus. */
export function Dialog({ title, onClose, children, action, footer, wide }: DialogProps) {
  const ref = useRef<HTMLDivElement>(null);
  const close = useEffectEvent(onClose);
  // On open only (not on every re-render of the screen behind, which would move the focus
  // while the cashier types): focus the first field; Escape closes the topmost dialog; Tab
  // stays inside; the focus goes back where it was on close.
  useEffect(() => {
    const dialog = ref.current!;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.querySelector<HTMLElement>('input, select, textarea, button:not(.dialog-close)')?.focus();
    const onKey = (e: KeyboardEvent) => {
      const dialogs = document.querySelectorAll('[role="dialog"]');
      if (dialogs[dialogs.length - 1] !== dialog) return;
      if (e.key === 'Escape') {
        e.stopPropagation();
        close();
      } else if (e.key === 'Tab') {
        const focusable = [...dialog.querySelectorAll<HTMLElement>('input, select, textarea, button, [href]')].filter((el) => !el.hasAttribute('disabled') && el.tabIndex >= 0 && el.offsetParent !== null);
        if (focusable.length === 0) return;
        const first = focusable[0]!;
        const last = focusable[focusable.length - 1]!;
        if (e.shiftKey && document.activeElement === first) {
          e.preventDefault();
          last.focus();
        } else if (!e.shiftKey && document.activeElement === last) {
          e.preventDefault();
          first.focus();
        }
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      before?.focus();
    };
  }, []);
  return (
    <div className="backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className={`dialog${wide ? ' dialog-wide' : ''}`} role="dialog" aria-modal="true" aria-label={title} ref={ref}>
        <header>
          <h2>{title}</h2>
          <button type="button" className="dialog-close" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        <div className="dialog-body">{children}</div>
        {action ? (
          <footer>
            <Button kind="plain" size="lg" onClick={onClose}>
              {action.cancel ?? 'Cancel'}
            </Button>
            <Button kind={action.kind ?? 'primary'} size="lg" busy={action.busy ?? false} disabled={action.disabled ?? false} onClick={action.onClick}>
              {action.label}
            </Button>
          </footer>
        ) : footer ? (
          <footer>{footer}</footer>
        ) : null}
      </div>
    </div>
  );
}
