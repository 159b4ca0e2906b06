/**
 * The command line:
 *
 *   iwas serve [options]   the app headless: HTTP API + UI on 127.0.0.1, RADIUS, the webhook
 *   iwas demo  [options]   the same with a simulated router, PC manager and customers
 *
 * Prints where the UI is and the token, runs until SIGINT/SIGTERM, then stops cleanly
 * (servers closed, database closed).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Pin } from '../shared/domain';
import type { Core } from './core';
import { parseBindAddress, parsePort } from './listen';
import { createLogger, stderrSink, type Level, type Logger } from './log';
import { startServe } from './serve/run';
import { DEMO_ADMIN, DEMO_CASHIER, DEMO_OTHER_TILL, startDemo } from './sim/demo';
import { VERSION } from './version';

const USAGE = `IWAS Counter ${VERSION}

Usage: iwas serve [options]      the app, headless
       iwas demo [options]       the app with a simulated router, PC manager and customers

Both:
  --port N             HTTP port on 127.0.0.1 for the UI and API (default 8780; 0 = any free port)
  --token T            API bearer token (default $IWAS_TOKEN, else the one kept in <data-dir>/serve-token, made on the first run)
  --ui-dir DIR         the built UI (default dist/renderer beside this program)
  --log-level L        debug | info | warn | error (default: info for serve, warn for demo)
  -h, --help

serve:
  --data-dir DIR       where the database lives (default ./iwas-data, or $IWAS_DATA_DIR)
  --admin-name NAME    with --admin-pin: create this first admin if there is no operator yet
  --admin-pin PIN      (default $IWAS_ADMIN_PIN)
  --radius-host ADDR   address the RADIUS listeners bind (default 0.0.0.0: the café LAN)
  --radius-auth-port N authentication port (default 1812; 0 = any free port)
  --radius-acct-port N accounting port (default 1813; 0 = any free port)
  --webhook-host ADDR  address the PC-sync webhook binds (default 0.0.0.0: the café LAN)
  --webhook-port N     its port (default 8790; 0 = any free port)
  --ui-host ADDR        also serve the UI on this café LAN address, to paired devices only (Settings → Devices;
                       its port: the one set there, default 8080). Without it, the Settings switch decides
  --no-backups         no scheduled backups; Back up now still works (default: every 24 h into <data-dir>/backups; see Settings)

demo (everything on 127.0.0.1):
  --data-dir DIR       keep the demo café here (default: a fresh one, deleted when the demo stops)
`;

const options = {
  'data-dir': { type: 'string' },
  port: { type: 'string' },
  token: { type: 'string' },
  'admin-name': { type: 'string' },
  'admin-pin': { type: 'string' },
  'ui-dir': { type: 'string' },
  'radius-host': { type: 'string' },
  'radius-auth-port': { type: 'string' },
  'radius-acct-port': { type: 'string' },
  'webhook-host': { type: 'string' },
  'webhook-port': { type: 'string' },
  'ui-host': { type: 'string' },
  'log-level': { type: 'string' },
  'no-backups': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseCommandLine>['values'];

class UsageError extends Error {}

function parseCommandLine(args: string[]) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

const usage = (message: string): never => {
  throw new UsageError(message);
};
const port = (text: string | undefined, fallback: number, flag: string) => parsePort(text, fallback, flag, usage);
const bindAddress = (text: string | undefined, flag: string) => parseBindAddress(text, flag, usage);
/** --ui-host: one LAN address of this PC (the till belongs on the staff network, not on every interface). */
const uiHost = (text: string) => {
  const host = bindAddress(text, '--ui-host');
  if (host === '0.0.0.0' || host === '::') throw new UsageError('--ui-host needs this PC’s LAN address (e.g. 192.168.88.10), not every address');
  return host;
};

function apiToken(text: string | undefined): string | undefined {
  if (text !== undefined && !/^[\x21-\x7e]{8,}$/.test(text)) {
    throw new UsageError('--token / IWAS_TOKEN must be at least 8 printable characters without spaces');
  }
  return text;
}

function level(text: string | undefined, fallback: Level): Level {
  const l = text ?? fallback;
  if (l === 'debug' || l === 'info' || l === 'warn' || l === 'error') return l;
  throw new UsageError(`--log-level must be debug, info, warn or error (got "${l}")`);
}

function uiDir(values: Values): string | null {
  const dir = resolve(values['ui-dir'] ?? join(dirname(process.argv[1] ?? '.'), '..', 'renderer'));
  return existsSync(dir) ? dir : null;
}

/** The lines every command prints at start: where the UI is, the token, what listens. */
function banner(what: string, url: string, token: string, core: Core): string[] {
  const r = core.radiusStatus();
  const w = core.pcSyncStatus();
  return [
    `IWAS Counter ${VERSION} ${what}`,
    `  UI     ${url}${core.status().database.ok ? '' : ' (database problem: see the log)'}`,
    `  Token  ${token}`,
    `  Open   ${url}#token=${token}`,
    `  Data   ${core.dataDir}`,
    r.listening ? `  RADIUS ${r.host} authentication ${r.authPort}, accounting ${r.acctPort}` : `  RADIUS not listening: ${r.error}`,
    w.listening ? `  PC sync http://${w.host}:${w.port}${w.path} (secret: Settings → PC sync)` : `  PC sync not listening: ${w.error}`,
  ];
}

interface Running {
  lines: string[];
  stop(): Promise<void>;
}

async function serve(values: Values, env: NodeJS.ProcessEnv, log: Logger): Promise<Running> {
  const pin = values['admin-pin'] ?? env.IWAS_ADMIN_PIN;
  if (pin !== undefined && !Pin.safeParse(pin).success) throw new UsageError('--admin-pin must be 4 to 8 digits');
  const serving = await startServe({
    dataDir: resolve(values['data-dir'] ?? env.IWAS_DATA_DIR ?? 'iwas-data'),
    port: port(values.port, 8780, '--port'),
    token: apiToken(values.token ?? (env.IWAS_TOKEN || undefined)),
    staticDir: uiDir(values),
    radius: {
      host: bindAddress(values['radius-host'], '--radius-host'),
      authPort: port(values['radius-auth-port'], 1812, '--radius-auth-port'),
      acctPort: port(values['radius-acct-port'], 1813, '--radius-acct-port'),
    },
    webhook: { host: bindAddress(values['webhook-host'], '--webhook-host'), port: port(values['webhook-port'], 8790, '--webhook-port') },
    uiHost: values['ui-host'] === undefined ? undefined : uiHost(values['ui-host']),
    firstAdmin: pin === undefined ? undefined : { name: values['admin-name'] ?? 'Admin', pin },
    backups: values['no-backups'] !== true,
    log,
  });
  await serving.lan.settled();
  const lines = banner('is serving', serving.url, serving.token, serving.core);
  const lan = serving.lan.state();
  if (lan.url) lines.push(`  LAN    ${lan.url} (paired devices only: Settings → Devices → Pair a device)`);
  else if (lan.error) lines.push(`  LAN    not listening: ${lan.error}`);
  if (serving.core.operators.needsAdmin()) lines.push('  First run: open the UI to create the first admin (or restart with --admin-pin).');
  return { lines, stop: () => serving.stop() };
}

async function demo(values: Values, env: NodeJS.ProcessEnv, log: Logger): Promise<Running> {
  for (const flag of ['admin-name', 'admin-pin', 'ui-host', 'radius-host', 'radius-auth-port', 'radius-acct-port', 'webhook-host', 'webhook-port', 'no-backups'] as const) {
    if (values[flag] !== undefined) throw new UsageError(`--${flag} is for serve; the demo runs everything on 127.0.0.1`);
  }
  const temporary = values['data-dir'] === undefined;
  const dataDir = temporary ? mkdtempSync(join(tmpdir(), 'iwas-demo-')) : resolve(values['data-dir']!);
  try {
    const d = await startDemo({
      dataDir,
      port: port(values.port, 8780, '--port'),
      token: apiToken(values.token ?? (env.IWAS_TOKEN || undefined)),
      staticDir: uiDir(values),
      log,
      out: (line) => process.stdout.write(`${line}\n`),
    });
    const lines = [
      ...banner('demo is running', d.serving.url, d.serving.token, d.serving.core),
      `  Sign in as ${DEMO_ADMIN.name} (PIN ${DEMO_ADMIN.pin}) or ${DEMO_CASHIER.name}, a cashier (PIN ${DEMO_CASHIER.pin}).`,
      `  A simulated MikroTik and PC manager are connected; customers arrive below, sold by ${DEMO_OTHER_TILL.name} at the other till (not in your shift). Ctrl-C stops the demo.`,
    ];
    return {
      lines,
      async stop() {
        await d.stop();
        if (temporary) rmSync(dataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    if (temporary) rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
}

/** Runs the CLI; resolves with the process exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  // A closed terminal or pipe (EPIPE) must not stop the café's RADIUS server, nor make it
  // spin: the error is swallowed and the sink stops writing there.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help') {
    process.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command !== 'serve' && command !== 'demo') {
    process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
    return 2;
  }
  let running: Running;
  let log: Logger;
  try {
    const { values } = parseCommandLine(rest);
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    log = createLogger(stderrSink, level(values['log-level'], command === 'demo' ? 'warn' : 'info'));
    running = await (command === 'serve' ? serve : demo)(values, env, log);
  } catch (err) {
    const usage = err instanceof UsageError;
    process.stderr.write(`iwas: ${err instanceof Error ? err.message : String(err)}\n${usage ? `\n${USAGE}` : ''}`);
    return usage ? 2 : 1;
  }
  return untilSignal(running, log);
}

/**
 * Prints the banner and keeps the process serving until SIGINT/SIGTERM, then stops it (a
 * second signal, or 10 s, forces the exit). The handlers are in place before the banner
 * says it is ready: a supervisor that stops it on seeing the banner gets a clean stop.
 */
function untilSignal(running: Running, log: Logger): Promise<number> {
  return new Promise<number>((done) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        log.warn(`${signal} again: exiting without waiting`);
        done(1);
        return;
      }
      stopping = true;
      log.info(`${signal}: stopping`);
      const force = setTimeout(() => {
        log.error('did not stop within 10 s; exiting');
        done(1);
      }, 10_000);
      force.unref();
      running.stop().then(
        () => {
          clearTimeout(force);
          done(0);
        },
        (err: unknown) => {
          log.error('stop failed', { err });
          done(1);
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    let reporting = false;
    const report = (what: string) => (err: unknown) => {
      if (reporting) return; // never recurse if logging itself fails
      reporting = true;
      try {
        log.error(`${what} (kept running)`, { err });
      } finally {
        reporting = false;
      }
    };
    process.on('uncaughtException', report('uncaught exception'));
    process.on('unhandledRejection', report('unhandled rejection'));
    process.stdout.write(`${running.lines.join('\n')}\n\n`);
  });
}
