/**
 * Where the limit fields live in the packages and sessions tables: one column map, from
 * which every query's select list, insert and update of them is written.
 */
import type { LimitName } from '../../shared/domain';

/** Each limit field's column (the same in packages and sessions). */
export const LIMIT_COLUMNS: Record<LimitName, string> = {
  timeLimitS: 'time_limit_s',
  validityS: 'validity_s',
  dataLimitBytes: 'data_limit_bytes',
  rateDownKbps: 'rate_down_kbps',
  rateUpKbps: 'rate_up_kbps',
  deviceLimit: 'device_limit',
  idleTimeoutS: 'idle_timeout_s',
};

const entries = Object.entries(LIMIT_COLUMNS) as [LimitName, string][];

/** The select list of the limits, `t.time_limit_s AS timeLimitS, …`, for table alias `t` (none: bare columns). */
export function selectLimits(alias?: string): string {
  const col = (c: string) => (alias ? `${alias}.${c}` : c);
  return entries.map(([field, c]) => `${col(c)} AS ${field}`).join(', ');
}

/** The limit columns and their named parameters, for an INSERT: `{ columns: 'time_limit_s, …', values: '@timeLimitS, …' }`. */
export const insertLimits = {
  columns: entries.map(([, c]) => c).join(', '),
  values: entries.map(([field]) => `@${field}`).join(', '),
};

/** `time_limit_s = @timeLimitS, …` for an UPDATE of every limit (or of those named). */
export function setLimits(only?: readonly LimitName[]): string {
  return entries
    .filter(([field]) => !only || only.includes(field))
    .map(([field, c]) => `${c} = @${field}`)
    .join(', ');
}
