import { useEffect, useState } from 'react';
import type { SessionView } from '../../../shared/domain';
import { unusedCard } from '../../../shared/engine/session-state';
import { StatePill } from '../../components/state-pill';
import { useT, type Translate } from '../../i18n';
import { useLoaded } from '../../lib/use-loaded';
import { api, isAdmin, useSignIn } from '../../stores/sign-in';
import './stock-cards.css';

/** The shortest search that asks the core for cards (the core finds one by its whole code). */
const MIN_SEARCH = 3;
/** How often a shown card is looked up again. */
const REFRESH_MS = 3000;

/** Where an unused card stands, in the café's words: good to use, or why it no longer works. */
function standing(s: SessionView, t: Translate): string {
  if (s.state === 'STOCK') return t('sessions.stockNotSold');
  if (s.state === 'PENDING') return t('sessions.paidUpfront');
  if (s.state === 'EXPIRED') return t('sessions.cardExpiredUnused');
  return s.endReason ? t('sessions.cardEndedUnused', { reason: s.endReason }) : t('sessions.cardEndedUnusedNoReason');
}

/**
 * Voucher cards nobody has used yet whose code is the search: they are not on the live list
 * until their first login, so a cashier looking a card up by its code finds it here (the
 * core looks it up by its whole code once the typing pauses), with why it no longer works if
 * it was voided or expired unused. An admin opens its details; for a cashier the core keeps
 * an unused card's password and details to admins.
 */
export function useUnusedCards(search: string): SessionView[] {
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(search.length >= MIN_SEARCH ? search : ''), 250);
    return () => clearTimeout(timer);
  }, [search]);
  // Looked up again every few seconds while searched: a card the customer starts using moves to the live list, a voided one says so.
  const loaded = useLoaded(q, async (): Promise<SessionView[]> => (q ? (await api()['sessions.list']({ scope: 'live', search: q, limit: 50 })).sessions.filter(unusedCard) : []), q ? REFRESH_MS : undefined);
  return search.length >= MIN_SEARCH ? (loaded.data ?? []) : [];
}

/** The unused cards `useUnusedCards` found, above the live list. */
export function StockCards({ cards, onShow }: { cards: SessionView[]; onShow: (id: number) => void }) {
  const admin = useSignIn(isAdmin);
  const t = useT();
  if (cards.length === 0) return null;
  return (
    <div className="stock-cards" role="region" aria-label={t('sessions.stockCards')}>
      {cards.map((s) => {
        const what = (
          <>
            <StatePill state={s.state} /> <b className="mono">{s.voucherCode}</b> {s.packageName}
            <span className="muted">
              {s.batchId !== null ? ` · ${t('sessions.cardOfBatch', { batch: String(s.batchId) })}` : ''} · {standing(s, t)}
            </span>
          </>
        );
        return admin ? (
          <button key={s.id} type="button" className="stock-card" onClick={() => onShow(s.id)}>
            {what}
          </button>
        ) : (
          <div key={s.id} className="stock-card">
            {what}
          </div>
        );
      })}
    </div>
  );
}
