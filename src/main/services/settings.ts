/**
 * Settings, kept parsed in memory (the RADIUS path reads them per packet) and
 * written per section. A stored section that no longer parses (written by an older
 * build, edited by hand) falls back to its defaults with a warning instead of
 * stopping the till.
 */
import { defaultSettings, Settings, settingsSections } from '../../shared/domain';
import type { Actor } from '../db/audit';
import type { Store } from '../db/store';
import type { Logger } from '../log';
import type { UnitOfWork } from './unit-of-work';

export interface SettingsService {
  get(): Settings;
  /** Replaces the given sections (already validated) in one transaction and announces it; returns the new settings. */
  update(patch: Partial<Settings>, actor: Actor): Settings;
}

/** Loads the settings once and keeps them current. */
export function createSettingsService(store: Store, uow: UnitOfWork, now: () => number, log: Logger): SettingsService {
  const stored = new Map(store.settings.all().map((r) => [r.key, r.value]));
  const merged: Record<string, unknown> = {};
  for (const section of settingsSections) {
    const raw = stored.get(section);
    const shape = Settings.shape[section];
    const value: unknown = raw === undefined ? undefined : JSON.parse(raw);
    const base: unknown = defaultSettings[section];
    // Object sections take the defaults of fields added since they were stored; a plain value (the language) is itself.
    const filled = isObject(base) && isObject(value) ? { ...base, ...value } : value;
    const parsed = raw === undefined ? null : shape.safeParse(filled);
    if (parsed && !parsed.success) log.warn(`stored settings section "${section}" is invalid; using defaults`, { raw });
    merged[section] = parsed?.success ? parsed.data : defaultSettings[section];
  }
  let current = Settings.parse(merged);

  return {
    get: () => current,
    update(patch, actor) {
      const at = now();
      const next = Settings.parse({ ...current, ...patch });
      uow.run((changes) => {
        for (const section of settingsSections) {
          if (patch[section] === undefined) continue;
          store.settings.put(section, next[section]);
          store.audit.record(actor, { action: 'settings.update', entity: 'settings', entityId: null, details: { section } }, at);
        }
        // The in-memory copy follows the commit, before anyone is told to read it again.
        changes.after(() => (current = next));
        changes.emit('settings.changed', {});
      });
      return current;
    },
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
