import { useState } from 'react';
import { Button } from '../../components/button';
import { LoadedView } from '../../components/loaded-view';
import type { Role } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { useT } from '../../i18n';
import { useLoaded } from '../../lib/use-loaded';
import { useNow } from '../../stores/clock';
import { api, useSignIn } from '../../stores/sign-in';
import { PinPad } from './pin-pad';

type Person = { id: number; name: string; role: Role };

/** Pick your name, type your PIN. Switching operator is signing out and in here. */
export function SignInScreen() {
  const t = useT();
  const roster = useLoaded(null, () => api()['operators.roster']({}));
  const people = roster.data;
  const [chosen, setWho] = useState<Person | null>(null);
  // With one operator there is no one to choose.
  const who = chosen ?? (people?.length === 1 ? people[0]! : null);
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Too many wrong PINs: when this operator may try again; the wait counts down on screen, and Sign in waits with it.
  const [lockedUntil, setLockedUntil] = useState<number | null>(null);
  const now = useNow();
  const lockedFor = lockedUntil === null ? 0 : Math.ceil((lockedUntil - now) / 1000);
  const shown = lockedFor > 0 ? t('errors.signIn.locked', { seconds: lockedFor }) : error;

  const submit = async () => {
    if (lockedFor > 0) return;
    if (!who || pin.length < 4) return setError(t('signIn.typePin'));
    setBusy(true);
    setError(null);
    try {
      const r = await api()['operators.signIn']({ operatorId: who.id, pin });
      useSignIn.getState().signedIn(r.token, r.operator);
    } catch (err) {
      setPin('');
      const wait = err instanceof AppError ? err.details?.retryAfterS : undefined;
      // Locked (by this wrong PIN or before it): the countdown is the message, and nothing once it is over.
      if (typeof wait === 'number') {
        setLockedUntil(now + wait * 1000);
        setError(null);
      } else {
        setError(err instanceof Error ? err.message : String(err));
      }
    } finally {
      setBusy(false);
    }
  };

  if (!people) return <LoadedView loaded={roster} what={t('signIn.operators')}>{() => null}</LoadedView>;
  return (
    <main className="gate">
      <div className="gate-card sign-in">
        <h1>{t('signIn.who')}</h1>
        <div className="roster" role="radiogroup" aria-label={t('signIn.operator')}>
          {people.map((p) => (
            <button
              key={p.id}
              type="button"
              role="radio"
              aria-checked={who?.id === p.id}
              className={`roster-person${who?.id === p.id ? ' selected' : ''}`}
              onClick={() => {
                setWho(p);
                setPin('');
                setError(null);
                setLockedUntil(null);
              }}
            >
              <span className="roster-name">{p.name}</span>
              <span className="roster-role">{t(`app.role.${p.role}`)}</span>
            </button>
          ))}
        </div>
        {who ? (
          <form
            className="pin-form"
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <label htmlFor="pin">{t('signIn.pinFor', { name: who.name })}</label>
            <input
              id="pin"
              type="password"
              inputMode="numeric"
              autoComplete="off"
              autoFocus
              value={pin}
              aria-invalid={!!shown}
              aria-describedby="pin-error"
              onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 8))}
            />
            <div id="pin-error" className="field-message" role="alert">
              {shown ?? ''}
            </div>
            <PinPad value={pin} onChange={setPin} onEnter={() => void submit()} />
            <Button kind="primary" size="lg" type="submit" busy={busy} disabled={lockedFor > 0}>
              {t('signIn.signIn')}
            </Button>
          </form>
        ) : null}
      </div>
    </main>
  );
}
