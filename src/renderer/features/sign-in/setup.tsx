import { useState } from 'react';
import { Button } from '../../components/button';
import { Field, FormError, useForm } from '../../components/field';
import { api, useSignIn } from '../../stores/sign-in';
import { GateForm } from './gate-form';

/** First run: the café's first admin (name and PIN). */
export function SetupScreen({ onDone }: { onDone: () => void }) {
  const [name, setName] = useState('');
  const [pin, setPin] = useState('');
  const [again, setAgain] = useState('');
  const form = useForm();
  return (
    <GateForm
      onSubmit={() =>
      void form.submit(async () => {
        if (pin !== again) return form.set({ again: 'The PINs are not the same' });
        const r = await api()['setup.createAdmin']({ name, pin });
        useSignIn.getState().signedIn(r.token, r.operator);
        onDone();
      })
      }
    >
      <h1>Welcome to IWAS Counter</h1>
      <p>Create the first admin. Admins set up packages, routers and cashiers; cashiers sell.</p>
      <Field label="Your name" error={form.errors.name}>
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />}
      </Field>
      <Field label="PIN (4–8 digits)" error={form.errors.pin}>
        {(p) => <input {...p} type="password" inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))} />}
      </Field>
      <Field label="PIN again" error={form.errors.again}>
        {(p) => <input {...p} type="password" inputMode="numeric" value={again} onChange={(e) => setAgain(e.target.value.replace(/\D/g, ''))} />}
      </Field>
      <FormError message={form.general} />
      <Button kind="primary" size="lg" type="submit" busy={form.busy}>
        Create admin and start
      </Button>
    </GateForm>
  );
}
