import { useState, type ReactNode } from 'react';
import { useIntl } from 'react-intl';
import { Button } from '../../components/button';
import { Field } from '../../components/field';
import { useT } from '../../i18n';
import { GateForm } from './gate-form';

/** Serve mode without the link: the token printed by `iwas serve` is pasted here. */
export function TokenPrompt({ error, onToken }: { error?: string | undefined; onToken: (token: string) => void }) {
  const [token, setToken] = useState('');
  const t = useT();
  const intl = useIntl();
  return (
    <GateForm onSubmit={() => token.trim() && onToken(token)}>
      {/* i18n-ignore */}
      <h1>IWAS Counter</h1>
      <p>{intl.formatMessage({ id: 'signIn.tokenHelp' }, { code: (chunks: ReactNode[]) => <code>{chunks}</code> })}</p>
      <Field label={t('signIn.token')} error={error}>
        {(p) => <input {...p} value={token} onChange={(e) => setToken(e.target.value)} autoComplete="off" spellCheck={false} />}
      </Field>
      <Button kind="primary" size="lg" type="submit" disabled={!token.trim()}>
        {t('signIn.connect')}
      </Button>
    </GateForm>
  );
}
