/**
 * The mirror of what the core owns: live sessions, packages, settings, status. Never
 * edited locally: filled by loads and by the pushed events (sessions arrive in
 * batches, merged by id), so every screen shows the same truth.
 */
import { create } from 'zustand';
import type { PackageView, RadiusStatus, SessionView, Settings, Status } from '../../shared/domain';
import type { CoreEvent } from '../../shared/events';
import { onLiveScreen } from '../../shared/engine/session-state';
import { useLanguage } from '../i18n/language';

/** Whether a pushed session belongs in the live list (the engine's rule, with the devices it has online). */
const onScreen = (s: SessionView) => onLiveScreen(s, s.devices.length);

export interface DataState {
  /** Live sessions by id; a new Map on every change (its identity is the change signal for selectors). */
  sessions: Map<number, SessionView>;
  sessionsLoaded: boolean;
  packages: PackageView[];
  settings: Settings | null;
  status: Status | null;
  radius: RadiusStatus | null;
  /** Bumped when routers, operators or sales change (screens showing them reload). */
  routersVersion: number;
  operatorsVersion: number;
  salesVersion: number;
  /** Bumped when a shift opens or closes, or a sale changes a shift's takings (shift screens reload). */
  shiftsVersion: number;
  /** Bumped when a card batch changes (generated, voided, a card sold by its first use). */
  batchesVersion: number;
  /** Bumped when a session leaves the live list (History's ended sessions reload). */
  endedVersion: number;
  /** Bumped when a payment source or its events change, or a sale is recorded (Settings → Self-service reloads: today's takings, last events). */
  paymentSourcesVersion: number;
  replaceSessions(list: SessionView[]): void;
  applySessions(batch: SessionView[]): void;
  setPackages(list: PackageView[]): void;
  setSettings(s: Settings): void;
  setStatus(s: Status, radius: RadiusStatus): void;
  /** Applies one pushed event; returns what must be reloaded from the core. */
  apply(event: CoreEvent): 'packages' | 'settings' | 'status' | null;
  /** After the event stream comes back: what was read on demand may have changed meanwhile. */
  resynced(): void;
}

export const useData = create<DataState>()((set, get) => ({
  sessions: new Map(),
  sessionsLoaded: false,
  packages: [],
  settings: null,
  status: null,
  radius: null,
  routersVersion: 0,
  operatorsVersion: 0,
  salesVersion: 0,
  shiftsVersion: 0,
  batchesVersion: 0,
  endedVersion: 0,
  paymentSourcesVersion: 0,
  replaceSessions(list) {
    set({ sessions: new Map(list.filter(onScreen).map((x) => [x.id, x])), sessionsLoaded: true });
  },
  applySessions(batch) {
    if (batch.length === 0) return;
    const sessions = new Map(get().sessions);
    let ended = 0;
    for (const s of batch) {
      if (onScreen(s)) sessions.set(s.id, s);
      else if (sessions.delete(s.id)) ended++;
    }
    set((s) => ({ sessions, endedVersion: s.endedVersion + (ended ? 1 : 0) }));
  },
  setPackages(list) {
    set({ packages: list });
  },
  setSettings(settings) {
    useLanguage.getState().setCafe(settings.language, settings.money.locale);
    set({ settings });
  },
  setStatus(status, radius) {
    set({ status, radius });
  },
  resynced() {
    set((s) => ({ salesVersion: s.salesVersion + 1, shiftsVersion: s.shiftsVersion + 1, batchesVersion: s.batchesVersion + 1, endedVersion: s.endedVersion + 1, routersVersion: s.routersVersion + 1, operatorsVersion: s.operatorsVersion + 1, paymentSourcesVersion: s.paymentSourcesVersion + 1 }));
  },
  apply(event) {
    switch (event.type) {
      case 'sessions.updated':
        get().applySessions(event.sessions);
        return null;
      case 'sale.recorded':
        // A void of a self-service sale changes its source's takings today (its purchases announce paymentSources.changed).
        set((s) => ({
          salesVersion: s.salesVersion + 1,
          shiftsVersion: s.shiftsVersion + 1,
          paymentSourcesVersion: event.sale.kind === 'void' && event.sale.sourceId !== null ? s.paymentSourcesVersion + 1 : s.paymentSourcesVersion,
        }));
        return null;
      case 'paymentSources.changed':
        set((s) => ({ paymentSourcesVersion: s.paymentSourcesVersion + 1 }));
        return null;
      case 'shifts.changed':
        set((s) => ({ shiftsVersion: s.shiftsVersion + 1 }));
        return null;
      case 'batches.changed':
        // Cards sold at generation are ledger rows of the admin's shift; a card's first use is a sale.
        set((s) => ({ batchesVersion: s.batchesVersion + 1, salesVersion: s.salesVersion + 1, shiftsVersion: s.shiftsVersion + 1 }));
        return null;
      case 'routers.changed':
        set((s) => ({ routersVersion: s.routersVersion + 1 }));
        return null;
      case 'operators.changed':
        set((s) => ({ operatorsVersion: s.operatorsVersion + 1 }));
        return null;
      case 'packages.changed':
        return 'packages';
      case 'settings.changed':
        return 'settings';
      case 'status.changed':
        // The event has the core's status; the status bar also shows RADIUS details read with it.
        return 'status';
      default:
        return null;
    }
  },
}));
