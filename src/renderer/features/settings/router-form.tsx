import { useState } from 'react';
import { RouterInput, type RouterView } from '../../../shared/domain';
import type { FieldErrors } from '../../../shared/errors';
import { Button } from '../../components/button';
import { FormDialog } from '../../components/form-dialog';
import { Field, useForm } from '../../components/field';
import { wholeNumber } from '../../lib/units';
import { allErrors } from '../../lib/validate';
import { api } from '../../stores/sign-in';
import { useUi } from '../../stores/ui';

type MessageAuth = RouterView['requireMessageAuthenticator'];

/** A strong shared secret that is easy to type into Winbox (letters and digits only). */
function newSecret(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

/** Adds or edits a router: who it is (source IP, secret), where its CoA listens, how to reach its API. */
export function RouterForm({ router, onClose }: { router: RouterView | null; onClose: () => void }) {
  const [name, setName] = useState(router?.name ?? '');
  const [ip, setIp] = useState(router?.ip ?? '');
  const [secret, setSecret] = useState(router?.secret ?? newSecret());
  const [coaPort, setCoaPort] = useState(String(router?.coaPort ?? 3799));
  const [messageAuth, setMessageAuth] = useState<MessageAuth>(router?.requireMessageAuthenticator ?? 'auto');
  const [useApi, setUseApi] = useState(router ? router.api !== null : true);
  const [host, setHost] = useState(router?.api?.host ?? '');
  const [apiPort, setApiPort] = useState(String(router?.api?.port ?? 8728));
  const [user, setUser] = useState(router?.api?.user ?? 'admin');
  const [password, setPassword] = useState('');
  const [tls, setTls] = useState(router?.api?.tls ?? false);
  const form = useForm();

  const save = () =>
    form.submit(async () => {
      // A port the form cannot read stands in as a valid one, so the core's schema reports only the other problems.
      const own: FieldErrors = {};
      const coa = wholeNumber(coaPort);
      if (typeof coa === 'object') own.coaPort = coa.error;
      const port = wholeNumber(apiPort);
      if (useApi && typeof port === 'object') own['api.port'] = port.error;
      const input = {
        name,
        ip,
        secret,
        coaPort: typeof coa === 'number' ? coa : 3799,
        requireMessageAuthenticator: messageAuth,
        api: useApi ? { host: host.trim() || ip, port: typeof port === 'number' ? port : 8728, user, tls, ...(password || !router?.api?.hasPassword ? { password } : {}) } : null,
      };
      const errors = allErrors(RouterInput, input, own);
      if (Object.keys(errors).length) return form.set(errors);
      const saved = router ? await api()['routers.update']({ id: router.id, ...input }) : await api()['routers.create'](input);
      useUi.getState().toast('ok', `${router ? 'Saved' : 'Added'} ${saved.name}${saved.api ? ': try Test connection, then Provision' : ''}`);
      onClose();
    });

  const e = form.errors;
  return (
    <FormDialog title={router ? `Edit ${router.name}` : 'Add a router'} submit={router ? 'Save' : 'Add router'} onClose={onClose} wide form={form} onSubmit={() => void save()}>
      <Field label="Name" error={e.name}>
        {(p) => <input {...p} value={name} onChange={(ev) => setName(ev.target.value)} placeholder="Front hAP" />}
      </Field>
      <Field label="Address it sends RADIUS from" error={e.ip} hint="The router's IP on the café LAN">
        {(p) => <input {...p} className="mono" value={ip} onChange={(ev) => setIp(ev.target.value)} placeholder="192.168.88.1" />}
      </Field>
      <Field label="RADIUS secret" error={e.secret} hint="Provision puts it on the router; otherwise type the same secret there">
        {(p) => (
          <div className="quantity">
            <input {...p} className="mono" value={secret} onChange={(ev) => setSecret(ev.target.value)} autoComplete="off" />
            <Button kind="ghost" size="sm" onClick={() => setSecret(newSecret())}>
              New
            </Button>
          </div>
        )}
      </Field>
      <Field label="Router's CoA port" error={e.coaPort} hint="Where it takes Disconnects (MikroTik: 3799)">
        {(p) => <input {...p} inputMode="numeric" value={coaPort} onChange={(ev) => setCoaPort(ev.target.value)} />}
      </Field>
      <Field label="Require Message-Authenticator" error={e.requireMessageAuthenticator} hint="Protects against forged logins (BlastRADIUS)">
        {(p) => (
          <select {...p} value={messageAuth} onChange={(ev) => setMessageAuth(ev.target.value as MessageAuth)}>
            <option value="auto">Once the router sends it (recommended)</option>
            <option value="yes">Always</option>
            <option value="no">Never (old RouterOS)</option>
          </select>
        )}
      </Field>
      <label className="checkbox span-2">
        <input type="checkbox" checked={useApi} onChange={(ev) => setUseApi(ev.target.checked)} /> API access (Test connection, Provision, Check devices, and a fallback when a Disconnect gets no answer)
      </label>
      {useApi ? (
        <>
          <Field label="API host" error={e['api.host']} hint="Empty: the address above">
            {(p) => <input {...p} className="mono" value={host} onChange={(ev) => setHost(ev.target.value)} placeholder={ip} />}
          </Field>
          <Field label="API port" error={e['api.port']} hint="8728, or 8729 with TLS">
            {(p) => <input {...p} inputMode="numeric" value={apiPort} onChange={(ev) => setApiPort(ev.target.value)} />}
          </Field>
          <Field label="API user" error={e['api.user']}>
            {(p) => <input {...p} value={user} onChange={(ev) => setUser(ev.target.value)} autoComplete="off" />}
          </Field>
          <Field label="API password" error={e['api.password']} hint={router?.api?.hasPassword ? 'Leave empty to keep the stored one' : undefined}>
            {(p) => <input {...p} type="password" value={password} onChange={(ev) => setPassword(ev.target.value)} autoComplete="new-password" />}
          </Field>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={tls}
              onChange={(ev) => {
                setTls(ev.target.checked);
                if (apiPort === '8728' && ev.target.checked) setApiPort('8729');
                if (apiPort === '8729' && !ev.target.checked) setApiPort('8728');
              }}
            />{' '}
            TLS (api-ssl)
          </label>
        </>
      ) : null}
    </FormDialog>
  );
}
