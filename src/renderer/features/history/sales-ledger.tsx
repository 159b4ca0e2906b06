import { useState } from 'react';
import { useIntl } from 'react-intl';
import type { SaleView } from '../../../shared/domain';
import type { MoneyFormat } from '../../../shared/format';
import { Button } from '../../components/button';
import { Field, useForm } from '../../components/field';
import { FormDialog } from '../../components/form-dialog';
import { PagedView } from '../../components/loaded-view';
import { useReprint } from '../../components/reprint';
import { paidWith } from '../../components/payment-chips';
import { Empty } from '../../components/states';
import type { Cell } from '../../lib/csv';
import type { Range } from '../../lib/dates';
import { formatTime, localStamp, minorDigits, plainAmount, useMoney } from '../../lib/format';
import { usePaged, type Page } from '../../lib/use-paged';
import { api, isAdmin, useSignIn } from '../../stores/sign-in';
import { useData } from '../../stores/data';
import { useUi } from '../../stores/ui';
import { TableHead } from '../../components/table-head';
import { t as tNow, useT, type MessageId } from '../../i18n';
import './sales-ledger.css';

const PAGE = 200;

const kinds: Record<SaleView['kind'], MessageId> = { sale: 'history.kind.sale', topup: 'history.kind.topup', void: 'history.kind.void' };

/** One page of the sales ledger for a range and search. */
export function salesPage(range: Range, search: string) {
  return async (before: number | undefined): Promise<Page<SaleView>> => {
    const r = await api()['sales.list']({ ...range, ...(search ? { search } : {}), limit: PAGE, ...(before ? { before } : {}) });
    return { items: r.sales, nextBefore: r.nextBefore };
  };
}

/** The ledger as spreadsheet rows (amounts as plain decimals in the café's currency). */
export function salesCsv(sales: SaleView[], fmt: MoneyFormat): Cell[][] {
  const digits = minorDigits(fmt);
  const amount = (m: number) => plainAmount(m, digits);
  return [
    [
      tNow('history.kind.sale'),
      tNow('history.col.time'),
      tNow('history.col.kind'),
      tNow('history.col.voucher'),
      tNow('history.col.package'),
      tNow('history.csv.price', { currency: fmt.currency }),
      tNow('history.csv.paid'),
      tNow('history.csv.change'),
      tNow('history.col.payment'),
      tNow('history.csv.paymentRef'),
      tNow('history.col.operator'),
      tNow('history.csv.voidsSale'),
      tNow('history.csv.voidedBy'),
      tNow('history.csv.reason'),
    ],
    ...sales.map((s) => [s.id, localStamp(s.createdAt), tNow(kinds[s.kind]), s.voucherCode, s.packageName, amount(s.priceMinor), amount(s.paidMinor), amount(s.changeMinor), paidWith(s), s.paymentRef, s.operatorName, s.voidsSaleId, s.voidedBySaleId, s.reason]),
  ];
}

/** Sales, top-ups and voids, newest first: reprint a sale's or top-up's slip; an admin can void a sale. */
export function SalesLedger({ range, search, onShowSession }: { range: Range; search: string; onShowSession: (id: number) => void }) {
  const t = useT();
  const version = useData((s) => s.salesVersion);
  const admin = useSignIn(isAdmin);
  const money = useMoney();
  const [voiding, setVoiding] = useState<SaleView | null>(null);
  const slip = useReprint();
  const paged = usePaged(`${range.from}|${range.to}|${search}|${version}`, salesPage(range, search));

  return (
    <>
      <PagedView paged={paged} what={t('history.loadingSales')} empty={<Empty title={t('history.noSales')}>{search ? t('history.noMatch') : t('history.noSalesHint')}</Empty>}>
        {(items) => (
          <table className="plain-table ledger" aria-label={t('history.sales')}>
            <TableHead
              columns={['#', t('history.col.time'), t('history.col.kind'), t('history.col.voucher'), t('history.col.package'), `#${t('history.col.amount')}`, `#${t('history.col.paid')}`, t('history.col.payment'), t('history.col.operator'), t('history.col.note'), '']}
            />
            <tbody>
              {items.map((s) => (
                <tr key={s.id} className={s.kind === 'void' ? 'row-void' : s.voidedBySaleId ? 'row-voided' : undefined}>
                  <td className="mono">{s.id}</td>
                  <td>{formatTime(s.createdAt)}</td>
                  <td>{t(kinds[s.kind])}</td>
                  <td>
                    <button type="button" className="link mono" onClick={() => onShowSession(s.sessionId)}>
                      {s.voucherCode}
                    </button>
                  </td>
                  <td>{s.packageName}</td>
                  <td className="num">{money(s.priceMinor)}</td>
                  <td className="num">{s.kind === 'void' ? '' : money(s.paidMinor)}</td>
                  <td>
                    {paidWith(s)}
                    {s.paymentRef ? <div className="ledger-ref mono">{t('history.ref', { ref: s.paymentRef })}</div> : null}
                  </td>
                  <td>{s.operatorName}</td>
                  <td className="note">
                    {s.voidedBySaleId ? t('history.voidedBy', { id: s.voidedBySaleId }) : s.voidsSaleId ? t('history.voids', { id: s.voidsSaleId }) : ''}
                    {s.reason ? <span className="muted"> {s.reason}</span> : null}
                  </td>
                  <td>
                    {s.kind !== 'void' && !s.voidedBySaleId ? (
                      <div className="ledger-actions">
                        <Button kind="ghost" size="sm" busy={slip.busy === s.id} onClick={() => void slip.reprint(s.id)}>
                          {t('history.reprintSlip')}
                        </Button>
                        {admin ? (
                          <Button kind="ghost" size="sm" onClick={() => setVoiding(s)}>
                            {t('history.void')}
                          </Button>
                        ) : null}
                      </div>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PagedView>
      {voiding ? <VoidDialog sale={voiding} onClose={() => setVoiding(null)} /> : null}
      {slip.slip}
    </>
  );
}

/** Voids a sale: a reversing ledger row; the session loses what the sale granted (and ends if nothing is left). */
function VoidDialog({ sale, onClose }: { sale: SaleView; onClose: () => void }) {
  const t = useT();
  const intl = useIntl();
  const money = useMoney();
  const [reason, setReason] = useState('');
  const form = useForm();
  const submit = () =>
    form.submit(async () => {
      if (!reason.trim()) return form.set({ reason: t('history.giveReason') });
      const r = await api()['sales.void']({ saleId: sale.id, reason });
      const done: MessageId = r.session.state === 'TERMINATED' ? 'history.voidedEnded' : 'history.voidedReduced';
      useUi.getState().toast('ok', t(done, { id: sale.id, amount: money(sale.priceMinor), code: r.session.voucherCode }));
      onClose();
    });
  return (
    <FormDialog
      title={t('history.voidTitle', { id: sale.id })}
      onClose={onClose}
      submit={t('history.voidAmount', { amount: money(sale.priceMinor) })}
      kind="danger"
      cancel={t('history.keepIt')}
      form={form}
      onSubmit={() => void submit()}
      intro={
        <p>
          {intl.formatMessage(
            { id: (sale.kind === 'sale' ? 'history.voidIntroSale' : 'history.voidIntroTopup') satisfies MessageId },
            { packageName: sale.packageName, code: sale.voucherCode, amount: money(sale.priceMinor), operator: sale.operatorName, b: (chunks) => <b className="mono">{chunks}</b> },
          )}
        </p>
      }
    >
      <Field label={t('history.reason')} error={form.errors.reason}>
        {(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('history.reasonExample')} />}
      </Field>
    </FormDialog>
  );
}
