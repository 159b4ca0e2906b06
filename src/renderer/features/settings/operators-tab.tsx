import { useState } from 'react';
import type { OperatorView, Role } from '../../../shared/domain';
import { Button } from '../../components/button';
import { Field, useForm } from '../../components/field';
import { FormDialog } from '../../components/form-dialog';
import { LoadedView } from '../../components/loaded-view';
import { RowActions } from '../../components/row-actions';
import { formatTime } from '../../lib/format';
import { act } from '../../lib/sync';
import { useLoaded } from '../../lib/use-loaded';
import { api, useSignIn } from '../../stores/sign-in';
import { useData } from '../../stores/data';
import { useUi } from '../../stores/ui';
import { TableHead } from '../../components/table-head';
import { useT, type MessageId } from '../../i18n';

/** Each role's name in the operators table. */
const roleNames: Record<Role, MessageId> = {
  admin: 'settings.operators.roleAdmin',
  cashier: 'settings.operators.roleCashier',
  owner: 'settings.operators.roleOwner',
};

/** Who works the counter: add people, change roles and PINs, deactivate who left (their sales stay theirs). */
export function OperatorsTab() {
  const t = useT();
  const version = useData((s) => s.operatorsVersion);
  const me = useSignIn((s) => s.operator?.id);
  const loaded = useLoaded(version, () => api()['operators.list']({}));
  const [editing, setEditing] = useState<OperatorView | 'new' | null>(null);

  const setActive = (o: OperatorView, active: boolean) =>
    act(
      () => api()['operators.update']({ id: o.id, active }),
      () => t(active ? 'settings.operators.canSignIn' : 'settings.operators.cannotSignIn', { name: o.name }),
    );

  return (
    <section>
      <div className="section-head">
        <h2>{t('settings.operators.title')}</h2>
        <Button kind="primary" onClick={() => setEditing('new')}>
          {t('settings.operators.add')}
        </Button>
      </div>
      <LoadedView loaded={loaded} what={t('settings.what.operators')}>
        {(list) => (
          <table className="plain-table" aria-label={t('settings.operators.title')}>
            <TableHead columns={[t('common.name'), t('settings.operators.role'), t('settings.operators.since'), '']} />
            <tbody>
              {list.map((o) => (
                <tr key={o.id} className={o.active ? undefined : 'row-retired'}>
                  <td>
                    {o.name} {o.id === me ? <span className="tag">{t('settings.operators.you')}</span> : null} {o.active ? null : <span className="tag">{t('settings.operators.deactivated')}</span>}
                  </td>
                  <td>{t(roleNames[o.role])}</td>
                  <td>{formatTime(o.createdAt)}</td>
                  <RowActions
                    actions={[
                      { label: t('common.edit'), onClick: () => setEditing(o) },
                      { label: t(o.active ? 'settings.operators.deactivate' : 'settings.operators.reactivate'), onClick: () => void setActive(o, !o.active) },
                    ]}
                  />
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </LoadedView>
      <p className="muted">{t('settings.operators.rolesNote')}</p>
      {editing ? <OperatorForm operator={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
    </section>
  );
}

function OperatorForm({ operator, onClose }: { operator: OperatorView | null; onClose: () => void }) {
  const t = useT();
  const [name, setName] = useState(operator?.name ?? '');
  const [role, setRole] = useState<Role>(operator?.role ?? 'cashier');
  const [pin, setPin] = useState('');
  const form = useForm();
  const save = () =>
    form.submit(async () => {
      const saved = operator ? await api()['operators.update']({ id: operator.id, name, role, ...(pin ? { pin } : {}) }) : await api()['operators.create']({ name, role, pin });
      useUi.getState().toast('ok', t(operator ? 'settings.savedName' : 'settings.addedName', { name: saved.name }));
      onClose();
    });
  return (
    <FormDialog title={operator ? t('settings.editName', { name: operator.name }) : t('settings.operators.addTitle')} onClose={onClose} submit={operator ? t('common.save') : t('settings.operators.add')} form={form} onSubmit={() => void save()}>
      <Field label={t('common.name')} error={form.errors.name}>
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />}
      </Field>
      <Field label={t('settings.operators.role')} error={form.errors.role} hint={role === 'owner' ? t('settings.operators.ownerHint') : undefined}>
        {(p) => (
          <select {...p} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <option value="cashier">{t('settings.operators.cashierOption')}</option>
            <option value="admin">{t('settings.operators.adminOption')}</option>
            <option value="owner">{t('settings.operators.ownerOption')}</option>
          </select>
        )}
      </Field>
      <Field label={t(operator ? 'settings.operators.newPin' : 'settings.operators.pin')} error={form.errors.pin} hint={t(operator ? 'settings.operators.keepPin' : 'settings.operators.pinDigits')}>
        {(p) => <input {...p} type="password" inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value)} autoComplete="new-password" />}
      </Field>
    </FormDialog>
  );
}
