/**
 * A router's side of the servers target: a UDP socket at the router's address that
 * sends inputs and checks every reply that comes back. A reply must parse, carry the
 * code its port answers with (Access-Accept/Reject with Message-Authenticator first,
 * or Accounting-Response), and verify against a request recently sent with its
 * identifier (Response Authenticator and Message-Authenticator, with the router's
 * secret); anything else is a wrong answer. No reply at all may come to an unknown
 * source.
 */
import { createSocket, type Socket } from 'node:dgram';
import { parseFrame, verifyResponse } from '../../../src/main/radius/codec';
import { Code } from '../../../src/main/radius/dictionary';
import { SOURCES, type Input, type Port, type Source } from './input';

/** Requests remembered for matching replies (a reply may come windows later, after a device switch). */
const RECENT = 1024;

interface Sent {
  identifier: number;
  authenticator: Buffer;
  port: number;
  input: Input;
}

export interface ServerPorts {
  auth: number;
  acct: number;
}

export class Peer {
  private readonly socket: Socket = createSocket('udp4');
  private readonly recent: Sent[] = [];
  private next = 0;
  replies = 0;

  private constructor(
    private readonly from: Source,
    private readonly ports: ServerPorts,
    private readonly wrongAnswer: (detail: string, inputs: Input[]) => void,
  ) {
    this.socket.on('message', (msg, rinfo) => this.check(msg, rinfo.port));
  }

  /** Binds a peer at the address of `from`. */
  static async bind(from: Source, ports: ServerPorts, wrongAnswer: (detail: string, inputs: Input[]) => void): Promise<Peer> {
    const peer = new Peer(from, ports, wrongAnswer);
    await new Promise<void>((resolve, reject) => {
      peer.socket.once('error', reject);
      peer.socket.bind(0, SOURCES[from].address, () => resolve());
    });
    return peer;
  }

  /** Sends an input (which must come from this peer's address) to its port. */
  send(input: Input): Promise<void> {
    const port = this.ports[input.port];
    if (input.data.length >= 20) {
      const sent = { identifier: input.data[1]!, authenticator: Buffer.from(input.data.subarray(4, 20)), port, input };
      this.recent[this.next] = sent;
      this.next = (this.next + 1) % RECENT;
    }
    return new Promise((resolve) => this.socket.send(input.data, port, '127.0.0.1', () => resolve()));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }

  private check(msg: Buffer, fromPort: number): void {
    this.replies++;
    const port: Port = fromPort === this.ports.auth ? 'auth' : 'acct';
    const candidates = this.recent.filter((s) => s.port === fromPort && s.identifier === msg[1]);
    const inputs = candidates.map((s) => s.input);
    if (this.from === 2) return this.wrongAnswer(`a reply to an unknown source (${port} port)`, inputs);
    const parsed = parseFrame(msg);
    if (!parsed.ok) return this.wrongAnswer(`an unparsable ${port} reply: ${parsed.reason}`, inputs);
    const f = parsed.frame;
    const codeOk = port === 'auth' ? (f.code === Code.AccessAccept || f.code === Code.AccessReject) && f.maOffset === 22 : f.code === Code.AccountingResponse;
    if (!codeOk) return this.wrongAnswer(`a ${port} reply with code ${f.code}, Message-Authenticator at ${f.maOffset}`, inputs);
    if (!candidates.some((s) => verifyResponse(f, s.authenticator, SOURCES[this.from].secret))) {
      this.wrongAnswer(`a ${port} reply (identifier ${f.identifier}) that verifies against no request sent with it`, inputs);
    }
  }
}
