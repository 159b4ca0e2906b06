/**
 * The JS heap of another Node process after a full garbage collection: the one memory
 * figure that does not wander with the collector's timing (resident memory does). Talks
 * to the process's inspector (started with --inspect=127.0.0.1:0) from a short-lived
 * helper process, where Node 20 has a WebSocket client behind a flag.
 */
import { execFile } from 'node:child_process';

const PROBE = `
const ws = new WebSocket(process.argv[1]);
let next = 0;
const waiting = new Map();
const call = (method) => new Promise((resolve, reject) => {
  waiting.set(++next, { resolve, reject });
  ws.send(JSON.stringify({ id: next, method, params: {} }));
});
ws.onmessage = (e) => {
  const m = JSON.parse(e.data);
  const w = waiting.get(m.id);
  if (!w) return;
  waiting.delete(m.id);
  m.error ? w.reject(new Error(m.error.message)) : w.resolve(m.result);
};
ws.onopen = async () => {
  try {
    await call('HeapProfiler.collectGarbage');
    await call('HeapProfiler.collectGarbage');
    const usage = await call('Runtime.getHeapUsage');
    process.stdout.write(String(usage.usedSize));
    ws.close();
    process.exit(0);
  } catch (err) {
    process.stderr.write(String(err));
    process.exit(1);
  }
};
ws.onerror = () => { process.stderr.write('cannot reach the inspector'); process.exit(1); };
setTimeout(() => { process.stderr.write('no answer from the inspector'); process.exit(1); }, 15000);
`;

/** Bytes of JS heap in use after two full collections in the process whose inspector listens at `wsUrl`. */
export function heapAfterGc(wsUrl: string): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--experimental-websocket', '--no-warnings', '-e', PROBE, wsUrl], { timeout: 20_000 }, (err, stdout, stderr) => {
      const bytes = Number(stdout);
      if (err || !Number.isFinite(bytes) || stdout === '') reject(new Error(`heap probe failed: ${stderr || String(err)}`));
      else resolve(bytes);
    });
  });
}
