import { Button } from '../../components/button';
import { Dialog } from '../../components/dialog';
import { CopyRow } from '../../components/copy-row';
import { copyText } from '../../lib/clipboard';
import { useIntl } from 'react-intl';
import type { ReactNode } from 'react';
import { useT, type MessageId } from '../../i18n';

export interface SourceSecretProps {
  /** The source's name and key, as its device must be set up. */
  source: { name: string; key: string };
  secret: string;
  /** Where its events go (Settings → Self-service's addresses). */
  urls: string[];
  /** A replaced secret (New secret…) rather than a new source's first. */
  replaced?: boolean;
  onClose: () => void;
}

/** A source's signing secret, the one time it is shown (after Add source or New secret…), with what else its device needs: the key and the address. */
export function SourceSecret({ source, secret, urls, replaced, onClose }: SourceSecretProps) {
  const t = useT();
  const intl = useIntl();
  // Messages with bold button names in them (<b>…</b>).
  const rich = (id: MessageId) => intl.formatMessage({ id }, { b: (chunks: ReactNode[]) => <b>{chunks}</b> });
  return (
    <Dialog
      title={t('routers.secretDialog.title', { name: source.name })}
      onClose={onClose}
      wide
      // A stray tap beside it would lose a secret that is never shown again.
      closeOnBackdrop={false}
      footer={
        <Button kind="primary" size="lg" onClick={onClose}>
          {t('common.done')}
        </Button>
      }
    >
      <p className="source-secret-warning" role="alert">
        {rich(replaced ? 'routers.secretDialog.warningReplaced' : 'routers.secretDialog.warning')}
      </p>
      <dl className="kv">
        <dt>{t('routers.secret.label')}</dt>
        <dd>
          <div className="copy-row">
            <code aria-label={t('routers.secret.label')}>{secret}</code>
            <Button kind="primary" size="sm" data-autofocus onClick={() => void copyText(secret, t('routers.what.secret'))}>
              {t('routers.secret.copy')}
            </Button>
          </div>
        </dd>
        <dt>{t('routers.secretDialog.key')}</dt>
        <dd>
          <CopyRow text={source.key} what={t('routers.what.key')} />
        </dd>
        <dt>{t('routers.secretDialog.sendTo')}</dt>
        <dd>
          {urls.length === 0 ? <span className="muted">{t('routers.secretDialog.lanDown')}</span> : null}
          {urls.map((u) => (
            <CopyRow key={u} text={u} what={t('routers.what.address')} />
          ))}
        </dd>
      </dl>
      {replaced ? null : (
        <p className="muted small">{rich('routers.secretDialog.connectNote')}</p>
      )}
      <p className="muted small">{t('routers.secretDialog.signedNote')}</p>
    </Dialog>
  );
}
