import type { ReactNode } from 'react';
import { useT } from '../i18n';

export function Loading({ what }: { what: string }) {
  const t = useT();
  return (
    <div className="state state-loading" role="status">
      <span className="spinner" aria-hidden /> {t('common.loading', { what })}
    </div>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <strong>{title}</strong>
      {children ? <div>{children}</div> : null}
    </div>
  );
}

export function Failed({ message, retry }: { message: string; retry?: () => void }) {
  const t = useT();
  return (
    <div className="state state-error" role="alert">
      <strong>{t('components.failed')}</strong>
      <div>{message}</div>
      {retry ? (
        <button type="button" className="btn btn-plain btn-sm" onClick={retry}>
          {t('common.retry')}
        </button>
      ) : null}
    </div>
  );
}
