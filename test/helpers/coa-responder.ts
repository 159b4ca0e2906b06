/** A router's CoA port for tests: records every request and answers as told. */
import { createSocket } from 'node:dgram';
import { onTestFinished } from 'vitest';
import { decodeAttributes, encodePacket, parseFrame, verifyRequestAuthenticator, verifyRequestMessageAuthenticator, type Attributes } from '../../src/main/radius/codec';
import { Code } from '../../src/main/radius/dictionary';

export type Behaviour = 'ack' | 'nak503' | 'nak404' | 'silence' | 'bad-auth';

export interface Received {
  code: number;
  identifier: number;
  authenticator: string;
  attrs: Attributes;
  /** Attribute types in wire order (to check nothing but identification was sent). */
  types: number[];
  signedOk: boolean;
  at: number;
  raw: Buffer;
}

export async function startCoaResponder(secret: string, behaviour: Behaviour = 'ack', opts: { delayMs?: number; port?: number } = {}) {
  const socket = createSocket('udp4');
  const received: Received[] = [];
  const state = { behaviour, delayMs: opts.delayMs ?? 0 };
  socket.on('message', (msg, from) => {
    const f = parseFrame(msg);
    if (!f.ok) return;
    const d = decodeAttributes(f.frame);
    const types: number[] = [];
    for (let at = 20; at < f.frame.data.length; at += f.frame.data[at + 1]!) types.push(f.frame.data[at]!);
    received.push({
      code: f.frame.code,
      identifier: f.frame.identifier,
      authenticator: f.frame.authenticator.toString('hex'),
      attrs: d.ok ? d.attributes : {},
      types,
      signedOk: verifyRequestAuthenticator(f.frame, secret) && verifyRequestMessageAuthenticator(f.frame, secret),
      at: Date.now(),
      raw: Buffer.from(msg),
    });
    if (state.behaviour === 'silence') return;
    const isDisconnect = f.frame.code === Code.DisconnectRequest;
    const nak = state.behaviour === 'nak503' || state.behaviour === 'nak404';
    const code = isDisconnect ? (nak ? Code.DisconnectNak : Code.DisconnectAck) : nak ? Code.CoaNak : Code.CoaAck;
    const reply = encodePacket({
      code,
      identifier: f.frame.identifier,
      authenticator: f.frame.authenticator,
      secret: state.behaviour === 'bad-auth' ? `${secret}-wrong` : secret,
      messageAuthenticator: true,
      attributes: nak ? [['Error-Cause', state.behaviour === 'nak503' ? 503 : 404]] : [],
    });
    setTimeout(() => socket.send(reply, from.port, from.address), state.delayMs);
  });
  await new Promise<void>((r) => socket.bind(opts.port ?? 0, '127.0.0.1', () => r()));
  const port = socket.address().port;
  let closed = false;
  const close = () =>
    new Promise<void>((r) => {
      if (closed) return r();
      closed = true;
      socket.close(() => r());
    });
  onTestFinished(close);
  return {
    port,
    received,
    set(behaviour: Behaviour, delayMs = 0) {
      state.behaviour = behaviour;
      state.delayMs = delayMs;
    },
    close,
  };
}
