import { useState } from 'react';
import { Button } from '../../components/button';
import { Field } from '../../components/field';
import { GateForm } from './gate-form';

/** Serve mode without the link: the token printed by `iwas serve` is pasted here. */
export function TokenPrompt({ error, onToken }: { error?: string | undefined; onToken: (token: string) => void }) {
  const [token, setToken] = useState('');
  return (
    <GateForm onSubmit={() => token.trim() && onToken(token)}>
      <h1>IWAS Counter</h1>
      <p>Open the link printed by the service (it ends in <code>#token=…</code>), or paste the token here.</p>
      <Field label="Token" error={error}>
        {(p) => <input {...p} value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" spellCheck={false} />}
      </Field>
      <Button kind="primary" size="lg" type="submit" disabled={!token.trim()}>
        Connect
      </Button>
    </GateForm>
  );
}
