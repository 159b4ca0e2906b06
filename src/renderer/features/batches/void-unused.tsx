import { useState } from 'react';
import type { BatchView } from '../../../shared/domain';
import { Field, useForm } from '../../components/field';
import { FormDialog } from '../../components/form-dialog';
import { api } from '../../stores/sign-in';
import { useUi } from '../../stores/ui';

/** Voids a batch's unused cards (a lost or stolen sheet): they are refused at login from then on; used cards keep working. */
export function VoidUnusedDialog({ batch, onClose, onDone }: { batch: BatchView; onClose: () => void; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const form = useForm();
  const unused = batch.counts.stock;
  const cards = (n: number) => `${n.toLocaleString()} card${n === 1 ? '' : 's'}`;
  const submit = () =>
    form.submit(async () => {
      if (!reason.trim()) return form.set({ reason: 'Give a reason' });
      const r = await api()['batches.voidUnused']({ id: batch.id, reason });
      useUi.getState().toast('ok', `Voided ${cards(r.voided)} of batch #${batch.id}: they are refused at login`);
      onDone();
    });
  return (
    <FormDialog
      title={`Void the unused cards of batch #${batch.id}?`}
      onClose={onClose}
      submit={`Void ${cards(unused)}`}
      kind="danger"
      cancel="Keep them"
      form={form}
      onSubmit={() => void submit()}
      intro={
        <p>
          <b>{cards(unused)}</b> of {batch.packageName}
          {batch.label ? ` (${batch.label})` : ''} not used yet will be voided: nobody can log in with them any more. This cannot be undone.
          {batch.counts.used > 0 ? ` The ${cards(batch.counts.used)} already used keep working.` : ''}
        </p>
      }
    >
      <Field label="Reason" error={form.errors.reason}>
        {(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. the sheet was lost" autoFocus />}
      </Field>
    </FormDialog>
  );
}
