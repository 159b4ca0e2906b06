/**
 * Payments a coin slot or e-wallet took that the app refused (no sale was made), settled at
 * the counter: "Sell it now" makes the sale the payment would have made (the slot's takings,
 * never the drawer) and shows its slip; "Refunded" records that the customer got the money
 * back (from the coin box or the e-wallet, not the drawer). Both are the core's audited calls.
 */
import { useState } from 'react';
import type { MethodOutput } from '../../../shared/contract';
import type { RefusedPaymentView } from '../../../shared/domain';
import { Button } from '../../components/button';
import { Dialog } from '../../components/dialog';
import { Field, useForm } from '../../components/field';
import { FormDialog } from '../../components/form-dialog';
import { LoadedView } from '../../components/loaded-view';
import { SlipDialog } from '../../components/slip-dialog';
import { Empty } from '../../components/states';
import { TableHead } from '../../components/table-head';
import { useReprint } from '../../components/reprint';
import { formatTime, useMoney } from '../../lib/format';
import { useLoaded } from '../../lib/use-loaded';
import { useData } from '../../stores/data';
import { api } from '../../stores/sign-in';
import { useUi } from '../../stores/ui';
import { useT } from '../../i18n';

type Sold = MethodOutput<'paymentSources.sellRefused'>;
const keyOf = (p: RefusedPaymentView) => ({ sourceId: p.sourceId, eventId: p.eventId, paymentSha256: p.paymentSha256 });

/** The refused payments of a report's period: still to settle first (oldest first), then the settled ones (`openOnly`: not those). */
export function RefusedPaymentsDialog({ range, openOnly = false, onClose }: { range: { from: number; to: number }; openOnly?: boolean; onClose: () => void }) {
  const t = useT();
  const money = useMoney();
  // A payment settled (here or on another till) or refused again is announced as a change of its source.
  const version = useData((s) => s.paymentSourcesVersion);
  // The range as it was when opened: a clock tick must not reload the list under the cashier's finger.
  const [asked] = useState(range);
  const loaded = useLoaded(`${version}`, () => api()['paymentSources.refused']({ ...asked, openOnly }));
  const [selling, setSelling] = useState<RefusedPaymentView | null>(null);
  const [refunding, setRefunding] = useState<RefusedPaymentView | null>(null);
  const [sold, setSold] = useState<Sold | null>(null);
  const { reprint, busy, slip } = useReprint();
  return (
    <Dialog title={t('reports.settle.title')} onClose={onClose} wide footer={<Button onClick={onClose}>{t('reports.settle.close')}</Button>}>
      <p className="muted">{t('reports.settle.intro')}</p>
      <LoadedView loaded={loaded} what={t('reports.settle.loading')}>
        {({ payments }) =>
          payments.length === 0 ? (
            <Empty title={t(openOnly ? 'reports.settle.noneOpen' : 'reports.settle.none')}>{t('reports.settle.noneHint')}</Empty>
          ) : (
            <div className="scroll-table refused-table">
              <table className="plain-table" aria-label={t('reports.settle.title')}>
                <TableHead columns={[t('reports.settle.when'), t('reports.settle.device'), `#${t('reports.settle.paid')}`, t('reports.settle.why'), '']} />
                <tbody>
                  {payments.map((p) => (
                    <tr key={`${p.sourceId}/${p.eventId}/${p.paymentSha256}`} className={p.settled ? 'refused-settled' : undefined}>
                      <td>
                        {formatTime(p.receivedAt)}
                        <div className="muted">{p.sourceName}</div>
                      </td>
                      <td>
                        <span className="mono">{p.mac}</span>
                        {p.reference ? <div className="muted">{p.reference}</div> : null}
                      </td>
                      <td className="num">
                        {money(p.amountMinor)}
                        {p.packageName ? <div className="muted">{p.packageName}</div> : null}
                      </td>
                      <td className="refused-why">
                        {p.reason.replace(/^\d{3}: /, '')}
                        {p.tries > 1 ? <div className="muted">{t('reports.settle.tries', { count: p.tries })}</div> : null}
                      </td>
                      {p.settled ? (
                        <td className="refused-outcome">
                          {p.settled === 'sold'
                            ? t('reports.settle.soldBy', { name: p.settledByName ?? '?', time: formatTime(p.settledAt ?? 0), voucher: p.voucherCode ?? '' })
                            : t('reports.settle.refundedBy', { name: p.settledByName ?? '?', time: formatTime(p.settledAt ?? 0) })}
                          {p.settledNote ? <div className="muted">{p.settledNote}</div> : null}
                          {p.saleId !== null ? (
                            <div>
                              <Button kind="ghost" size="sm" busy={busy === p.saleId} onClick={() => void reprint(p.saleId!)}>
                                {t('reports.settle.reprint')}
                              </Button>
                            </div>
                          ) : null}
                        </td>
                      ) : (
                        <td className="row-actions">
                          <div>
                            <Button kind="primary" size="sm" onClick={() => setSelling(p)}>
                              {t('reports.settle.sell')}
                            </Button>
                            <Button kind="ghost" size="sm" onClick={() => setRefunding(p)}>
                              {t('reports.settle.refund')}
                            </Button>
                          </div>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </LoadedView>
      {selling ? (
        <SellRefusedDialog
          payment={selling}
          onClose={() => setSelling(null)}
          onSold={(s) => {
            setSelling(null);
            setSold(s);
            loaded.reload();
          }}
        />
      ) : null}
      {refunding ? (
        <RefundDialog
          payment={refunding}
          onClose={() => setRefunding(null)}
          onDone={() => {
            setRefunding(null);
            loaded.reload();
          }}
        />
      ) : null}
      {sold ? <SlipDialog sale={sold.sale} session={sold.session} print onClose={() => setSold(null)} /> : null}
      {slip}
    </Dialog>
  );
}

/** "Sell it now": the package the payment named (or its slot's default) unless the cashier picks another the amount buys. */
function SellRefusedDialog({ payment: p, onClose, onSold }: { payment: RefusedPaymentView; onClose: () => void; onSold: (s: Sold) => void }) {
  const t = useT();
  const money = useMoney();
  const packages = useData((s) => s.packages).filter((k) => k.active);
  // What the core sells by default: the package the payment named while it can be sold, else the slot's default.
  const asPaid = packages.find((k) => k.id === p.packageId);
  const form = useForm();
  const [packageId, setPackageId] = useState('');
  const submit = () =>
    form.submit(async () => {
      const s = await api()['paymentSources.sellRefused']({ ...keyOf(p), ...(packageId ? { packageId: Number(packageId) } : {}) });
      useUi.getState().toast('ok', t(s.outcome === 'topup' ? 'reports.settle.toppedUp' : 'reports.settle.soldDone', { voucher: s.session.voucherCode, mac: p.mac }));
      onSold(s);
    });
  return (
    <FormDialog
      title={t('reports.settle.sellTitle', { amount: money(p.amountMinor) })}
      onClose={onClose}
      submit={t('reports.settle.sellSubmit')}
      form={form}
      onSubmit={() => void submit()}
      intro={<p>{t('reports.settle.sellIntro', { amount: money(p.amountMinor), source: p.sourceName, mac: p.mac })}</p>}
    >
      <Field label={t('reports.settle.package')} error={form.errors.packageId ?? form.errors.amountMinor}>
        {(f) => (
          <select
            {...f}
            value={packageId}
            onChange={(e) => setPackageId(e.target.value)}
            // Enter sells, as in a text field (a select does not submit its form by itself).
            onKeyDown={(e) => {
              if (e.key !== 'Enter') return;
              e.preventDefault();
              void submit();
            }}
            autoFocus
          >
            <option value="">{asPaid ? t('reports.settle.asPaid', { name: asPaid.name }) : t('reports.settle.slotDefault')}</option>
            {packages.map((k) => (
              <option key={k.id} value={k.id}>
                {k.name}
              </option>
            ))}
          </select>
        )}
      </Field>
    </FormDialog>
  );
}

/** "Refunded": the customer got the money back; a short note says how. */
function RefundDialog({ payment: p, onClose, onDone }: { payment: RefusedPaymentView; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const money = useMoney();
  const form = useForm();
  const [note, setNote] = useState('');
  const submit = () =>
    form.submit(async () => {
      await api()['paymentSources.refund']({ ...keyOf(p), note });
      useUi.getState().toast('ok', t('reports.settle.refundDone', { amount: money(p.amountMinor) }));
      onDone();
    });
  return (
    <FormDialog
      title={t('reports.settle.refundTitle', { amount: money(p.amountMinor) })}
      onClose={onClose}
      submit={t('reports.settle.refundSubmit')}
      kind="danger"
      cancel={t('reports.settle.keepOpen')}
      form={form}
      onSubmit={() => void submit()}
      intro={<p>{t('reports.settle.refundIntro', { amount: money(p.amountMinor), source: p.sourceName })}</p>}
    >
      <Field label={t('reports.settle.note')} error={form.errors.note}>
        {(f) => <input {...f} value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} placeholder={t('reports.settle.noteExample')} autoFocus />}
      </Field>
    </FormDialog>
  );
}
