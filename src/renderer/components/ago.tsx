import { formatTime } from '../lib/format';
import { useNow } from '../stores/clock';
import { useT } from '../i18n';

/** How long ago, ticking: "now", "12 s ago", "4 min ago"; the clock time after an hour. */
export function Ago({ at }: { at: number | null }) {
  const now = useNow();
  const t = useT();
  if (at === null) return <span className="muted">–</span>;
  const s = Math.max(0, Math.round((now - at) / 1000));
  const text = s < 3 ? t('format.ago.now') : s < 60 ? t('format.ago.seconds', { seconds: s }) : s < 3600 ? t('format.ago.minutes', { minutes: Math.floor(s / 60) }) : formatTime(at);
  return <time dateTime={new Date(at).toISOString()} title={formatTime(at)}>{text}</time>;
}
