import { useEffect, useRef, type ReactNode } from 'react';
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
  useEffect(() => {
    const first = ref.current?.querySelector<HTMLElement>('input, select, textarea, button:not(.dialog-close)');
    first?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onClose]);
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
