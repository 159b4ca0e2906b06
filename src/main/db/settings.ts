/** SQL for settings: one JSON value per section. */
import type { Db } from './sqlite';

/** Prepared statements for the settings table. */
export function settingsQueries(db: Db) {
  const all = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings');
  const put = db.prepare<[string, string]>(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  );
  return {
    all: () => all.all(),
    put: (key: string, value: unknown) => put.run(key, JSON.stringify(value)),
  };
}
