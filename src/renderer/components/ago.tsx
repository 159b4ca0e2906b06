import { formatTime } from '../lib/format';
import { useNow } from '../stores/clock';

/** How long ago, ticking: "now", "12 s ago", "4 min ago"; the clock time after an hour. */
export function Ago({ at }: { at: number | null }) {
  const now = useNow();
  if (at === null) return <span className="muted">–</span>;
  const s = Math.max(0, Math.round((now - at) / 1000));
  const text = s < 3 ? 'now' : s < 60 ? `${s} s ago` : s < 3600 ? `${Math.floor(s / 60)} min ago` : formatTime(at);
  return <time dateTime={new Date(at).toISOString()} title={formatTime(at)}>{text}</time>;
}
