import { useEffect, useState, type ReactNode } from 'react';
import type { BatchDetail, BatchView } from '../../../shared/domain';
import { Button } from '../../components/button';
import { CardsPrintDialog, type CardPaper } from '../../components/cards-print-dialog';
import { PagedView } from '../../components/loaded-view';
import { Empty } from '../../components/states';
import { TableHead } from '../../components/table-head';
import { download, toCsv } from '../../lib/csv';
import { formatCount, formatTime, useMoney } from '../../lib/format';
import { reportError } from '../../lib/sync';
import { usePaged, type Page } from '../../lib/use-paged';
import { api } from '../../stores/sign-in';
import { useData } from '../../stores/data';
import { useUi } from '../../stores/ui';
import { useT } from '../../i18n';
import { batchCsv, batchCsvName } from './batch-csv';
import { BatchForm } from './batch-form';
import { VoidUnusedDialog } from './void-unused';
import './batches.css';

const PAGE = 100;

async function batchesPage(before: number | undefined): Promise<Page<BatchView>> {
  const r = await api()['batches.list']({ limit: PAGE, ...(before ? { before } : {}) });
  return { items: r.batches, nextBefore: r.nextBefore };
}

/** `value` once it has stopped changing for `ms` (a burst of sales reloads the list once). */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/** Counts up each time the till's window comes back to the front (the counts may have moved meanwhile). */
function useFocusCount(): number {
  const [n, setN] = useState(0);
  useEffect(() => {
    const back = () => {
      if (document.visibilityState === 'visible') setN((x) => x + 1);
    };
    window.addEventListener('focus', back);
    document.addEventListener('visibilitychange', back);
    return () => {
      window.removeEventListener('focus', back);
      document.removeEventListener('visibilitychange', back);
    };
  }, []);
  return n;
}

interface Printing {
  batch: BatchDetail;
  paper: CardPaper;
  intro?: ReactNode;
}

/**
 * Batches of voucher cards (admin): newest first with how many are in stock, used, expired
 * and voided and what they sold for; generate a batch, print its cards again (A4 or the
 * roll), export them, void the unused ones of a lost sheet. The counts follow the sales
 * and sessions as they happen.
 */
export function BatchesScreen() {
  const t = useT();
  const money = useMoney();
  // A card's first login is a sale; a used card ending leaves the live list: both move the counts.
  const salesVersion = useData((s) => s.salesVersion);
  const batchesVersion = useData((s) => s.batchesVersion);
  const endedVersion = useData((s) => s.endedVersion);
  const focus = useFocusCount();
  const [changes, setChanges] = useState(0);
  const key = useSettled(`${salesVersion}|${batchesVersion}|${endedVersion}|${focus}`, 400);
  const paged = usePaged(`${key}|${changes}`, batchesPage);
  const [creating, setCreating] = useState(false);
  const [printing, setPrinting] = useState<Printing | null>(null);
  const [voiding, setVoiding] = useState<BatchView | null>(null);
  const [loading, setLoading] = useState<{ id: number; what: 'print' | 'csv' } | null>(null);
  const changed = () => setChanges((n) => n + 1);

  const withDetail = async (b: BatchView, what: 'print' | 'csv', then: (detail: BatchDetail) => void) => {
    if (loading) return;
    setLoading({ id: b.id, what });
    try {
      then(await api()['batches.get']({ id: b.id }));
    } catch (err) {
      reportError(err);
    } finally {
      setLoading(null);
    }
  };
  const exportCsv = (b: BatchView) =>
    withDetail(b, 'csv', (detail) => {
      const name = batchCsvName(detail);
      download(name, toCsv(batchCsv(detail)));
      useUi.getState().toast('ok', t('batches.exported', { count: detail.cards.length, name }));
    });

  return (
    <div className="batches">
      <div className="toolbar batches-head">
        <div>
          <h2>{t('batches.title')}</h2>
          <div className="muted small">{t('batches.subtitle')}</div>
        </div>
        <Button kind="primary" size="lg" onClick={() => setCreating(true)}>
          {t('batches.newBatch')}
        </Button>
      </div>
      <PagedView paged={paged} what={t('batches.loading')} empty={<Empty title={t('batches.empty')}>{t('batches.emptyHint')}</Empty>}>
        {(items) => (
          <table className="plain-table batches-table" aria-label={t('batches.table')}>
            <TableHead
              columns={[
                t('batches.col.created'),
                t('batches.col.package'),
                `#${t('batches.col.cards')}`,
                `#${t('batches.col.inStock')}`,
                `#${t('batches.col.used')}`,
                `#${t('batches.col.expired')}`,
                `#${t('batches.col.voided')}`,
                `#${t('batches.col.valueSold')}`,
                '',
              ]}
            />
            <tbody>
              {items.map((b) => (
                <tr key={b.id} data-batch={b.id}>
                  <td>
                    {formatTime(b.createdAt)}
                    <div className="sub">
                      #{b.id} · {b.createdByName}
                    </div>
                  </td>
                  <td className="batch-package">
                    {b.packageName} <span className="muted">{money(b.priceMinor)}</span>
                    <div className="sub" title={b.label || undefined}>
                      {b.label || (b.prefix ? t('batches.codesPrefix', { prefix: b.prefix }) : ' ')}
                    </div>
                  </td>
                  <td className="num">{formatCount(b.count)}</td>
                  <td className="num batch-stock">{formatCount(b.counts.stock)}</td>
                  <td className="num">{formatCount(b.counts.used)}</td>
                  <td className="num">{formatCount(b.counts.expired)}</td>
                  <td className="num">{formatCount(b.counts.voided)}</td>
                  <td className="num">
                    {money(b.valueSoldMinor)}
                    <div className="sub">{b.soldWhen === 'first-use' ? t('batches.soldAtFirstUse') : t('batches.paidUpfront')}</div>
                  </td>
                  <td>
                    <div className="batch-actions">
                      <Button kind="ghost" size="sm" busy={loading?.id === b.id && loading.what === 'print'} onClick={() => void withDetail(b, 'print', (batch) => setPrinting({ batch, paper: 'a4' }))}>
                        {t('batches.printAgain')}
                      </Button>
                      <Button kind="ghost" size="sm" busy={loading?.id === b.id && loading.what === 'csv'} onClick={() => void exportCsv(b)}>
                        {t('batches.exportCsv')}
                      </Button>
                      <Button kind="ghost" size="sm" className="btn-end" disabled={b.counts.stock === 0} onClick={() => setVoiding(b)}>
                        {t('batches.voidUnused')}
                      </Button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </PagedView>
      {creating ? (
        <BatchForm
          onClose={() => setCreating(false)}
          onCreated={(batch) => {
            setCreating(false);
            changed();
            setPrinting({ batch, paper: 'a4', intro: <p className="batch-made">{t('batches.generated', { count: batch.count })}</p> });
          }}
        />
      ) : null}
      {printing ? <CardsPrintDialog batch={printing.batch} paper={printing.paper} intro={printing.intro} onClose={() => setPrinting(null)} /> : null}
      {voiding ? (
        <VoidUnusedDialog
          batch={voiding}
          onClose={() => setVoiding(null)}
          onDone={() => {
            setVoiding(null);
            changed();
          }}
        />
      ) : null}
    </div>
  );
}
