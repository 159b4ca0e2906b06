/**
 * Disconnect-Request / CoA-Request client (RFC 5176) to the routers' CoA port.
 *
 * One UDP socket for all routers. Each request gets an identifier free for its
 * destination; a retransmission sends the very same bytes (same identifier and
 * authenticator). A response counts only if it comes from the destination, answers
 * that identifier with the matching code and carries a valid Response Authenticator
 * (and Message-Authenticator, when present); anything else is ignored and counted.
 */
import { createSocket, type Socket } from 'node:dgram';
import type { Logger } from '../log';
import { encodePacket, integerAttribute, parseFrame, verifyResponse, type Attribute } from '../radius/codec';
import { Code } from '../radius/dictionary';

export type CoaKind = 'disconnect' | 'coa';

export type CoaOutcome =
  | { outcome: 'ack' }
  | { outcome: 'nak'; errorCause: number | null; reason: string }
  | { outcome: 'timeout'; reason: string };

export interface CoaTarget {
  ip: string;
  port: number;
  secret: string;
}

export interface SendOptions {
  /** Total tries (first send plus retransmissions). */
  attempts: number;
  /** Wait for a response this long after each try. */
  timeoutMs: number;
}

/** RFC 5176 Error-Cause values a router may send, in words for the operator. */
export const errorCauses: Record<number, string> = {
  201: 'Residual Session Context Removed',
  401: 'Unsupported Attribute',
  402: 'Missing Attribute',
  403: 'NAS Identification Mismatch',
  404: 'Invalid Request',
  405: 'Unsupported Service',
  406: 'Unsupported Extension',
  407: 'Invalid Attribute Value',
  501: 'Administratively Prohibited',
  502: 'Request Not Routable (Proxy)',
  503: 'Session Context Not Found',
  504: 'Session Context Not Removable',
  505: 'Other Proxy Processing Error',
  506: 'Resources Unavailable',
  507: 'Request Initiated',
  508: 'Multiple Session Selection Unsupported',
};

export const SESSION_CONTEXT_NOT_FOUND = 503;
const ERROR_CAUSE = 101;

interface Pending {
  authenticator: Buffer;
  secret: string;
  ack: number;
  nak: number;
  resolve: (o: CoaOutcome) => void;
}

export interface CoaClient {
  /** Sends a request with retransmissions and resolves how it ended; never rejects (an unencodable request is a failed delivery). */
  send(target: CoaTarget, kind: CoaKind, attributes: Attribute[], options: SendOptions): Promise<CoaOutcome>;
  /** Responses ignored (unknown id, wrong code, bad authenticator). */
  readonly ignored: number;
  close(): Promise<void>;
}

/** Opens the client's socket (on `host`, any port). */
export async function createCoaClient(log: Logger, host = '0.0.0.0'): Promise<CoaClient> {
  const socket: Socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  const pending = new Map<string, Pending>();
  const nextId = new Map<string, number>();
  let ignored = 0;

  socket.on('error', (err) => log.error('socket error', { err }));
  socket.on('message', (msg, from) => {
    try {
      const parsed = parseFrame(msg);
      const key = parsed.ok ? `${from.address}|${from.port}|${parsed.frame.identifier}` : '';
      const p = pending.get(key);
      if (!parsed.ok || !p || (parsed.frame.code !== p.ack && parsed.frame.code !== p.nak) || !verifyResponse(parsed.frame, p.authenticator, p.secret)) {
        ignored++;
        log.debug('ignored a response', { from: from.address, reason: !parsed.ok ? parsed.reason : !p ? 'no such request' : 'wrong code or authenticator' });
        return;
      }
      pending.delete(key);
      if (parsed.frame.code === p.ack) return p.resolve({ outcome: 'ack' });
      const cause = integerAttribute(parsed.frame, ERROR_CAUSE);
      p.resolve({ outcome: 'nak', errorCause: cause, reason: cause === null ? 'NAK without Error-Cause' : `NAK ${cause} ${errorCauses[cause] ?? ''}`.trim() });
    } catch (err) {
      ignored++;
      log.error('a response could not be read', { err });
    }
  });

  const allocate = (dest: string): number | null => {
    const start = nextId.get(dest) ?? Math.floor(Math.random() * 256);
    for (let i = 0; i < 256; i++) {
      const id = (start + i) % 256;
      if (!pending.has(`${dest}|${id}`)) {
        nextId.set(dest, (id + 1) % 256);
        return id;
      }
    }
    return null;
  };

  return {
    get ignored() {
      return ignored;
    },
    send(target, kind, attributes, options) {
      const dest = `${target.ip}|${target.port}`;
      const id = allocate(dest);
      if (id === null) return Promise.resolve({ outcome: 'timeout', reason: `256 requests already waiting on ${target.ip}` });
      const code = kind === 'disconnect' ? Code.DisconnectRequest : Code.CoaRequest;
      let packet: Buffer;
      try {
        packet = encodePacket({ code, identifier: id, secret: target.secret, messageAuthenticator: true, attributes });
      } catch (err) {
        // The identification comes from the router's own reports: an Acct-Session-Id that is not
        // UTF-8 is stored with U+FFFD for each bad byte and can no longer fit in an attribute.
        // A failed delivery (flagged, retried, kicked over the API), not an exception.
        return Promise.resolve({ outcome: 'timeout', reason: err instanceof Error ? err.message : String(err) });
      }
      return new Promise<CoaOutcome>((resolve) => {
        const key = `${dest}|${id}`;
        let tries = 0;
        let timer: NodeJS.Timeout | null = null;
        const finish = (o: CoaOutcome) => {
          if (timer) clearTimeout(timer);
          pending.delete(key);
          resolve(o);
        };
        pending.set(key, {
          authenticator: packet.subarray(4, 20),
          secret: target.secret,
          ack: kind === 'disconnect' ? Code.DisconnectAck : Code.CoaAck,
          nak: kind === 'disconnect' ? Code.DisconnectNak : Code.CoaNak,
          resolve: finish,
        });
        const attempt = () => {
          if (tries >= options.attempts) {
            finish({ outcome: 'timeout', reason: `no answer from ${target.ip}:${target.port} after ${tries} tries` });
            return;
          }
          tries++;
          socket.send(packet, target.port, target.ip, (err) => {
            if (err) log.warn(`could not send to ${target.ip}:${target.port}`, { err });
          });
          timer = setTimeout(attempt, options.timeoutMs);
        };
        attempt();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const p of pending.values()) p.resolve({ outcome: 'timeout', reason: 'the app is stopping' });
        pending.clear();
        socket.close(() => resolve());
      }),
  };
}
