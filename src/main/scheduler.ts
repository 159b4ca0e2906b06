/**
 * Periodic work: each task runs on its own interval, never overlapping itself, and a
 * task that throws is logged and runs again next time. The tasks come from their owners
 * (each service exposes its `tasks`); core.ts only hands them over.
 */
import type { Logger } from './log';

export interface Task {
  /** Unique: runNow finds a task by it. */
  name: string;
  everyMs: number;
  run: () => void | Promise<void>;
}

export interface Scheduler {
  /** Runs a task now (tests, and after a change that makes it urgent). */
  runNow(name: string): Promise<void>;
  stop(): void;
}

export function startScheduler(tasks: Task[], log: Logger): Scheduler {
  const running = new Set<string>();
  const run = async (t: Task) => {
    if (running.has(t.name)) return;
    running.add(t.name);
    try {
      await t.run();
    } catch (err) {
      log.error(`${t.name} failed`, { err });
    } finally {
      running.delete(t.name);
    }
  };
  const timers = tasks.map((t) => {
    const timer = setInterval(() => void run(t), t.everyMs);
    timer.unref();
    return timer;
  });
  return {
    async runNow(name) {
      const t = tasks.find((x) => x.name === name);
      if (!t) throw new Error(`scheduler: no task "${name}"`);
      await run(t);
    },
    stop() {
      for (const t of timers) clearInterval(t);
    },
  };
}
