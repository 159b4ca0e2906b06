import { useState } from 'react';
import { Button } from '../../components/button';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { LoadedView } from '../../components/loaded-view';
import { Empty } from '../../components/states';
import { CopyRow } from '../../components/copy-row';
import { copyText } from '../../lib/clipboard';
import { formatTime } from '../../lib/format';
import { useLoaded } from '../../lib/use-loaded';
import { api } from '../../stores/sign-in';
import { TableHead } from '../../components/table-head';
import { useIntl } from 'react-intl';
import { useT, type MessageId } from '../../i18n';

/** What the game-PC manager needs (the webhook URL and its signing secret) and what it has sent lately. */
export function PcSyncTab() {
  const [rotated, setRotated] = useState(0);
  const loaded = useLoaded(rotated, () => api()['pcsync.status']({}), 5000);
  const [reveal, setReveal] = useState(false);
  const [rotating, setRotating] = useState(false);
  const t = useT();
  const intl = useIntl();

  const status = loaded.data;
  if (!status) return <LoadedView loaded={loaded} what={t('routers.pcsync.loadingWhat')}>{() => null}</LoadedView>;
  return (
    <section className="pcsync">
      <h2>{t('routers.pcsync.title')}</h2>
      <p>{t('routers.pcsync.intro')}</p>
      {status.listening ? null : (
        <p className="form-error" role="alert">
          {status.error ? t('routers.pcsync.notListeningBecause', { error: status.error }) : t('routers.pcsync.notListening')}
        </p>
      )}
      <dl className="kv">
        <dt>{t('routers.pcsync.webhookAddress')}</dt>
        <dd>
          {status.urls.length === 0 ? <span className="muted">{t('routers.pcsync.noAddress')}</span> : null}
          {status.urls.map((u) => (
            <CopyRow key={u} text={u} what={t('routers.what.address')} />
          ))}
        </dd>
        <dt>{t('routers.secret.label')}</dt>
        <dd>
          <div className="copy-row">
            <code aria-label={t('routers.secret.label')}>{reveal ? status.secret : `${status.secret.slice(0, 10)}${'•'.repeat(16)}`}</code>
            <Button kind="ghost" size="sm" onClick={() => setReveal(!reveal)}>
              {reveal ? t('routers.pcsync.hide') : t('routers.pcsync.show')}
            </Button>
            <Button kind="ghost" size="sm" onClick={() => void copyText(status.secret, t('routers.what.secret'))}>
              {t('routers.secret.copy')}
            </Button>
            <Button kind="ghost" size="sm" onClick={() => setRotating(true)}>
              {t('routers.secret.newMore')}
            </Button>
          </div>
        </dd>
        <dt>{t('routers.pcsync.eventsAccepted')}</dt>
        <dd>{intl.formatMessage({ id: 'routers.pcsync.eventsList' satisfies MessageId }, { logout: <code key="logout">{'pc.logout'}</code>, login: <code key="login">{'pc.login'}</code> })}</dd>
      </dl>
      <h3>{t('routers.pcsync.lastEvents')}</h3>
      {status.events.length === 0 ? (
        <Empty title={t('routers.pcsync.emptyTitle')}>{t('routers.pcsync.emptyBody')}</Empty>
      ) : (
        <table className="plain-table" aria-label={t('routers.pcsync.table')}>
          <TableHead columns={[t('routers.pcsync.received'), t('routers.pcsync.event'), t('routers.pcsync.happened'), t('routers.pcsync.whatItDid')]} />
          <tbody>
            {status.events.map((e) => (
              <tr key={e.id}>
                <td>{formatTime(e.receivedAt)}</td>
                <td className="mono">{e.type}</td>
                <td>{e.occurredAt ? formatTime(e.occurredAt) : '–'}</td>
                <td>{e.outcome}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {rotating ? (
        <ConfirmDialog
          title={t('routers.pcsync.rotateTitle')}
          confirm={t('routers.secret.new')}
          cancel={t('routers.secret.keepOld')}
          onClose={() => setRotating(false)}
          onConfirm={async () => {
            await api()['pcsync.rotateSecret']({});
            setReveal(true);
            setRotated((n) => n + 1);
          }}
        >
          <p>{t('routers.pcsync.rotateBody')}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
