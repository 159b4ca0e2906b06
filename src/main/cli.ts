/**
 * The command line: `iwas serve [options]`. Prints where the UI is and the token,
 * runs until SIGINT/SIGTERM, then stops cleanly (servers closed, database closed).
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Pin } from '../shared/domain';
import { normalizeIp } from '../shared/net';
import { createLogger, stderrSink, type Level, type Logger } from './log';
import { startServe, type Serving } from './serve/run';
import { VERSION } from './version';

const USAGE = `IWAS Counter ${VERSION}

Usage: iwas serve [options]

  --data-dir DIR       where the database lives (default ./iwas-data, or $IWAS_DATA_DIR)
  --port N             HTTP port on 127.0.0.1 for the UI and API (default 8780; 0 = any free port)
  --token T            API bearer token (default $IWAS_TOKEN, else a new random one each run)
  --admin-name NAME    with --admin-pin: create this first admin if there is no operator yet
  --admin-pin PIN      (default $IWAS_ADMIN_PIN)
  --radius-host ADDR   address the RADIUS listeners bind (default 0.0.0.0: the café LAN)
  --radius-auth-port N authentication port (default 1812; 0 = any free port)
  --radius-acct-port N accounting port (default 1813; 0 = any free port)
  --webhook-host ADDR  address the PC-sync webhook binds (default 0.0.0.0: the café LAN)
  --webhook-port N     its port (default 8790; 0 = any free port)
  --ui-dir DIR         the built UI (default dist/renderer beside this program)
  --log-level L        debug | info | warn | error (default info)
  -h, --help
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
  'log-level': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

class UsageError extends Error {}

function parseCommandLine(args: string[]) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

function port(text: string | undefined, fallback: number, flag: string): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`${flag} must be a port number 0–65535 (got "${text}")`);
  return n;
}

function apiToken(text: string | undefined): string | undefined {
  if (text !== undefined && !/^[\x21-\x7e]{8,}$/.test(text)) {
    throw new UsageError('--token / IWAS_TOKEN must be at least 8 printable characters without spaces');
  }
  return text;
}

function bindAddress(text: string | undefined, flag: string): string {
  if (text === undefined) return '0.0.0.0';
  const ip = normalizeIp(text);
  if (!ip) throw new UsageError(`${flag} must be an IP address (got "${text}")`);
  return ip;
}

function level(text: string | undefined): Level {
  const l = text ?? 'info';
  if (l === 'debug' || l === 'info' || l === 'warn' || l === 'error') return l;
  throw new UsageError(`--log-level must be debug, info, warn or error (got "${l}")`);
}

/** Runs the CLI; resolves with the process exit code. */
export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help') {
    process.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command !== 'serve') {
    process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
    return 2;
  }
  let serving: Serving;
  let log: Logger;
  try {
    const { values } = parseCommandLine(rest);
    if (values.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    log = createLogger(stderrSink, level(values['log-level']));
    const pin = values['admin-pin'] ?? env.IWAS_ADMIN_PIN;
    if (pin !== undefined && !Pin.safeParse(pin).success) throw new UsageError('--admin-pin must be 4 to 8 digits');
    const dataDir = resolve(values['data-dir'] ?? env.IWAS_DATA_DIR ?? 'iwas-data');
    const uiDir = resolve(values['ui-dir'] ?? join(dirname(process.argv[1] ?? '.'), '..', 'renderer'));
    serving = await startServe({
      dataDir,
      port: port(values.port, 8780, '--port'),
      token: apiToken(values.token ?? (env.IWAS_TOKEN || undefined)),
      staticDir: existsSync(uiDir) ? uiDir : null,
      radius: {
        host: bindAddress(values['radius-host'], '--radius-host'),
        authPort: port(values['radius-auth-port'], 1812, '--radius-auth-port'),
        acctPort: port(values['radius-acct-port'], 1813, '--radius-acct-port'),
      },
      webhook: { host: bindAddress(values['webhook-host'], '--webhook-host'), port: port(values['webhook-port'], 8790, '--webhook-port') },
      firstAdmin: pin === undefined ? undefined : { name: values['admin-name'] ?? 'Admin', pin },
      log,
    });
  } catch (err) {
    const usage = err instanceof UsageError;
    process.stderr.write(`iwas: ${err instanceof Error ? err.message : String(err)}\n${usage ? `\n${USAGE}` : ''}`);
    return usage ? 2 : 1;
  }

  const { url, token, core } = serving;
  const r = core.radiusStatus();
  const w = core.pcSyncStatus();
  process.stdout.write(
    [
      `IWAS Counter ${VERSION} is serving`,
      `  UI     ${url}`,
      `  Token  ${token}`,
      `  Open   ${url}#token=${token}`,
      `  Data   ${core.dataDir}`,
      r.listening ? `  RADIUS ${r.host} authentication ${r.authPort}, accounting ${r.acctPort}` : `  RADIUS not listening: ${r.error}`,
      w.listening ? `  PC sync http://${w.host}:${w.port}${w.path} (secret: Settings → PC integration)` : `  PC sync not listening: ${w.error}`,
      core.operators.needsAdmin() ? '  First run: open the UI to create the first admin (or restart with --admin-pin).' : '',
      '',
    ].join('\n'),
  );

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
      serving.stop().then(
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
    // A closed terminal or pipe (EPIPE) must not stop the café's RADIUS server, nor make it
    // spin: the error is swallowed and the sink stops writing there.
    for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
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
  });
}
