import { Button } from '../../components/button';
import { Dialog } from '../../components/dialog';
import { CopyRow } from '../../components/copy-row';
import { copyText } from '../../lib/clipboard';

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
  return (
    <Dialog
      title={`Secret for ${source.name}`}
      onClose={onClose}
      wide
      // A stray tap beside it would lose a secret that is never shown again.
      closeOnBackdrop={false}
      footer={
        <Button kind="primary" size="lg" onClick={onClose}>
          Done
        </Button>
      }
    >
      <p className="source-secret-warning" role="alert">
        Copy it to the device now: it is not shown again.{replaced ? ' The old secret no longer works.' : ''} Lost it? <b>New secret…</b> makes another.
      </p>
      <dl className="kv">
        <dt>Signing secret</dt>
        <dd>
          <div className="copy-row">
            <code aria-label="Signing secret">{secret}</code>
            <Button kind="primary" size="sm" data-autofocus onClick={() => void copyText(secret, 'Secret')}>
              Copy secret
            </Button>
          </div>
        </dd>
        <dt>Source key</dt>
        <dd>
          <CopyRow text={source.key} what="Key" />
        </dd>
        <dt>Send events to</dt>
        <dd>
          {urls.length === 0 ? <span className="muted">the LAN port is not listening (see Settings → Self-service)</span> : null}
          {urls.map((u) => (
            <CopyRow key={u} text={u} what="Address" />
          ))}
        </dd>
      </dl>
      {replaced ? null : (
        <p className="muted small">
          Routers without API access let a paid phone in through the login page’s <b>Connect</b> button: press <b>Provision</b> for each router (Settings → Routers) after adding the first source.
        </p>
      )}
      <p className="muted small">Signed as Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature) with this secret; the README has the details for vendors.</p>
    </Dialog>
  );
}
