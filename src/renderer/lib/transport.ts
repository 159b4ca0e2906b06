/**
 * How the renderer reaches the core. Serve mode: HTTP (POST /api/<method>) and a
 * Server-Sent Events stream over fetch (so the bearer token goes in a header). The
 * desktop app provides the same two operations over IPC (window.iwas).
 */
import type { CoreEvent } from '../../shared/events';
import { AppError, errorFromBody } from '../../shared/errors';
import { inLanguage, t } from '../i18n';

export interface Transport {
  call(method: string, input: unknown, operatorToken: string | null): Promise<unknown>;
  /** Delivers events until the returned function is called; `connected` reports the stream's state (false → resync on true). */
  subscribe(onEvent: (event: CoreEvent) => void, connected: (up: boolean) => void): () => void;
}

/**
 * The transport for serve mode, against the server that served this page. `refused` is
 * called when the server refuses the bearer token itself (401 with WWW-Authenticate: a
 * revoked device, a replaced API token), as opposed to an operator's sign-in.
 */
export function httpTransport(base: string, token: string | (() => string), refused?: () => void, operator?: () => string | null): Transport {
  const bearer = typeof token === 'string' ? () => token : token;
  const check = (res: Response) => {
    if (res.status === 401 && res.headers.has('www-authenticate')) refused?.();
  };
  const headers = (operatorToken: string | null): Record<string, string> => ({
    // i18n-ignore (an HTTP header)
    Authorization: `Bearer ${bearer()}`,
    'Content-Type': 'application/json',
    ...(operatorToken ? { 'X-Operator-Token': operatorToken } : {}),
  });
  return {
    async call(method, input, operatorToken) {
      let res: Response;
      try {
        res = await fetch(`${base}api/${method}`, { method: 'POST', headers: headers(operatorToken), body: JSON.stringify(input ?? {}) });
      } catch {
        throw new AppError('internal', t('components.error.unreachable'));
      }
      check(res);
      const body: unknown = await res.json().catch(() => null);
      if (!res.ok) throw inLanguage(errorFromBody(body, t('components.error.serviceAnswered', { status: res.status })));
      return body;
    },
    subscribe(onEvent, connected) {
      let stopped = false;
      let controller: AbortController | null = null;
      let delay = 500;
      const run = async () => {
        while (!stopped) {
          controller = new AbortController();
          try {
            // A paired device hears the live feed only while someone is signed in on it.
            const res = await fetch(`${base}api/events`, { headers: headers(operator?.() ?? null), signal: controller.signal });
            check(res);
            if (!res.ok || !res.body) throw new Error(`events: ${res.status}`);
            connected(true);
            delay = 500;
            await readEvents(res.body, onEvent);
          } catch {
            // dropped: reconnect below
          }
          if (stopped) return;
          connected(false);
          await new Promise((r) => setTimeout(r, delay));
          delay = Math.min(delay * 2, 5000);
        }
      };
      void run();
      return () => {
        stopped = true;
        controller?.abort();
      };
    },
  };
}

/** Parses a text/event-stream body, calling `onEvent` for each event's JSON data. */
export async function readEvents(body: ReadableStream<Uint8Array>, onEvent: (e: CoreEvent) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      if (data) onEvent(JSON.parse(data) as CoreEvent);
    }
  }
}
