import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { AppError } from '../../shared/errors';
import { Toasts } from '../components/toasts';
import { Failed, Loading } from '../components/states';
import { SetupScreen } from '../features/sign-in/setup';
import { SignInScreen } from '../features/sign-in/sign-in';
import { OwnerShell } from '../features/owner/owner-shell';
import { PairScreen } from '../features/sign-in/pair-screen';
import { TokenPrompt } from '../features/sign-in/token-prompt';
import { startSync } from '../lib/sync';
import type { Transport } from '../lib/transport';
import { startClock } from '../stores/clock';
import { t } from '../i18n';
import { useLanguage } from '../i18n/language';
import { api, useSignIn } from '../stores/sign-in';
import { findTransport, forgetToken, pairingCodeFromLink, transportWithDeviceToken, transportWithToken, usesApiToken, whenRefused } from './transport';
import { Shell } from './shell';

/** Without a token: pairing with a code (the usual way), or the API token pasted in. */
type Gate = { kind: 'token'; mode: 'pair' | 'token'; code?: string | undefined; error?: string } | { kind: 'loading' } | { kind: 'unreachable'; error: string; transport: Transport } | { kind: 'setup' } | { kind: 'ready' };

/** Connects, then shows what comes first: pairing (or the token), first-run setup, sign-in, the till or the owner's view. */
export function App() {
  const [code] = useState(pairingCodeFromLink);
  const [initial] = useState(() => (code ? null : findTransport()));
  const [gate, setGate] = useState<Gate>(initial ? { kind: 'loading' } : { kind: 'token', mode: 'pair', code });
  const operator = useSignIn((s) => s.operator);

  /** While connecting, a refused token is answered here (below), not by the refusal handler. */
  const connecting = useRef(false);
  const connect = (transport: Transport) => {
    useSignIn.getState().connect(transport);
    connecting.current = true;
    api()['setup.status']({})
      .finally(() => (connecting.current = false))
      .then(({ needsAdmin, language }) => {
        useLanguage.getState().setCafe(language);
        setGate({ kind: needsAdmin ? 'setup' : 'ready' });
      })
      .catch((err: unknown) => {
        // Only a refused token is forgotten; a service that is down (restarting, say) is tried again.
        if (err instanceof AppError && err.code === 'unauthorized') {
          const mode = usesApiToken() ? 'token' : 'pair';
          forgetToken();
          setGate({ kind: 'token', mode, error: t(mode === 'token' ? 'app.tokenWrong' : 'app.deviceRefused') });
        } else {
          setGate({ kind: 'unreachable', error: err instanceof Error ? err.message : String(err), transport });
        }
      });
  };
  const start = useEffectEvent(() => {
    startClock();
    // The token refused while the till is open (this device revoked, the API token replaced): back to pairing.
    whenRefused(() => {
      if (connecting.current) return;
      forgetToken();
      useSignIn.getState().expired();
      setGate({ kind: 'token', mode: 'pair', error: t('app.deviceRefused') });
    });
    if (initial) connect(initial);
  });
  useEffect(() => start(), []);

  const ready = gate.kind === 'ready';
  // Only while someone is signed in (a paired device hears the live feed only then), restarted with each sign-in.
  const signedIn = useSignIn((s) => s.operatorToken !== null);
  useEffect(() => (ready && signedIn ? startSync() : undefined), [ready, signedIn]);

  return (
    <>
      {/* i18n-ignore */}
      {gate.kind === 'loading' ? <Loading what="IWAS Counter" /> : null}
      {gate.kind === 'unreachable' ? (
        <Failed
          message={gate.error}
          retry={() => {
            setGate({ kind: 'loading' });
            connect(gate.transport);
          }}
        />
      ) : null}
      {gate.kind === 'token' && gate.mode === 'pair' ? (
        <PairScreen
          initialCode={gate.code}
          error={gate.error}
          onPaired={(token) => {
            setGate({ kind: 'loading' });
            connect(transportWithDeviceToken(token));
          }}
          onUseToken={() => setGate({ kind: 'token', mode: 'token' })}
        />
      ) : null}
      {gate.kind === 'token' && gate.mode === 'token' ? (
        <TokenPrompt
          error={gate.error}
          onToken={(token) => {
            setGate({ kind: 'loading' });
            connect(transportWithToken(token));
          }}
        />
      ) : null}
      {gate.kind === 'setup' ? <SetupScreen onDone={() => setGate({ kind: 'ready' })} /> : null}
      {ready && !operator ? <SignInScreen /> : null}
      {ready && operator ? operator.role === 'owner' ? <OwnerShell /> : <Shell /> : null}
      <Toasts />
    </>
  );
}
