/**
 * After every window the servers must still do their job: a valid Access-Request
 * for a voucher the fuzzer never learns of gets Access-Accept, and a valid
 * Interim-Update for it gets an Accounting-Response, both verified. Sent from the
 * first router's address on a socket of their own.
 */
import { createSocket } from 'node:dgram';
import { encodePacket, parseFrame, verifyResponse, type Attribute } from '../../../src/main/radius/codec';
import { chapResponse } from '../../../src/main/radius/credentials';
import { Code } from '../../../src/main/radius/dictionary';
import { SOURCES } from './input';
import type { ServerPorts } from './peer';
import type { Rng } from './prng';
import type { Voucher } from './seeds';

/** Above RouterOS's 1100 ms RADIUS timeout, so only a real stall fails it on a busy machine. */
const TIMEOUT_MS = 2_000;
const MAC = 'AA:BB:CC:99:99:01';

export async function startLiveness(ports: ServerPorts, live: Voucher, rng: Rng) {
  const { address, secret } = SOURCES[0];
  const socket = createSocket('udp4');
  const waiting = new Map<number, (reply: Buffer) => void>();
  socket.on('message', (msg) => waiting.get(msg[1]!)?.(msg));
  await new Promise<void>((resolve) => socket.bind(0, address, () => resolve()));
  let identifier = 0;
  const stats = { checks: 0, failures: 0, slowestMs: 0 };

  /** Sends a request and resolves whether a verified reply with `code` came in time. */
  const exchange = (port: number, code: number, request: Buffer): Promise<string | null> =>
    new Promise((resolve) => {
      const id = request[1]!;
      const started = Date.now();
      const timer = setTimeout(() => settle(`no reply within ${TIMEOUT_MS} ms`), TIMEOUT_MS);
      const settle = (failure: string | null) => {
        clearTimeout(timer);
        waiting.delete(id);
        stats.slowestMs = Math.max(stats.slowestMs, Date.now() - started);
        resolve(failure);
      };
      waiting.set(id, (reply) => {
        const f = parseFrame(reply);
        if (!f.ok) return settle(`an unparsable reply: ${f.reason}`);
        if (f.frame.code !== code) return settle(`code ${f.frame.code} instead of ${code}`);
        settle(verifyResponse(f.frame, request.subarray(4, 20), secret) ? null : 'a reply that does not verify');
      });
      socket.send(request, port, '127.0.0.1');
    });

  const nas: Attribute[] = [['NAS-Identifier', 'cafe-hap'], ['Calling-Station-Id', MAC], ['Framed-IP-Address', '10.5.50.250']];
  return {
    stats,
    /** One login and one interim report; the failure in words, or null. */
    async check(): Promise<string | null> {
      stats.checks++;
      const challenge = rng.bytes(16);
      const login = encodePacket({
        code: Code.AccessRequest,
        identifier: identifier++ & 0xff,
        secret,
        authenticator: rng.bytes(16),
        messageAuthenticator: true,
        attributes: [['User-Name', live.code], ['CHAP-Password', chapResponse(rng.int(256), live.password, challenge)], ['CHAP-Challenge', challenge], ...nas],
      });
      const report = encodePacket({
        code: Code.AccountingRequest,
        identifier: identifier++ & 0xff,
        secret,
        messageAuthenticator: true,
        attributes: [
          ['Acct-Status-Type', 'Interim-Update'],
          ['Acct-Session-Id', 'liveness-1'],
          ['User-Name', live.code],
          ['Class', Buffer.from(`iwas:${live.id}`)],
          // Grows with each check, so no two reports are the same datagram (the duplicate cache would answer it).
          ['Acct-Session-Time', stats.checks],
          ['Acct-Input-Octets', 0],
          ['Acct-Output-Octets', 0],
          ...nas,
        ],
      });
      const failure = (await exchange(ports.auth, Code.AccessAccept, login)) ?? (await exchange(ports.acct, Code.AccountingResponse, report));
      if (failure) stats.failures++;
      return failure;
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
