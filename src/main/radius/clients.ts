/**
 * The RADIUS clients (routers) by source address, kept in memory for the per-packet
 * path and reloaded when the routers change. Also remembers, per router, whether it
 * must send Message-Authenticator (the BlastRADIUS defence).
 */
import type { RouterRow } from '../db/routers';
import type { Store } from '../db/store';

export class RouterRegistry {
  private byAddress = new Map<string, RouterRow>();

  constructor(private readonly store: Store) {
    this.reload();
  }

  /** Re-reads the routers table (after routers.create/update/remove). */
  reload(): void {
    this.byAddress = new Map(this.store.routers.list().map((r) => [r.ip, r]));
  }

  /** The router sending from `address` (IPv4-mapped IPv6 accepted), or undefined. */
  byIp(address: string): RouterRow | undefined {
    return this.byAddress.get(address.startsWith('::ffff:') ? address.slice(7) : address);
  }

  /** yes: always; no: never; auto: once the router has sent a valid one. */
  requiresMessageAuthenticator(r: RouterRow): boolean {
    return r.requireMessageAuthenticator === 'yes' || (r.requireMessageAuthenticator === 'auto' && r.messageAuthenticatorSeen === 1);
  }

  /** Notes a valid Message-Authenticator from a router in auto mode: from now on (and after restarts) it is required. */
  noteMessageAuthenticator(r: RouterRow): boolean {
    if (r.requireMessageAuthenticator !== 'auto' || r.messageAuthenticatorSeen === 1) return false;
    this.store.routers.markMessageAuthenticatorSeen(r.id);
    r.messageAuthenticatorSeen = 1;
    // Committed, on disk with the next flush (the reply does not rest on it). Were a power cut to lose it, the
    // router's next packet, which carries one again, notes it again.
    return true;
  }
}
