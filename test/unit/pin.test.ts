import { describe, expect, it } from 'vitest';
import { hashPin, verifyPin } from '../../src/main/security/pin';

describe('PIN hashing', () => {
  it('verifies the right PIN and refuses others', async () => {
    const h = await hashPin('4821');
    expect(h).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(h).not.toContain('4821');
    expect(await verifyPin('4821', h)).toBe(true);
    expect(await verifyPin('4822', h)).toBe(false);
  });
  it('salts every hash', async () => {
    expect(await hashPin('1234')).not.toBe(await hashPin('1234'));
  });
  it('treats an unreadable hash as a wrong PIN', async () => {
    expect(await verifyPin('1234', 'plain')).toBe(false);
    expect(await verifyPin('1234', 'scrypt$1$2$3')).toBe(false);
  });
});
