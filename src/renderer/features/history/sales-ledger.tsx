import { useState } from 'react';
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
import './sales-ledger.css';

const PAGE = 200;

const kinds: Record<SaleView['kind'], string> = { sale: 'Sale', topup: 'Top-up', void: 'Void' };

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
    ['Sale', 'Time', 'Kind', 'Voucher', 'Package', `Price (${fmt.currency})`, 'Paid', 'Change', 'Payment', 'Payment ref', 'Operator', 'Voids sale', 'Voided by', 'Reason'],
    ...sales.map((s) => [s.id, localStamp(s.createdAt), kinds[s.kind], s.voucherCode, s.packageName, amount(s.priceMinor), amount(s.paidMinor), amount(s.changeMinor), paidWith(s), s.paymentRef, s.operatorName, s.voidsSaleId, s.voidedBySaleId, s.reason]),
  ];
}

/** Sales, top-ups and voids, newest first: reprint a sale's or top-up's slip; an admin can void a sale. */
export function SalesLedger({ range, search, onShowSession }: { range: Range; search: string; onShowSession: (id: number) => void }) {
  const version = useData((s) => s.salesVersion);
  const admin = useSignIn(isAdmin);
  const money = useMoney();
  const [voiding, setVoiding] = useState<SaleView | null>(null);
  const slip = useReprint();
  const paged = usePaged(`${range.from}|${range.to}|${search}|${version}`, salesPage(range, search));

  return (
    <>
      <PagedView paged={paged} what="sales" empty={<Empty title="No sales in this period">{search ? 'Nothing matches the search.' : 'Pick another day, or sell something.'}</Empty>}>
        {(items) => (
          <table className="plain-table ledger" aria-label="Sales">
            <TableHead columns={['#', 'Time', 'Kind', 'Voucher', 'Package', '#Amount', '#Paid', 'Payment', 'Operator', 'Note', '']} />
            <tbody>
              {items.map((s) => (
                <tr key={s.id} className={s.kind === 'void' ? 'row-void' : s.voidedBySaleId ? 'row-voided' : undefined}>
                  <td className="mono">{s.id}</td>
                  <td>{formatTime(s.createdAt)}</td>
                  <td>{kinds[s.kind]}</td>
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
                    {s.paymentRef ? <div className="ledger-ref mono">Ref {s.paymentRef}</div> : null}
                  </td>
                  <td>{s.operatorName}</td>
                  <td className="note">
                    {s.voidedBySaleId ? `voided by #${s.voidedBySaleId}` : s.voidsSaleId ? `voids #${s.voidsSaleId}` : ''}
                    {s.reason ? <span className="muted"> {s.reason}</span> : null}
                  </td>
                  <td>
                    {s.kind !== 'void' && !s.voidedBySaleId ? (
                      <div className="ledger-actions">
                        <Button kind="ghost" size="sm" busy={slip.busy === s.id} onClick={() => void slip.reprint(s.id)}>
                          Reprint slip
                        </Button>
                        {admin ? (
                          <Button kind="ghost" size="sm" onClick={() => setVoiding(s)}>
                            Void
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
  const money = useMoney();
  const [reason, setReason] = useState('');
  const form = useForm();
  const submit = () =>
    form.submit(async () => {
      if (!reason.trim()) return form.set({ reason: 'Give a reason' });
      const r = await api()['sales.void']({ saleId: sale.id, reason });
      useUi.getState().toast('ok', `Voided sale #${sale.id} (${money(sale.priceMinor)}); voucher ${r.session.voucherCode} is ${r.session.state === 'TERMINATED' ? 'ended' : 'reduced'}`);
      onClose();
    });
  return (
    <FormDialog
      title={`Void sale #${sale.id}?`}
      onClose={onClose}
      submit={`Void ${money(sale.priceMinor)}`}
      kind="danger"
      cancel="Keep it"
      form={form}
      onSubmit={() => void submit()}
      intro={
        <p>
          {kinds[sale.kind]} of {sale.packageName} to voucher <b className="mono">{sale.voucherCode}</b>, {money(sale.priceMinor)} by {sale.operatorName}. A reversing entry is added to the ledger; the voucher loses what this sale gave
          {sale.kind === 'sale' ? ' and stops working' : ''}.
        </p>
      }
    >
      <Field label="Reason" error={form.errors.reason}>
        {(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. sold the wrong package" />}
      </Field>
    </FormDialog>
  );
}
