/**
 * Exceptions that escape the code under test: thrown out of a decoder step, or
 * uncaught / unhandled anywhere in the process while the servers run (a UDP handler
 * that throws past its guard, a rejected promise nobody awaits). Each is counted and
 * saved with the inputs in flight at the time; the process keeps going, so one run
 * counts them all.
 */
import type { Findings } from './findings';
import type { Input } from './input';

export class CrashGuard {
  /** The inputs being processed now (the decoder's current input, the servers' current window). */
  inFlight: readonly Input[] = [];
  count = 0;

  constructor(private readonly findings: Findings) {}

  /** Counts an exception and saves the inputs in flight (or `inputs`). */
  crash(kind: 'exception' | 'uncaught' | 'unhandled_rejection', err: unknown, inputs: readonly Input[] = this.inFlight): void {
    this.count++;
    this.findings.report(kind, err instanceof Error ? (err.stack ?? err.message) : String(err), inputs);
  }

  /** Routes the process's uncaught exceptions and unhandled rejections here until the returned function is called. */
  install(): () => void {
    const onException = (err: unknown) => this.crash('uncaught', err);
    const onRejection = (err: unknown) => this.crash('unhandled_rejection', err);
    process.on('uncaughtException', onException);
    process.on('unhandledRejection', onRejection);
    return () => {
      process.off('uncaughtException', onException);
      process.off('unhandledRejection', onRejection);
    };
  }
}
