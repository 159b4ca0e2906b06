import { useState } from 'react';
import { useIntl } from 'react-intl';
import type { BatchView } from '../../../shared/domain';
import { Field, useForm } from '../../components/field';
import { FormDialog } from '../../components/form-dialog';
import { api } from '../../stores/sign-in';
import { useUi } from '../../stores/ui';
import { useT, type MessageId } from '../../i18n';

/** Voids a batch's unused cards (a lost or stolen sheet): they are refused at login from then on; used cards keep working. */
export function VoidUnusedDialog({ batch, onClose, onDone }: { batch: BatchView; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const intl = useIntl();
  const [reason, setReason] = useState('');
  const form = useForm();
  const unused = batch.counts.stock;
  const intro: MessageId = batch.label ? 'batches.voidUnused.introLabel' : 'batches.voidUnused.intro';
  const submit = () =>
    form.submit(async () => {
      if (!reason.trim()) return form.set({ reason: t('batches.voidUnused.giveReason') });
      const r = await api()['batches.voidUnused']({ id: batch.id, reason });
      useUi.getState().toast('ok', t('batches.voidUnused.done', { count: r.voided, id: batch.id }));
      onDone();
    });
  return (
    <FormDialog
      title={t('batches.voidUnused.title', { id: batch.id })}
      onClose={onClose}
      submit={t('batches.voidUnused.submit', { count: unused })}
      kind="danger"
      cancel={t('batches.voidUnused.keep')}
      form={form}
      onSubmit={() => void submit()}
      intro={
        <p>
          {intl.formatMessage({ id: intro }, { count: unused, packageName: batch.packageName, label: batch.label, b: (chunks) => <b>{chunks}</b> })}
          {batch.counts.used > 0 ? ` ${t('batches.voidUnused.usedKeepWorking', { count: batch.counts.used })}` : ''}
        </p>
      }
    >
      <Field label={t('batches.voidUnused.reason')} error={form.errors.reason}>
        {(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('batches.voidUnused.reasonExample')} autoFocus />}
      </Field>
    </FormDialog>
  );
}
