/** A batch's cards as spreadsheet rows: what the café keeps on file (and gives a store with its sheet). */
import type { BatchDetail, SessionState } from '../../../shared/domain';
import type { Cell } from '../../lib/csv';
import { localStamp } from '../../lib/format';
import { t, type MessageId } from '../../i18n';

/** A card's state in a spreadsheet's words (a used card is "In use" whether or not a device is online right now). */
const states: Record<SessionState, MessageId> = {
  STOCK: 'batches.csv.state.stock',
  PENDING: 'batches.csv.state.pending',
  ACTIVE: 'batches.csv.state.active',
  EXPIRED: 'batches.csv.state.expired',
  TERMINATED: 'batches.csv.state.terminated',
};

/** One row per card (code, password, state, first login, …), a header first. */
export function batchCsv(batch: BatchDetail): Cell[][] {
  const when = (at: number | null) => (at === null ? null : localStamp(at));
  return [
    [
      t('batches.csv.code'),
      t('batches.csv.password'),
      t('batches.csv.state'),
      t('batches.csv.firstLogin'),
      t('batches.csv.ended'),
      t('batches.csv.whyEnded'),
      t('batches.csv.batch'),
      t('batches.csv.package'),
      t('batches.csv.label'),
    ],
    ...batch.cards.map((c) => [c.code, c.password, t(states[c.state]), when(c.firstLoginAt), when(c.endedAt), c.endReason, batch.id, batch.packageName, batch.label]),
  ];
}

/** The file name for a batch's export: "cards-batch-3-2026-05-01.csv". */
export function batchCsvName(batch: Pick<BatchDetail, 'id' | 'createdAt'>): string {
  return `cards-batch-${batch.id}-${localStamp(batch.createdAt).slice(0, 10)}.csv`;
}
