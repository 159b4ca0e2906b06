/**
 * Logins before usage reports. A login is a customer waiting at the captive portal; a usage
 * report is a router's bookkeeping, which it sends again if it is not answered. When both
 * come at once (a router reboot brings every device back while the others keep reporting),
 * the accounting side gives way: it commits its next batch only when no Access-Request is
 * waiting to be read, or once it has waited `maxMs` in a row, so it is never starved.
 * FreeRADIUS 3 orders its request queue the same way (Access-Requests before
 * Accounting-Requests); here nothing is dropped, only delayed by a few milliseconds.
 */

/** The longest accounting waits in a row for logins before it runs anyway. */
export const GIVE_WAY_MAX_MS = 3;

/**
 * A gate for work that gives way to logins: `go()` says whether it may run now. While logins
 * wait it says no, for at most `maxMs` from the first no; then yes once, and it starts over.
 */
export function givingWay(loginsWaiting: () => boolean, maxMs = GIVE_WAY_MAX_MS, now: () => number = () => performance.now()) {
  let since = -1;
  return {
    go(): boolean {
      if (!loginsWaiting()) {
        since = -1;
        return true;
      }
      const t = now();
      if (since < 0) since = t;
      if (t - since < maxMs) return false;
      since = -1;
      return true;
    },
  };
}
