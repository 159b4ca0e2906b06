/**
 * The app as the reliability runs see it: `node dist/main/cli.cjs serve` in its own
 * process, on fixed loopback ports (so a simulated router keeps talking to the same
 * place across restarts), driven over its HTTP API. The runs kill it, restart it and
 * read its files, never its memory.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { createServer, type AddressInfo } from 'node:net';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
export const TOKEN = 'reliability-token-0000';
export const ADMIN_PIN = '1234';

/** Builds dist/ once (the program the café runs). */
export function buildApp(): void {
  const r = spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
}

/** Free UDP ports on 127.0.0.1 (released again: the app binds them next). */
export async function freeUdpPorts(n: number): Promise<number[]> {
  const sockets = await Promise.all(
    Array.from({ length: n }, () => new Promise<ReturnType<typeof createSocket>>((resolve) => {
      const s = createSocket('udp4');
      s.bind(0, '127.0.0.1', () => resolve(s));
    })),
  );
  const ports = sockets.map((s) => s.address().port);
  await Promise.all(sockets.map((s) => new Promise<void>((r) => s.close(() => r()))));
  return ports;
}

/** Free TCP ports on 127.0.0.1 (released again: the app binds them next, e.g. its LAN webhook port, fixed across restarts). */
export async function freeTcpPorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, () => new Promise<ReturnType<typeof createServer>>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => resolve(s));
    })),
  );
  const ports = servers.map((s) => (s.address() as AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  return ports;
}

export interface ServeConfig {
  dataDir: string;
  authPort: number;
  acctPort: number;
  webhookPort?: number;
  /** Opens the inspector on 127.0.0.1 (a free port) so the soak run can read the heap after GC. */
  inspect?: boolean;
  /** Milliseconds to wait for the RADIUS listeners (default 20 s). */
  readyTimeoutMs?: number;
}

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

export interface ServeProcess {
  pid: number;
  url: string;
  child: ChildProcess;
  /** Everything the process printed so far. */
  output(): string;
  /** Lines it logged at error level, uncaught exceptions and unhandled rejections included. */
  errors(): string[];
  /** Calls an API method as the admin; rejects with ApiError on a 4xx/5xx, with a TypeError when the process is gone. */
  call<T = unknown>(method: string, input: unknown): Promise<T>;
  /** SIGKILL: the power cord. Resolves when the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** The inspector's WebSocket address (with `inspect`). */
  inspectorUrl: string | null;
  /** Resident set size (kB) and open file descriptors, from /proc. */
  resources(): { rssKb: number; fds: number };
}

/** Starts the serve process and waits until its RADIUS ports are bound. */
export async function startServe(c: ServeConfig): Promise<ServeProcess> {
  const args = [
    'dist/main/cli.cjs', 'serve', '--data-dir', c.dataDir, '--port', '0', '--token', TOKEN, '--admin-pin', ADMIN_PIN,
    '--log-level', 'warn', '--no-backups', '--radius-host', '127.0.0.1',
    '--radius-auth-port', String(c.authPort), '--radius-acct-port', String(c.acctPort),
    '--webhook-host', '127.0.0.1', '--webhook-port', String(c.webhookPort ?? 0),
  ];
  const child = spawn(process.execPath, [...(c.inspect ? ['--inspect=127.0.0.1:0'] : []), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  let gone = false;
  // Never left behind, whatever happens to the run that started it.
  const orphan = () => child.kill('SIGKILL');
  process.once('exit', orphan);
  void exited.then(() => {
    gone = true;
    process.off('exit', orphan);
  });

  const deadline = Date.now() + (c.readyTimeoutMs ?? 20_000);
  while (!/RADIUS 127\.0\.0\.1 authentication/.test(out)) {
    if (gone || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`serve did not start (${gone ? 'exited' : 'timed out'}):\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const url = /UI\s+(http\S+)/.exec(out)![1]!;

  let operatorToken: Promise<string> | null = null;
  const post = async <T>(method: string, input: unknown, op?: string): Promise<T> => {
    const res = await fetch(`${url}api/${method}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', ...(op ? { 'X-Operator-Token': op } : {}) },
      body: JSON.stringify(input),
    });
    const body = (await res.json()) as T & { error?: { code: string; message: string } };
    if (!res.ok) throw new ApiError(res.status, body.error?.code ?? 'unknown', body.error?.message ?? res.statusText);
    return body;
  };

  return {
    pid: child.pid!,
    url,
    child,
    inspectorUrl: /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/\S+)/.exec(out)?.[1] ?? null,
    output: () => out,
    errors: () => out.split('\n').filter((l) => / ERROR |uncaught exception|unhandled rejection/i.test(l)),
    async call<T>(method: string, input: unknown): Promise<T> {
      operatorToken ??= post<{ token: string }>('operators.signIn', { operatorId: 1, pin: ADMIN_PIN }).then(
        (r) => r.token,
        (err: unknown) => {
          operatorToken = null; // the next call signs in again
          throw err;
        },
      );
      return post<T>(method, input, await operatorToken);
    },
    async kill() {
      if (!gone) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (!gone) child.kill('SIGTERM');
      return exited;
    },
    resources() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return { rssKb: Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0), fds: readdirSync(`/proc/${child.pid}/fd`).length };
    },
  };
}
