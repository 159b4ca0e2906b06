/**
 * A router's CoA port for the servers target: acknowledges every Disconnect- and
 * CoA-Request signed with the router's secret, as RouterOS does, so a device switch
 * (scenario D) completes and the accept behind it goes out. Bound at the router's
 * own address: the core only trusts answers from there.
 */
import { createSocket } from 'node:dgram';
import { encodePacket, parseFrame, verifyRequestAuthenticator } from '../../../src/main/radius/codec';
import { Code } from '../../../src/main/radius/dictionary';
import { SOURCES, type Source } from './input';

export async function startRouterCoa(router: Source) {
  const { address, secret } = SOURCES[router];
  const socket = createSocket('udp4');
  const counts = { disconnects: 0, coas: 0 };
  socket.on('message', (msg, from) => {
    const f = parseFrame(msg);
    if (!f.ok || (f.frame.code !== Code.DisconnectRequest && f.frame.code !== Code.CoaRequest)) return;
    if (!verifyRequestAuthenticator(f.frame, secret)) return;
    const disconnect = f.frame.code === Code.DisconnectRequest;
    if (disconnect) counts.disconnects++;
    else counts.coas++;
    const reply = encodePacket({
      code: disconnect ? Code.DisconnectAck : Code.CoaAck,
      identifier: f.frame.identifier,
      authenticator: f.frame.authenticator,
      secret,
      messageAuthenticator: true,
      attributes: [],
    });
    socket.send(reply, from.port, from.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, address, () => resolve()));
  return {
    port: socket.address().port,
    counts,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
