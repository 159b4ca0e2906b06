/** A list loaded page by page from a contract method that pages with `before` (newest first). */
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { AppError } from '../../shared/errors';
import { reportError } from './sync';

export interface Page<T> {
  items: T[];
  nextBefore: number | null;
}

export interface Paged<T> {
  items: T[] | null;
  error: string | null;
  loading: boolean;
  hasMore: boolean;
  more(): void;
  reload(): void;
}

/**
 * Loads the first page whenever `key` changes (a new query, or a reason to refresh), more
 * on demand. While a reload runs the old rows stay on screen; an answer to an outdated
 * query is dropped.
 */
export function usePaged<T>(key: string, fetch: (before: number | undefined) => Promise<Page<T>>): Paged<T> {
  const [items, setItems] = useState<T[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [reloads, setReloads] = useState(0);
  const generation = useRef(0);
  // "Show older" waits for the current query's first page (else it would extend the previous query's rows).
  const firstPending = useRef(true);

  const load = (before: number | undefined, append: boolean) => {
    const gen = ++generation.current;
    if (!append) firstPending.current = true;
    fetch(before)
      .then((page) => {
        if (gen !== generation.current) return;
        firstPending.current = false;
        setItems((old) => (append && old ? [...old, ...page.items] : page.items));
        setNext(page.nextBefore);
        setError(null);
      })
      .catch((err: unknown) => {
        if (gen !== generation.current) return;
        if (err instanceof AppError && err.code === 'unauthorized') reportError(err);
        setError(err instanceof Error ? err.message : String(err));
      })
      .finally(() => {
        if (gen === generation.current) setLoading(false);
      });
  };
  const first = useEffectEvent(() => load(undefined, false));
  useEffect(() => first(), [key, reloads]);

  return {
    items,
    error,
    loading,
    hasMore: next !== null,
    more: () => {
      if (next === null || loading || firstPending.current) return;
      setLoading(true);
      load(next, true);
    },
    reload: () => setReloads((n) => n + 1),
  };
}

/** Every page of a query (for exports), up to `cap` items. */
export async function fetchAll<T>(fetch: (before: number | undefined) => Promise<Page<T>>, cap = 100_000): Promise<T[]> {
  const all: T[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await fetch(before);
    all.push(...page.items);
    if (page.nextBefore === null || all.length >= cap) return all;
    before = page.nextBefore;
  }
}
