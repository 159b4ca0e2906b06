/** A batch's cards as spreadsheet rows: what the café keeps on file (and gives a store with its sheet). */
import type { BatchDetail, SessionState } from '../../../shared/domain';
import type { Cell } from '../../lib/csv';
import { localStamp } from '../../lib/format';

/** A card's state in a spreadsheet's words (a used card is "In use" whether or not a device is online right now). */
const states: Record<SessionState, string> = { STOCK: 'In stock', PENDING: 'Sold, not used yet', ACTIVE: 'In use', EXPIRED: 'Expired', TERMINATED: 'Ended' };

/** One row per card (code, password, state, first login, …), a header first. */
export function batchCsv(batch: BatchDetail): Cell[][] {
  const when = (at: number | null) => (at === null ? null : localStamp(at));
  return [
    ['Code', 'Password', 'State', 'First login', 'Ended', 'Why it ended', 'Batch', 'Package', 'Label'],
    ...batch.cards.map((c) => [c.code, c.password, states[c.state], when(c.firstLoginAt), when(c.endedAt), c.endReason, batch.id, batch.packageName, batch.label]),
  ];
}

/** The file name for a batch's export: "cards-batch-3-2026-05-01.csv". */
export function batchCsvName(batch: Pick<BatchDetail, 'id' | 'createdAt'>): string {
  return `cards-batch-${batch.id}-${localStamp(batch.createdAt).slice(0, 10)}.csv`;
}
