/**
 * A small leveled logger. Every line carries its subsystem (`radius`, `coa`, `api`…);
 * where lines go is the caller's choice (stderr in serve mode, a rotating file in the
 * desktop app, nowhere in tests).
 */

export type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LogLine {
  at: number;
  level: Level;
  subsystem: string;
  message: string;
  fields?: Record<string, unknown>;
}

export type LogSink = (line: LogLine) => void;

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger for a subsystem, writing to the same sink. */
  child(subsystem: string): Logger;
}

/** Creates a logger that passes lines at or above `minLevel` to `sink`. */
export function createLogger(sink: LogSink, minLevel: Level = 'info', subsystem = 'core'): Logger {
  const emit = (level: Level) => (message: string, fields?: Record<string, unknown>) => {
    if (order[level] < order[minLevel]) return;
    sink({ at: Date.now(), level, subsystem, message, ...(fields ? { fields } : {}) });
  };
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (name) => createLogger(sink, minLevel, name),
  };
}

/** Formats a line as one human-readable text line. */
export function formatLine(l: LogLine): string {
  const fields = l.fields ? ` ${JSON.stringify(l.fields, errorReplacer)}` : '';
  return `${new Date(l.at).toISOString()} ${l.level.toUpperCase().padEnd(5)} ${l.subsystem}: ${l.message}${fields}`;
}

function errorReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
}

/** A sink writing formatted lines to stderr; silent once stderr is gone (a closed terminal or pipe). */
export const stderrSink: LogSink = (l) => {
  if (process.stderr.writable && !process.stderr.destroyed) process.stderr.write(`${formatLine(l)}\n`);
};

/** A logger that drops everything (tests). */
export const silentLogger: Logger = createLogger(() => {}, 'error');
