import type { SaleView } from '../../../shared/domain';
import { Button } from '../../components/button';
import { paidWith } from '../../components/payment-chips';
import { Empty, Failed, Loading } from '../../components/states';
import { useT } from '../../i18n';
import { formatTime, useMoney } from '../../lib/format';
import { usePaged } from '../../lib/use-paged';
import { useData } from '../../stores/data';
import { api } from '../../stores/sign-in';

const PAGE = 50;

/** The sales ledger, newest first, as compact rows: time, package, amount, who sold it (or which self-service source); voids marked. */
export function OwnerHistory() {
  const t = useT();
  const version = useData((s) => s.salesVersion);
  const paged = usePaged(String(version), async (before) => {
    const r = await api()['sales.list']({ limit: PAGE, ...(before ? { before } : {}) });
    return { items: r.sales, nextBefore: r.nextBefore };
  });
  if (paged.error && !paged.items) return <Failed message={paged.error} retry={paged.reload} />;
  if (!paged.items) return <Loading what={t('owner.history.what')} />;
  if (paged.items.length === 0) return <Empty title={t('owner.history.empty')}>{t('owner.history.emptyHint')}</Empty>;
  return (
    <div className="owner-page">
      <ul className="owner-list" aria-label={t('owner.history.label')}>
        {paged.items.map((s) => (
          <SaleRow key={s.id} sale={s} />
        ))}
      </ul>
      {paged.hasMore ? (
        <Button kind="plain" className="owner-more" busy={paged.loading} onClick={paged.more}>
          {t('owner.history.older')}
        </Button>
      ) : null}
    </div>
  );
}

function SaleRow({ sale: s }: { sale: SaleView }) {
  const t = useT();
  const money = useMoney();
  const voided = s.voidedBySaleId !== null;
  const kind = s.kind === 'void' ? t('owner.history.kindVoid') : s.kind === 'topup' ? t('owner.history.kindTopup') : t('owner.history.kindSale');
  return (
    <li className={`owner-item owner-sale${s.kind === 'void' ? ' owner-sale-void' : ''}${voided ? ' owner-sale-voided' : ''}`}>
      <div className="owner-line">
        <span className="owner-item-title">{s.packageName}</span>
        <span className="owner-amount">{money(s.priceMinor)}</span>
      </div>
      <div className="owner-line owner-sub">
        <span>
          <time dateTime={new Date(s.createdAt).toISOString()}>{formatTime(s.createdAt)}</time>
          {' · '}
          {kind}
          {s.kind === 'void' ? null : (
            <>
              {' · '}
              {paidWith(s)}
            </>
          )}
        </span>
        <span className="mono">{s.voucherCode}</span>
      </div>
      <div className="owner-line owner-sub">
        <span className="owner-by">{s.operatorName}</span>
        {voided ? <span className="owner-flag">{t('owner.history.voided')}</span> : null}
      </div>
      {s.kind === 'void' && s.reason ? <div className="owner-sub owner-reason">{s.reason}</div> : null}
    </li>
  );
}
