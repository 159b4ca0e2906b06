import { formatBytes } from '../../shared/format';

/** Data used against the limit, as a bar; just the amount when unlimited. */
export function DataBar({ used, limit }: { used: number; limit: number | null }) {
  if (limit === null) return <span className="muted">{formatBytes(used)}</span>;
  const share = limit === 0 ? 1 : Math.min(1, used / limit);
  const tone = share >= 0.9 ? 'bar-danger' : share >= 0.7 ? 'bar-warn' : 'bar-ok';
  return (
    <div className="data-bar" title={`${formatBytes(used)} of ${formatBytes(limit)}`}>
      <div className="bar">
        <div className={`bar-fill ${tone}`} style={{ width: `${share * 100}%` }} />
      </div>
      <span className="bar-label">
        {formatBytes(used)} / {formatBytes(limit)}
      </span>
    </div>
  );
}
