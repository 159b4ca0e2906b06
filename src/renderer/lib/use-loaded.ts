/** Something read from the core for one screen, reloaded when `key` changes (and every `everyMs`). */
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { AppError } from '../../shared/errors';
import { reportError } from './sync';

export interface Loaded<T> {
  data: T | null;
  error: string | null;
  reload(): void;
}

/** Keeps the last answer on screen while a reload runs; an answer to an outdated load is dropped. */
export function useLoaded<T>(key: unknown, load: () => Promise<T>, everyMs?: number): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  const generation = useRef(0);
  const run = useEffectEvent(() => {
    const gen = ++generation.current;
    load()
      .then((d) => {
        if (gen !== generation.current) return;
        setData(d);
        setError(null);
      })
      .catch((err: unknown) => {
        if (gen !== generation.current) return;
        if (err instanceof AppError && err.code === 'unauthorized') reportError(err);
        setError(err instanceof Error ? err.message : String(err));
      });
  });
  useEffect(() => {
    run();
    if (!everyMs) return;
    const timer = setInterval(run, everyMs);
    return () => clearInterval(timer);
  }, [key, reloads, everyMs]);
  return { data, error, reload: () => setReloads((n) => n + 1) };
}
