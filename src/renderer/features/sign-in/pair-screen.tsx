import { useState } from 'react';
import { contract } from '../../../shared/contract';
import { AppError, errorFromBody, type FieldErrors } from '../../../shared/errors';
import { Button } from '../../components/button';
import { Field, FormError } from '../../components/field';
import { inLanguage, useT, type Translate } from '../../i18n';
import { schemaErrors } from '../../lib/validate';
import { GateForm } from './gate-form';

export interface PairScreenProps {
  /** The code from the link (`#pair=CODE`), filled in. */
  initialCode?: string | undefined;
  /** Paired: this browser's own device token (keep it; it is not shown again). */
  onPaired: (token: string) => void;
  /** The operator has the API token printed at start instead. */
  onUseToken: () => void;
  /** Why pairing is asked for again (this device was revoked, say). */
  error?: string | undefined;
}

/** A name for this device to start from: what kind of device it looks like. */
export function guessDeviceName(t: Translate, userAgent = navigator.userAgent): string {
  if (/iPad|Tablet/i.test(userAgent) || (/Android/i.test(userAgent) && !/Mobile/i.test(userAgent))) return t('devices.pair.defaultName.tablet');
  if (/Mobi|iPhone|Android/i.test(userAgent)) return t('devices.pair.defaultName.phone');
  return t('devices.pair.defaultName.computer');
}

/**
 * A browser without a token (another till PC, the owner's phone on the café LAN): the
 * pairing code an admin reads from the counter PC (Settings → Devices → Pair a device)
 * and a name for the list; the core answers with this browser's own token.
 */
export function PairScreen({ initialCode, onPaired, onUseToken, error }: PairScreenProps) {
  const t = useT();
  const [code, setCode] = useState(initialCode ?? '');
  const [name, setName] = useState(() => guessDeviceName(t));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(error ?? null);
  const [busy, setBusy] = useState(false);

  const pair = async () => {
    if (busy) return;
    // Checked as the core checks it (a code too long, say), in the language shown.
    const own = schemaErrors(contract['devices.pair'].input, { code, name });
    setErrors(own);
    setGeneral(null);
    if (Object.keys(own).length) return;
    setBusy(true);
    try {
      let res: Response;
      try {
        res = await fetch('./api/devices.pair', { method: 'POST', body: JSON.stringify({ code: code.trim(), name: name.trim() }), headers: { 'Content-Type': 'application/json' } });
      } catch {
        throw new AppError('internal', t('devices.pair.unreachable'));
      }
      const body: unknown = await res.json().catch(() => null);
      // Its own fetch, not the API client (there is no token yet): the core's refusal is translated here.
      if (!res.ok) throw inLanguage(errorFromBody(body, t('devices.pair.answered', { status: res.status })));
      const token = typeof body === 'object' && body !== null && 'token' in body ? (body as { token: unknown }).token : null;
      if (typeof token !== 'string' || !token) throw new AppError('internal', t('devices.pair.answered', { status: res.status }));
      onPaired(token);
    } catch (err) {
      const fields = err instanceof AppError ? (err.fields ?? {}) : {};
      setErrors(fields);
      // Beside its field when the answer names one this form shows; below the form otherwise.
      const shown = 'code' in fields || 'name' in fields;
      setGeneral(fields._ ?? (shown ? null : err instanceof Error ? err.message : String(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <GateForm onSubmit={() => void pair()}>
      {/* i18n-ignore */}
      <h1>IWAS Counter</h1>
      <p>{t('devices.pair.intro')}</p>
      <Field label={t('devices.pair.code')} error={errors.code} hint={t('devices.pair.codeHint')}>
        {(p) => (
          <input
            {...p}
            className="mono"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            autoComplete="one-time-code"
            autoCapitalize="characters"
            spellCheck={false}
            enterKeyHint="next"
            autoFocus={!initialCode}
          />
        )}
      </Field>
      <Field label={t('devices.pair.name')} error={errors.name} hint={t('devices.pair.nameHint')}>
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" maxLength={40} enterKeyHint="done" />}
      </Field>
      <FormError message={general} />
      <Button kind="primary" size="lg" type="submit" busy={busy}>
        {t('devices.pair.submit')}
      </Button>
      <Button kind="ghost" size="sm" onClick={onUseToken}>
        {t('devices.pair.useToken')}
      </Button>
    </GateForm>
  );
}
