/**
 * What the page's calls of one API method meet on their way to the core: a body changed (as a
 * tampered or older till would send it), a slow answer, an answer lost after the core acted.
 * Done inside the page, by wrapping its own `fetch`, rather than by CDP request interception
 * (`page.route`), which once let a request through untouched on a fresh CI machine. Each
 * rule counts the calls it met, so a test can first check that it applied.
 */
import type { Page } from 'playwright-core';

export interface Hindrance {
  /** Fields merged into the JSON body. */
  body?: Record<string, unknown>;
  /** Held this long before it is sent. */
  delayMs?: number;
  /** The core gets it and answers, the page sees the connection fail (a cable pulled, a Wi-Fi drop). */
  answerLost?: boolean;
  /** Only this many calls (default: every call until `stop`). */
  times?: number;
}

export interface OnTheWay {
  /** How many calls it met so far. */
  met(): Promise<number>;
  /** The method's calls go through untouched again. */
  stop(): Promise<void>;
}

interface Rules {
  real: typeof fetch;
  rules: Map<string, Hindrance & { met: number }>;
}

/** From now on, calls of `method` (e.g. 'sales.sell') meet `how`. */
export async function onTheWay(page: Page, method: string, how: Hindrance): Promise<OnTheWay> {
  await page.evaluate(
    ({ method, how }) => {
      const w = globalThis as unknown as { fetch: typeof fetch; onTheWay?: Rules };
      if (!w.onTheWay) {
        const state: Rules = { real: w.fetch.bind(globalThis), rules: new Map() };
        w.onTheWay = state;
        w.fetch = async (input, init) => {
          const url = String(input);
          const rule = [...state.rules].find(([m]) => url.endsWith(`api/${m}`))?.[1];
          if (!rule || (rule.times !== undefined && rule.met >= rule.times)) return state.real(input, init);
          rule.met++;
          const body = rule.body && typeof init?.body === 'string' ? JSON.stringify({ ...(JSON.parse(init.body) as object), ...rule.body }) : init?.body;
          if (rule.delayMs) await new Promise((r) => setTimeout(r, rule.delayMs));
          const res = await state.real(input, { ...init, body });
          if (!rule.answerLost) return res;
          await res.arrayBuffer();
          throw new TypeError('Failed to fetch');
        };
      }
      w.onTheWay.rules.set(method, { ...how, met: 0 });
    },
    { method, how },
  );
  return {
    met: () => page.evaluate((m) => (globalThis as unknown as { onTheWay: Rules }).onTheWay.rules.get(m)?.met ?? 0, method),
    stop: () =>
      page.evaluate((m) => {
        (globalThis as unknown as { onTheWay: Rules }).onTheWay.rules.delete(m);
      }, method),
  };
}
