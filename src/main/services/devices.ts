/**
 * Paired devices: a browser (another till PC, the owner's phone) gets its own token by
 * typing a short code an admin shows in Settings → Devices, instead of being handed the
 * API token. Codes: 6 digits, valid 5 minutes, one use, burnt after 5 wrong tries
 * (a guess on the LAN has a 5-in-a-million chance). Tokens are stored by their SHA-256
 * only; a revoked one is refused at once (the cache is dropped in the same step).
 */
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { PairedDevice, PairingView } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import { refusal } from '../../shared/i18n/refusal';
import type { Actor } from '../db/audit';
import type { DeviceRow } from '../db/devices';
import type { Store } from '../db/store';
import type { UnitOfWork } from './unit-of-work';

export const PAIRING_TTL_MS = 5 * 60_000;
const MAX_WRONG_CODES = 5;
/** A device's last use is written at most this often. */
const TOUCH_EVERY_MS = 60_000;

interface Pairing {
  code: string;
  expiresAt: number;
  byOperatorId: number | null;
}

export interface DevicesDeps {
  store: Store;
  uow: UnitOfWork;
  now: () => number;
  /** Replaces the API token kept in the data directory; returns the new one. */
  replaceStoredToken: () => string;
}

export type DeviceService = ReturnType<typeof createDeviceService>;

const sha256 = (token: string) => createHash('sha256').update(token).digest();
/** Compares codes in constant time (both hashed: equal lengths). */
const sameCode = (a: string, b: string) => timingSafeEqual(sha256(a), sha256(b));

export function toPairedDevice(d: DeviceRow): PairedDevice {
  return { id: d.id, name: d.name, pairedAt: d.pairedAt, lastUsedAt: d.lastUsedAt, lastAddress: d.lastAddress, revokedAt: d.revokedAt };
}

/** Creates the device service; `urls` says where a browser can open the UI (set by whoever serves it). */
export function createDeviceService({ store, uow, now, replaceStoredToken }: DevicesDeps) {
  /** The one code on offer (a new one replaces it). */
  let pairing: Pairing | null = null;
  let wrongTries = 0;
  let urls: () => string[] = () => [];
  let lan: () => { url: string | null; error: string | null } = () => ({ url: null, error: null });
  /** Live devices by token hash (base64): what resolve() answers without SQL. */
  const known = new Map<string, { id: number; stored: number; address: string | null }>();
  const revokedListeners = new Set<(deviceId: number) => void>();
  /** Serve mode swaps the token it checks; without one (the desktop app) only the stored token changes. */
  let replaceApiToken = replaceStoredToken;

  const current = (): Pairing | null => {
    if (pairing && pairing.expiresAt <= now()) pairing = null;
    return pairing;
  };

  return {
    /** Where the UI is served (loopback, LAN): the addresses a pairing shows. */
    setUrls(fn: () => string[]) {
      urls = fn;
    },

    /** Serve mode: how a new API token takes effect at once (it also stores it). */
    setApiTokenReplacer(fn: () => string) {
      replaceApiToken = fn;
    },

    /** A new API token (the one printed at start, for scripts and tills opened with its link); paired devices keep theirs. */
    newApiToken(actor: Actor): string {
      const token = replaceApiToken();
      uow.run(() => store.audit.record(actor, { action: 'api-token.replace', entity: 'device', entityId: null }, now()));
      return token;
    },

    /** Where the UI on the café LAN is (set by whoever serves it). */
    setLanState(fn: () => { url: string | null; error: string | null }) {
      lan = fn;
    },
    lanState: () => lan(),

    /** Called with a device's id when it is revoked (its open event streams are closed). */
    onRevoked(fn: (deviceId: number) => void): () => void {
      revokedListeners.add(fn);
      return () => revokedListeners.delete(fn);
    },

    startPairing(actor: Actor): PairingView {
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      pairing = { code, expiresAt: now() + PAIRING_TTL_MS, byOperatorId: actor.kind === 'operator' ? actor.id : null };
      wrongTries = 0;
      uow.run(() => store.audit.record(actor, { action: 'device.pairing', entity: 'device', entityId: null, details: { expiresAt: pairing!.expiresAt } }, now()));
      return { code, expiresAt: pairing.expiresAt, urls: urls().map((u) => `${u}#pair=${code}`) };
    },

    /** Pairs a browser: the code must be the one on offer; returns the device's token (shown once). */
    pair(code: string, name: string, address: string | null): { token: string; device: PairedDevice } {
      const p = current();
      const typed = code.replace(/[\s-]/g, '');
      if (!p) throw refusal('unauthorized', { id: 'errors.pair.noCode' }, { code: { id: 'errors.pair.noCodeField' } });
      if (!sameCode(typed, p.code)) {
        wrongTries += 1;
        if (wrongTries >= MAX_WRONG_CODES) pairing = null;
        throw refusal('unauthorized', { id: 'errors.pair.wrong' }, { code: { id: 'errors.pair.wrongField' } });
      }
      pairing = null;
      const token = randomBytes(32).toString('base64url');
      const t = now();
      const device = uow.run((changes) => {
        const id = store.devices.insert(name, sha256(token), t, p.byOperatorId);
        store.devices.touch(id, t, address);
        store.audit.record({ kind: 'system', id: null, name: 'pairing' }, { action: 'device.pair', entity: 'device', entityId: id, details: { name, address } }, t);
        changes.emit('devices.changed', { deviceId: id });
        return store.devices.get(id)!;
      });
      return { token, device: toPairedDevice(device) };
    },

    /** The paired device a token belongs to (not revoked), noting its use; null otherwise. */
    resolve(token: string, address: string | null): number | null {
      const sha = sha256(token);
      const key = sha.toString('base64');
      let entry = known.get(key);
      if (!entry) {
        const row = store.devices.byToken(sha);
        if (!row || row.revokedAt !== null) return null;
        entry = { id: row.id, stored: row.lastUsedAt ?? 0, address: row.lastAddress };
        known.set(key, entry);
      }
      const t = now();
      if (t - entry.stored >= TOUCH_EVERY_MS || address !== entry.address) {
        entry.stored = t;
        entry.address = address;
        const id = entry.id;
        // Noting the last use must not refuse the call (a busy disk): tried again on the next call a minute later.
        try {
          uow.run(() => store.devices.touch(id, t, address));
        } catch {
          entry.stored = t - TOUCH_EVERY_MS + 1000;
        }
      }
      return entry.id;
    },

    list: (): PairedDevice[] => store.devices.list().map(toPairedDevice),

    revoke(id: number, actor: Actor): PairedDevice {
      const row = uow.run((changes) => {
        const d = store.devices.get(id);
        if (!d) throw new AppError('not_found', `Device ${id} does not exist`);
        if (d.revokedAt === null) {
          store.devices.revoke(id, now());
          store.audit.record(actor, { action: 'device.revoke', entity: 'device', entityId: id, details: { name: d.name } }, now());
          changes.emit('devices.changed', { deviceId: id });
        }
        return store.devices.get(id)!;
      });
      for (const [k, e] of known) if (e.id === id) known.delete(k);
      for (const fn of revokedListeners) fn(id);
      return toPairedDevice(row);
    },
  };
}
