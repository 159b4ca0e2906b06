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

/** What the game-PC manager needs (the webhook URL and its signing secret) and what it has sent lately. */
export function PcSyncTab() {
  const [rotated, setRotated] = useState(0);
  const loaded = useLoaded(rotated, () => api()['pcsync.status']({}), 5000);
  const [reveal, setReveal] = useState(false);
  const [rotating, setRotating] = useState(false);

  const status = loaded.data;
  if (!status) return <LoadedView loaded={loaded} what="PC sync">{() => null}</LoadedView>;
  return (
    <section className="pcsync">
      <h2>PC sync</h2>
      <p>
        Your PC manager (e.g. the game-PC timer software) tells this till when a customer logs out of a game PC; their WiFi ends with it. Give its vendor the address and the secret below. The signing is Standard Webhooks (standardwebhooks.com); the README has the details for vendors.
      </p>
      {status.listening ? null : (
        <p className="form-error" role="alert">
          Not listening{status.error ? `: ${status.error}` : ''}. PC logouts will not end WiFi until this is fixed.
        </p>
      )}
      <dl className="kv">
        <dt>Webhook address</dt>
        <dd>
          {status.urls.length === 0 ? <span className="muted">none</span> : null}
          {status.urls.map((u) => (
            <CopyRow key={u} text={u} what="Address" />
          ))}
        </dd>
        <dt>Signing secret</dt>
        <dd>
          <div className="copy-row">
            <code aria-label="Signing secret">{reveal ? status.secret : `${status.secret.slice(0, 10)}${'•'.repeat(16)}`}</code>
            <Button kind="ghost" size="sm" onClick={() => setReveal(!reveal)}>
              {reveal ? 'Hide' : 'Show'}
            </Button>
            <Button kind="ghost" size="sm" onClick={() => void copyText(status.secret, 'Secret')}>
              Copy secret
            </Button>
            <Button kind="ghost" size="sm" onClick={() => setRotating(true)}>
              New secret…
            </Button>
          </div>
        </dd>
        <dt>Events it accepts</dt>
        <dd>
          <code>pc.logout</code> (ends the WiFi of sessions linked to that PC user), <code>pc.login</code> (recorded)
        </dd>
      </dl>
      <h3>Last events</h3>
      {status.events.length === 0 ? (
        <Empty title="Nothing received yet">Log a test user out on a game PC and it shows here within seconds.</Empty>
      ) : (
        <table className="plain-table" aria-label="Last PC events">
          <TableHead columns={['Received', 'Event', 'Happened', 'What it did']} />
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
          title="Make a new secret?"
          confirm="New secret"
          cancel="Keep the old one"
          onClose={() => setRotating(false)}
          onConfirm={async () => {
            await api()['pcsync.rotateSecret']({});
            setReveal(true);
            setRotated((n) => n + 1);
          }}
        >
          <p>The old secret stops working now: PC logouts are refused until the PC manager is given the new one.</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
