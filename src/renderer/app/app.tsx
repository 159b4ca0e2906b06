import { useEffect, useEffectEvent, useState } from 'react';
import { AppError } from '../../shared/errors';
import { Toasts } from '../components/toasts';
import { Failed, Loading } from '../components/states';
import { SetupScreen } from '../features/sign-in/setup';
import { SignInScreen } from '../features/sign-in/sign-in';
import { TokenPrompt } from '../features/sign-in/token-prompt';
import { startSync } from '../lib/sync';
import type { Transport } from '../lib/transport';
import { startClock } from '../stores/clock';
import { api, useSignIn } from '../stores/sign-in';
import { findTransport, forgetToken, transportWithToken } from './transport';
import { Shell } from './shell';

type Gate = { kind: 'token'; error?: string } | { kind: 'loading' } | { kind: 'unreachable'; error: string; transport: Transport } | { kind: 'setup' } | { kind: 'ready' };

/** Connects, then shows what comes first: the token, first-run setup, sign-in, or the till. */
export function App() {
  const [initial] = useState(findTransport);
  const [gate, setGate] = useState<Gate>(initial ? { kind: 'loading' } : { kind: 'token' });
  const operator = useSignIn((s) => s.operator);

  const connect = (transport: Transport) => {
    useSignIn.getState().connect(transport);
    api()['setup.status']({})
      .then(({ needsAdmin }) => setGate({ kind: needsAdmin ? 'setup' : 'ready' }))
      .catch((err: unknown) => {
        // Only a refused token is forgotten; a service that is down (restarting, say) is tried again.
        if (err instanceof AppError && err.code === 'unauthorized') {
          forgetToken();
          setGate({ kind: 'token', error: 'That token is not right' });
        } else {
          setGate({ kind: 'unreachable', error: err instanceof Error ? err.message : String(err), transport });
        }
      });
  };
  const start = useEffectEvent(() => {
    startClock();
    if (initial) connect(initial);
  });
  useEffect(() => start(), []);

  const ready = gate.kind === 'ready';
  useEffect(() => (ready ? startSync() : undefined), [ready]);

  return (
    <>
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
      {gate.kind === 'token' ? (
        <TokenPrompt
          error={gate.error}
          onToken={(t) => {
            setGate({ kind: 'loading' });
            connect(transportWithToken(t));
          }}
        />
      ) : null}
      {gate.kind === 'setup' ? <SetupScreen onDone={() => setGate({ kind: 'ready' })} /> : null}
      {ready && !operator ? <SignInScreen /> : null}
      {ready && operator ? <Shell /> : null}
      <Toasts />
    </>
  );
}
