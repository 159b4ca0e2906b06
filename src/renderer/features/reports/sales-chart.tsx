import type { Report } from '../../../shared/domain';
import { useMoney } from '../../lib/format';
import { useT } from '../../i18n';

const HOUR = 3_600_000;
const W = 560;
const H = 180;
const PAD = { left: 8, right: 8, top: 16, bottom: 22 };

interface Bucket {
  start: number;
  label: string;
  totalMinor: number;
  count: number;
}

/** Hourly buckets over one day or shift; daily ones over longer ranges (local time). */
export function buckets(r: Pick<Report, 'from' | 'to' | 'byHour'>): Bucket[] {
  const daily = r.to - r.from > 36 * HOUR;
  const keyOf = (at: number) => {
    const d = new Date(at);
    if (daily) d.setHours(0, 0, 0, 0);
    else d.setMinutes(0, 0, 0);
    return d.getTime();
  };
  const map = new Map<number, Bucket>();
  const add = (start: number) => {
    if (!map.has(start)) {
      const d = new Date(start);
      map.set(start, { start, label: daily ? `${d.getDate()}/${d.getMonth() + 1}` : String(d.getHours()), totalMinor: 0, count: 0 });
    }
    return map.get(start)!;
  };
  // Every slot of the range, so quiet hours show as gaps rather than vanishing.
  const last = keyOf(r.to - 1);
  for (let t = keyOf(r.from); t <= last; ) {
    add(t);
    const d = new Date(t);
    if (daily) d.setDate(d.getDate() + 1);
    else d.setHours(d.getHours() + 1);
    t = d.getTime();
    if (map.size > 400) break;
  }
  for (const h of r.byHour) {
    const b = add(keyOf(h.hourStart));
    b.totalMinor += h.totalMinor;
    b.count += h.count;
  }
  return [...map.values()].sort((a, b) => a.start - b.start);
}

/** Net takings per hour (or day) as bars; hover shows the amount. */
export function SalesChart({ report }: { report: Report }) {
  const t = useT();
  const money = useMoney();
  const data = buckets(report);
  const max = Math.max(1, ...data.map((b) => b.totalMinor));
  const slot = (W - PAD.left - PAD.right) / Math.max(1, data.length);
  const bar = Math.max(2, slot * 0.7);
  const labelEvery = Math.ceil(data.length / 12);
  const y = (v: number) => PAD.top + (H - PAD.top - PAD.bottom) * (1 - Math.max(0, v) / max);
  return (
    <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('reports.chartLabel')}>
      <line x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} className="chart-axis" />
      {data.map((b, i) => {
        const x = PAD.left + i * slot + (slot - bar) / 2;
        return (
          <g key={b.start}>
            {b.totalMinor > 0 ? (
              <rect x={x} y={y(b.totalMinor)} width={bar} height={H - PAD.bottom - y(b.totalMinor)} className="chart-bar" rx={2}>
                <title>{t('reports.chartBar', { label: b.label, amount: money(b.totalMinor), count: b.count })}</title>
              </rect>
            ) : null}
            {i % labelEvery === 0 ? (
              <text x={x + bar / 2} y={H - 6} className="chart-label" textAnchor="middle">
                {b.label}
              </text>
            ) : null}
          </g>
        );
      })}
      <text x={W - PAD.right} y={12} className="chart-label" textAnchor="end">
        {t('reports.chartMax', { amount: money(max) })}
      </text>
    </svg>
  );
}
