/** One clock for every ticking number on screen (time left), updated once a second. */
import { create } from 'zustand';

export const useClock = create<{ now: number }>()(() => ({ now: Date.now() }));

let started = false;
/** Starts the shared tick (idempotent). */
export function startClock(): void {
  if (started) return;
  started = true;
  setInterval(() => useClock.setState({ now: Date.now() }), 1000);
}

/** The current time, re-rendering the caller every second. */
export const useNow = () => useClock((s) => s.now);

/** The current time to the minute: for screens that only care which day or shift it is (re-render once a minute). */
export const useMinute = () => useClock((s) => Math.floor(s.now / 60_000) * 60_000);
