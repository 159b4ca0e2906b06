/**
 * The transport inside the desktop app: the preload bridge's named function per method
 * (window.iwas) and its event subscription. Answers come as envelopes, so an AppError
 * keeps its code and field messages across IPC.
 */
import type { CoreEvent } from '../../shared/events';
import { AppError, errorFromBody, type ErrorBody } from '../../shared/errors';
import { inLanguage, t } from '../i18n';
import type { Transport } from './transport';

export type Envelope<T = unknown> = { ok: true; value: T } | ({ ok: false } & ErrorBody);

/** What the preload script exposes as window.iwas. */
export interface DesktopBridge {
  [method: string]: unknown;
  events: { subscribe(listener: (event: CoreEvent) => void): () => void };
}

/** What is printed on: the receipt roll, or an A4 sheet (voucher cards). */
export type Paper = { widthMm: 58 | 80 } | { pageSize: 'A4' };

/** What the preload script exposes as window.iwasDesktop. */
export interface DesktopExtras {
  print(options: Paper): Promise<Envelope<{ printed: boolean }>>;
  printers(): Promise<Envelope<{ name: string; displayName: string }[]>>;
  info(): Promise<Envelope<{ version: string; dataDir: string; logsDir: string }>>;
}

declare global {
  interface Window {
    iwas?: DesktopBridge;
    iwasDesktop?: DesktopExtras;
  }
}

/** The value of an envelope, or its error as an AppError. */
export function unwrap<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.value;
  throw inLanguage(errorFromBody({ error: envelope.error }, t('components.error.desktop')));
}

export function desktopTransport(bridge: DesktopBridge): Transport {
  return {
    async call(method, input, operatorToken) {
      const fn = bridge[method];
      if (typeof fn !== 'function') throw new AppError('not_found', t('components.error.unknownMethod', { method }));
      return unwrap(await (fn as (i: unknown, t: string | null) => Promise<Envelope>)(input, operatorToken));
    },
    subscribe(onEvent, connected) {
      const stop = bridge.events.subscribe(onEvent);
      // In-process: the stream is up as soon as we listen (and never drops).
      const timer = setTimeout(() => connected(true), 0);
      return () => {
        clearTimeout(timer);
        stop();
      };
    },
  };
}
