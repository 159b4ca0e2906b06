import type { ButtonHTMLAttributes, ReactNode } from 'react';

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  kind?: 'primary' | 'danger' | 'ghost' | 'plain';
  size?: 'sm' | 'md' | 'lg';
  busy?: boolean;
  children: ReactNode;
}

/** A button; `busy` disables it and says so (a slow sale is not clicked twice). */
export function Button({ kind = 'plain', size = 'md', busy = false, disabled, children, className, ...rest }: ButtonProps) {
  return (
    <button type="button" {...rest} className={`btn btn-${kind} btn-${size} ${className ?? ''}`} disabled={disabled || busy} aria-busy={busy}>
      {busy ? <span className="spinner" aria-hidden /> : null}
      {children}
    </button>
  );
}
