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

/** Who works the counter: add people, change roles and PINs, deactivate who left (their sales stay theirs). */
export function OperatorsTab() {
  const version = useData((s) => s.operatorsVersion);
  const me = useSignIn((s) => s.operator?.id);
  const loaded = useLoaded(version, () => api()['operators.list']({}));
  const [editing, setEditing] = useState<OperatorView | 'new' | null>(null);

  const setActive = (o: OperatorView, active: boolean) =>
    act(
      () => api()['operators.update']({ id: o.id, active }),
      () => (active ? `${o.name} can sign in again` : `${o.name} can no longer sign in`),
    );

  return (
    <section>
      <div className="section-head">
        <h2>Operators</h2>
        <Button kind="primary" onClick={() => setEditing('new')}>
          Add operator
        </Button>
      </div>
      <LoadedView loaded={loaded} what="operators">
        {(list) => (
          <table className="plain-table" aria-label="Operators">
            <TableHead columns={['Name', 'Role', 'Since', '']} />
            <tbody>
              {list.map((o) => (
                <tr key={o.id} className={o.active ? undefined : 'row-retired'}>
                  <td>
                    {o.name} {o.id === me ? <span className="tag">you</span> : null} {o.active ? null : <span className="tag">deactivated</span>}
                  </td>
                  <td>{o.role === 'admin' ? 'Admin' : 'Cashier'}</td>
                  <td>{formatTime(o.createdAt)}</td>
                  <RowActions
                    actions={[
                      { label: 'Edit', onClick: () => setEditing(o) },
                      { label: o.active ? 'Deactivate' : 'Reactivate', onClick: () => void setActive(o, !o.active) },
                    ]}
                  />
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </LoadedView>
      <p className="muted">Cashiers sell, top up and end sessions. Admins also change settings, void sales and manage operators.</p>
      {editing ? <OperatorForm operator={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
    </section>
  );
}

function OperatorForm({ operator, onClose }: { operator: OperatorView | null; onClose: () => void }) {
  const [name, setName] = useState(operator?.name ?? '');
  const [role, setRole] = useState<Role>(operator?.role ?? 'cashier');
  const [pin, setPin] = useState('');
  const form = useForm();
  const save = () =>
    form.submit(async () => {
      const saved = operator ? await api()['operators.update']({ id: operator.id, name, role, ...(pin ? { pin } : {}) }) : await api()['operators.create']({ name, role, pin });
      useUi.getState().toast('ok', `${operator ? 'Saved' : 'Added'} ${saved.name}`);
      onClose();
    });
  return (
    <FormDialog title={operator ? `Edit ${operator.name}` : 'Add an operator'} onClose={onClose} submit={operator ? 'Save' : 'Add operator'} form={form} onSubmit={() => void save()}>
      <Field label="Name" error={form.errors.name}>
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />}
      </Field>
      <Field label="Role" error={form.errors.role}>
        {(p) => (
          <select {...p} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <option value="cashier">Cashier: sells, tops up, ends sessions</option>
            <option value="admin">Admin: also settings, voids, operators</option>
          </select>
        )}
      </Field>
      <Field label={operator ? 'New PIN' : 'PIN'} error={form.errors.pin} hint={operator ? 'Leave empty to keep the current PIN' : '4 to 8 digits'}>
        {(p) => <input {...p} type="password" inputMode="numeric" value={pin} onChange={(e) => setPin(e.target.value)} autoComplete="new-password" />}
      </Field>
    </FormDialog>
  );
}
