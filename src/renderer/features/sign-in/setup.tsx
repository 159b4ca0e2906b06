import { useState } from 'react';
import { Button } from '../../components/button';
import { Field, FormError, useForm } from '../../components/field';
import { useT } from '../../i18n';
import { api, useSignIn } from '../../stores/sign-in';
import { GateForm } from './gate-form';

/** First run: the café's first admin (name and PIN). */
export function SetupScreen({ onDone }: { onDone: () => void }) {
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const form = useForm();
  const t = useT();
  return (
    <GateForm
      onSubmit={() =>
      void form.submit(async () => {
        if (pin !== again) return form.set({ again: t('signIn.pinMismatch') });
        const r = await api()['setup.createAdmin']({ name, pin });
        useSignIn.getState().signedIn(r.token, r.operator);
        onDone();
      })
      }
    >
      {/* i18n-ignore */}
      <h1>{t('signIn.welcome', { app: 'IWAS Counter' })}</h1>
      <p>{t('signIn.setupIntro')}</p>
      <Field label={t('signIn.yourName')} error={form.errors.name}>
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />}
      </Field>
      <Field label={t('signIn.pinDigits')} error={form.errors.pin}>
        {(p) => <input {...p} type="password" inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))} />}
      </Field>
      <Field label={t('signIn.pinAgain')} error={form.errors.again}>
        {(p) => <input {...p} type="password" inputMode="numeric" value={again} onChange={(e) => setAgain(e.target.value.replace(/\D/g, ''))} />}
      </Field>
      <FormError message={form.general} />
      <Button kind="primary" size="lg" type="submit" busy={form.busy}>
        {t('signIn.createAdmin')}
      </Button>
    </GateForm>
  );
}
