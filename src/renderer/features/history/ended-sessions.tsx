import type { SessionView } from '../../../shared/domain';
import { formatBytes, formatDuration } from '../../../shared/format';
import { PagedView } from '../../components/loaded-view';
import { Empty } from '../../components/states';
import { StatePill } from '../../components/state-pill';
import type { Cell } from '../../lib/csv';
import type { Range } from '../../lib/dates';
import { formatTime, localStamp } from '../../lib/format';
import { usePaged, type Page } from '../../lib/use-paged';
import { api } from '../../stores/sign-in';
import { useData } from '../../stores/data';
import { TableHead } from '../../components/table-head';
import { t as tNow, useT } from '../../i18n';

const PAGE = 200;

/** One page of sessions that ended in a range. */
export function endedPage(range: Range, search: string) {
  return async (before: number | undefined): Promise<Page<SessionView>> => {
    const r = await api()['sessions.list']({ scope: 'ended', ...range, ...(search ? { search } : {}), limit: PAGE, ...(before ? { before } : {}) });
    return { items: r.sessions, nextBefore: r.nextBefore };
  };
}

/** Ended sessions as spreadsheet rows. */
export function endedSessionsCsv(sessions: SessionView[]): Cell[][] {
  return [
    [
      tNow('history.csv.session'),
      tNow('history.col.voucher'),
      tNow('history.col.package'),
      tNow('history.col.state'),
      tNow('history.col.sold'),
      tNow('history.csv.firstLogin'),
      tNow('history.col.ended'),
      tNow('history.csv.reason'),
      tNow('history.csv.bytesDownloaded'),
      tNow('history.csv.bytesUploaded'),
      tNow('history.csv.secondsOnline'),
      tNow('history.csv.pcUser'),
    ],
    ...sessions.map((s) => [s.id, s.voucherCode, s.packageName, s.state, localStamp(s.createdAt), s.firstLoginAt ? localStamp(s.firstLoginAt) : null, s.endedAt ? localStamp(s.endedAt) : null, s.endReason, s.bytesOut, s.bytesIn, s.timeUsedS, s.pcUser]),
  ];
}

/** Sessions that ran out or were ended, newest first. */
export function EndedSessions({ range, search, onShow }: { range: Range; search: string; onShow: (id: number) => void }) {
  const t = useT();
  const version = useData((s) => s.endedVersion);
  const paged = usePaged(`${range.from}|${range.to}|${search}|${version}`, endedPage(range, search));
  return (
    <PagedView paged={paged} what={t('history.loadingEnded')} empty={<Empty title={t('history.noneEnded')}>{search ? t('history.noMatch') : t('history.pickAnotherDay')}</Empty>}>
      {(items) => (
        <table className="plain-table" aria-label={t('history.endedSessions')}>
          <TableHead columns={[t('history.col.voucher'), t('history.col.package'), t('history.col.state'), `#${t('history.col.data')}`, `#${t('history.col.online')}`, t('history.col.sold'), t('history.col.ended'), t('history.col.why')]} />
          <tbody>
            {items.map((s) => (
              <tr key={s.id}>
                <td>
                  <button type="button" className="link mono" onClick={() => onShow(s.id)}>
                    {s.voucherCode}
                  </button>
                  {s.sourceName !== null ? (
                    <div>
                      <span className="tag tag-source">{t('history.selfService', { name: s.sourceName })}</span>
                    </div>
                  ) : null}
                </td>
                <td>{s.packageName}</td>
                <td>
                  <StatePill state={s.state} />
                </td>
                <td className="num">{formatBytes(s.bytesIn + s.bytesOut)}</td>
                <td className="num">{formatDuration(s.timeUsedS)}</td>
                <td>{formatTime(s.createdAt)}</td>
                <td>{s.endedAt ? formatTime(s.endedAt) : ''}</td>
                <td className="note">{s.endReason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </PagedView>
  );
}
