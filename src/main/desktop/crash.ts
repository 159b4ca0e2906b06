/**
 * Nothing ends the till silently: an uncaught error is logged and shown, and the app
 * keeps serving the WiFi (the core's own loops contain their errors; this is the net
 * under them). A crashed window is logged and reloaded.
 */
import type { Logger } from '../log';

/** Installs the process-wide handlers; `show` tells the operator (a dialog in the app). */
export function installCrashHandlers(proc: Pick<NodeJS.Process, 'on'>, log: Logger, show: (title: string, message: string) => void): void {
  let shown = 0;
  const report = (kind: string, err: unknown) => {
    log.error(`${kind}: ${err instanceof Error ? err.message : String(err)}`, { err });
    // One dialog per minute at most: a repeating error must not bury the counter in dialogs.
    if (Date.now() - shown < 60_000) return;
    shown = Date.now();
    show('IWAS Counter hit an unexpected error', `${err instanceof Error ? err.message : String(err)}\n\nThe WiFi service keeps running. The details are in the log (Settings → Backups & this PC shows where).`);
  };
  proc.on('uncaughtException', (err) => report('uncaught exception', err));
  proc.on('unhandledRejection', (reason) => report('unhandled rejection', reason));
}
