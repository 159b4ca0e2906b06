import { useDeferredValue, useState } from 'react';
import { Button } from '../../components/button';
import { RangePicker, initialChoice, resolveRange, type RangeChoice } from '../../components/range-picker';
import { SessionDetails } from '../../components/session-details';
import { tabPanelId, Tabs } from '../../components/tabs';
import { download, toCsv } from '../../lib/csv';
import { toDateInput } from '../../lib/dates';
import { reportError } from '../../lib/sync';
import { fetchAll } from '../../lib/use-paged';
import { useMoneyFormat } from '../../lib/format';
import { useMinute } from '../../stores/clock';
import { useUi } from '../../stores/ui';
import { useT } from '../../i18n';
import { EndedSessions, endedPage, endedSessionsCsv } from './ended-sessions';
import { SalesLedger, salesCsv, salesPage } from './sales-ledger';

type Tab = 'sales' | 'sessions';

/** What was sold and what ended, by day: search, void a sale (admin), export to a spreadsheet. */
export function HistoryScreen() {
  const t = useT();
  const [tab, setTab] = useState<Tab>('sales');
  const [choice, setChoice] = useState<RangeChoice>(() => initialChoice('today'));
  const [search, setSearch] = useState('');
  const q = useDeferredValue(search.trim());
  const [showing, setShowing] = useState<number | null>(null);
  const [exporting, setExporting] = useState(false);
  const fmt = useMoneyFormat();
  const now = useMinute();
  const resolved = resolveRange(choice, now, null);
  const range = 'error' in resolved ? null : resolved;

  const exportCsv = async () => {
    if (!range) return;
    setExporting(true);
    try {
      const name = `${tab === 'sales' ? 'sales' : 'ended-sessions'}-${toDateInput(range.from)}-to-${toDateInput(range.to - 1)}.csv`;
      const rows = tab === 'sales' ? salesCsv(await fetchAll(salesPage(range, q)), fmt) : endedSessionsCsv(await fetchAll(endedPage(range, q)));
      download(name, toCsv(rows));
      useUi.getState().toast('ok', t('history.exported', { count: rows.length - 1, name }));
    } catch (err) {
      reportError(err);
    } finally {
      setExporting(false);
    }
  };

  return (
    <div className="history">
      <div className="toolbar">
        <Tabs
          id="history"
          label={t('history.title')}
          value={tab}
          onChange={setTab}
          tabs={[
            { id: 'sales', label: t('history.sales') },
            { id: 'sessions', label: t('history.endedSessions') },
          ]}
        />
        <RangePicker value={choice} onChange={setChoice} presets={['today', 'yesterday', 'week', 'custom']} error={'error' in resolved ? resolved : null} />
        <input className="search" type="search" placeholder={tab === 'sales' ? t('history.searchSales') : t('history.searchSessions')} aria-label={t('history.search')} value={search} onChange={(e) => setSearch(e.target.value)} />
        <Button kind="plain" busy={exporting} disabled={!range} onClick={() => void exportCsv()}>
          {t('history.exportCsv')}
        </Button>
      </div>
      <div className="history-body" role="tabpanel" id={tabPanelId('history')} aria-label={tab === 'sales' ? t('history.sales') : t('history.endedSessions')}>
        {range ? tab === 'sales' ? <SalesLedger range={range} search={q} onShowSession={setShowing} /> : <EndedSessions range={range} search={q} onShow={setShowing} /> : null}
      </div>
      {showing !== null ? <SessionDetails id={showing} onClose={() => setShowing(null)} /> : null}
    </div>
  );
}
