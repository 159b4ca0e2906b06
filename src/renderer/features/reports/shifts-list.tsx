import { useState } from 'react';
import type { ShiftView } from '../../../shared/domain';
import { Button } from '../../components/button';
import { CloseOtherShift } from '../../components/close-shift';
import { PagedView } from '../../components/loaded-view';
import { overShort, ShiftReportDialog } from '../../components/shift-report';
import { Empty } from '../../components/states';
import { TableHead } from '../../components/table-head';
import { formatTime, useMoney } from '../../lib/format';
import { usePaged, type Page } from '../../lib/use-paged';
import { api, isAdmin, useSignIn } from '../../stores/sign-in';
import { useData } from '../../stores/data';
import { useT } from '../../i18n';

const PAGE = 100;

async function shiftsPage(before: number | undefined): Promise<Page<ShiftView>> {
  const r = await api()['shifts.list']({ limit: PAGE, ...(before ? { before } : {}) });
  return { items: r.shifts, nextBefore: r.nextBefore };
}

/** Shifts, newest first (a cashier's own, everyone's for an admin): expected, counted, over or short; each report to view and print again. */
export function ShiftsList() {
  const t = useT();
  const version = useData((s) => s.shiftsVersion);
  const me = useSignIn((s) => s.operator?.name ?? '');
  const myId = useSignIn((s) => s.operator?.id ?? null);
  const admin = useSignIn(isAdmin);
  const [closing, setClosing] = useState<number | null>(null);
  const money = useMoney();
  const paged = usePaged(String(version), shiftsPage);
  const [showing, setShowing] = useState<{ shift: ShiftView; at: number } | null>(null);
  return (
    <>
      <PagedView paged={paged} what={t('reports.loadingShifts')} empty={<Empty title={t('reports.noShifts')}>{t('reports.noShiftsHint')}</Empty>}>
        {(items) => (
          <table className="plain-table" aria-label={t('reports.shifts')}>
            <TableHead
              columns={[t('reports.col.operator'), t('reports.col.opened'), t('reports.col.closed'), `#${t('reports.net')}`, `#${t('reports.col.cashExpected')}`, `#${t('reports.col.counted')}`, t('reports.col.overShort'), '']}
            />
            <tbody>
              {items.map((s) => {
                const diff = s.differenceMinor === null ? null : overShort(s.differenceMinor, money);
                return (
                  <tr key={s.id}>
                    <td>{s.operatorName}</td>
                    <td>{formatTime(s.openedAt)}</td>
                    <td>
                      {s.closedAt === null ? (
                        <span className="tag">{t('reports.open')}</span>
                      ) : (
                        <>
                          {formatTime(s.closedAt)}
                          {s.closedByName && s.closedById !== s.operatorId ? <span className="muted small"> {t('reports.closedBy', { name: s.closedByName })}</span> : null}
                        </>
                      )}
                    </td>
                    <td className="num">{money(s.totals.netMinor)}</td>
                    <td className="num">{money(s.totals.cashExpectedMinor)}</td>
                    <td className="num">{s.cashCountedMinor === null ? '' : money(s.cashCountedMinor)}</td>
                    <td>{diff ? <span className={`pill shift-pill-${diff.tone}`}>{diff.text}</span> : null}</td>
                    <td>
                      <div className="row-actions">
                        {/* An operator closes their own shift from the top bar (and is signed out); an admin can close one left open. */}
                        {admin && s.closedAt === null && s.operatorId !== myId ? (
                          <Button kind="ghost" size="sm" onClick={() => setClosing(s.id)}>
                            {t('reports.closeShift')}
                          </Button>
                        ) : null}
                        <Button kind="ghost" size="sm" onClick={() => setShowing({ shift: s, at: Date.now() })}>
                          {t('reports.viewReport')}
                        </Button>
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </PagedView>
      {closing !== null ? <CloseOtherShift shiftId={closing} onDone={() => setClosing(null)} /> : null}
      {showing ? (
        <ShiftReportDialog
          shift={showing.shift}
          title={t('reports.shiftReportTitle', { id: showing.shift.id })}
          print={false}
          reprint={showing.shift.closedAt === null ? undefined : { at: showing.at, operatorName: me }}
          done={t('common.done')}
          onClose={() => setShowing(null)}
        />
      ) : null}
    </>
  );
}
