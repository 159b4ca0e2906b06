import { describe, expect, it } from 'vitest';
import { desktopListeners, parseBindAddress, parsePort } from '../../src/main/listen';

describe('where the listeners bind', () => {
  it('the desktop app: the standard ports on every interface, unless the environment says otherwise', () => {
    expect(desktopListeners({})).toEqual({ radius: { host: '0.0.0.0', authPort: 1812, acctPort: 1813 }, webhook: { host: '0.0.0.0', port: 8790 } });
    expect(desktopListeners({ IWAS_RADIUS_AUTH_PORT: '11812', IWAS_RADIUS_ACCT_PORT: '11813', IWAS_WEBHOOK_HOST: '192.168.88.10' })).toEqual({
      radius: { host: '0.0.0.0', authPort: 11812, acctPort: 11813 },
      webhook: { host: '192.168.88.10', port: 8790 },
    });
    expect(() => desktopListeners({ IWAS_RADIUS_AUTH_PORT: '70000' })).toThrow('IWAS_RADIUS_AUTH_PORT must be a port number 0–65535 (got "70000")');
    expect(() => desktopListeners({ IWAS_WEBHOOK_HOST: 'the lan' })).toThrow('IWAS_WEBHOOK_HOST must be an IP address (got "the lan")');
    expect(parsePort('0', 1812, 'p')).toBe(0);
    expect(parseBindAddress('::1', 'h')).toBe('::1');
  });
});
