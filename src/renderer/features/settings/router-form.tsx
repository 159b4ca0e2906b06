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
import { useT } from '../../i18n';

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
  const t = useT();

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
      const done = router ? (saved.api ? 'routers.form.savedApi' : 'routers.form.saved') : saved.api ? 'routers.form.addedApi' : 'routers.form.added';
      useUi.getState().toast('ok', t(done, { name: saved.name }));
      onClose();
    });

  const e = form.errors;
  return (
    <FormDialog title={router ? t('routers.form.editTitle', { name: router.name }) : t('routers.form.addTitle')} submit={router ? t('common.save') : t('routers.tab.add')} onClose={onClose} wide form={form} onSubmit={() => void save()}>
      <Field label={t('common.name')} error={e.name}>
        {(p) => <input {...p} value={name} onChange={(ev) => setName(ev.target.value)} placeholder={t('routers.form.namePlaceholder')} />}
      </Field>
      <Field label={t('routers.form.ip')} error={e.ip} hint={t('routers.form.ipHint')}>
        {(p) => <input {...p} className="mono" value={ip} onChange={(ev) => setIp(ev.target.value)} placeholder="192.168.88.1" />}
      </Field>
      <Field label={t('routers.form.secret')} error={e.secret} hint={t('routers.form.secretHint')}>
        {(p) => (
          <div className="quantity">
            <input {...p} className="mono" value={secret} onChange={(ev) => setSecret(ev.target.value)} autoComplete="off" />
            <Button kind="ghost" size="sm" onClick={() => setSecret(newSecret())}>
              {t('routers.form.newSecret')}
            </Button>
          </div>
        )}
      </Field>
      <Field label={t('routers.form.coaPort')} error={e.coaPort} hint={t('routers.form.coaPortHint')}>
        {(p) => <input {...p} inputMode="numeric" value={coaPort} onChange={(ev) => setCoaPort(ev.target.value)} />}
      </Field>
      <Field label={t('routers.form.messageAuth')} error={e.requireMessageAuthenticator} hint={t('routers.form.messageAuthHint')}>
        {(p) => (
          <select {...p} value={messageAuth} onChange={(ev) => setMessageAuth(ev.target.value as MessageAuth)}>
            <option value="auto">{t('routers.form.maAuto')}</option>
            <option value="yes">{t('routers.form.maYes')}</option>
            <option value="no">{t('routers.form.maNo')}</option>
          </select>
        )}
      </Field>
      <label className="checkbox span-2">
        <input type="checkbox" checked={useApi} onChange={(ev) => setUseApi(ev.target.checked)} /> {t('routers.form.useApi')}
      </label>
      {useApi ? (
        <>
          <Field label={t('routers.form.apiHost')} error={e['api.host']} hint={t('routers.form.apiHostHint')}>
            {(p) => <input {...p} className="mono" value={host} onChange={(ev) => setHost(ev.target.value)} placeholder={ip} />}
          </Field>
          <Field label={t('routers.form.apiPort')} error={e['api.port']} hint={t('routers.form.apiPortHint')}>
            {(p) => <input {...p} inputMode="numeric" value={apiPort} onChange={(ev) => setApiPort(ev.target.value)} />}
          </Field>
          <Field label={t('routers.form.apiUser')} error={e['api.user']}>
            {(p) => <input {...p} value={user} onChange={(ev) => setUser(ev.target.value)} autoComplete="off" />}
          </Field>
          <Field label={t('routers.form.apiPassword')} error={e['api.password']} hint={router?.api?.hasPassword ? t('routers.form.apiPasswordHint') : undefined}>
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
            {t('routers.form.tls')}
          </label>
        </>
      ) : null}
    </FormDialog>
  );
}
