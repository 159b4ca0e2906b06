/** What the fuzzer feeds the targets: a datagram, the port it goes to, and who sends it. */

export type Port = 'auth' | 'acct';

/**
 * The senders, by index: two routers the core knows (each with its own secret and its
 * own Message-Authenticator policy) and an address it does not know. Every address is
 * in 127.0.0.0/8, which Linux answers on loopback.
 */
export const SOURCES = [
  { address: '127.0.0.1', secret: 'fuzz-secret-a', requireMessageAuthenticator: 'auto' },
  { address: '127.0.0.2', secret: 'fuzz-secret-b', requireMessageAuthenticator: 'no' },
  { address: '127.0.0.3', secret: 'not-a-known-router', requireMessageAuthenticator: null },
] as const;
export type Source = 0 | 1 | 2;

export interface Input {
  data: Buffer;
  port: Port;
  from: Source;
}

/** One line of a findings file: `auth 0 <hex>` (port, source index, datagram). */
export function formatInput(i: Input): string {
  return `${i.port} ${i.from} ${i.data.toString('hex')}`;
}
