import { describe, expect, it } from 'vitest';
import { Settings } from '../../../src/shared/domain';

const branding = Settings.shape.branding;
const PNG_1x1 = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
const messages = (logo: string) => {
  const r = branding.safeParse({ logo, ssid: '', howToConnect: '' });
  return r.success ? [] : r.error.issues.map((i) => i.message);
};

describe('the logo in Settings → Receipt', () => {
  it('takes a PNG within the limits, or none', () => {
    expect(messages(PNG_1x1)).toEqual([]);
    expect(messages('')).toEqual([]);
  });

  it('refuses other types, broken PNGs and a first chunk that is not IHDR, with a message for the field', () => {
    expect(messages('data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=')).toContain('The logo must be a PNG or SVG image');
    expect(messages('data:image/png;base64,AAAA')).toContain('The logo is not a readable PNG image');
    const bytes = Buffer.from(PNG_1x1.split(',')[1]!, 'base64');
    bytes.write('XXXX', 12, 'latin1');
    expect(messages(`data:image/png;base64,${bytes.toString('base64')}`)).toContain('The logo is not a readable PNG image');
  });

  it('refuses a logo too large in bytes before decoding it (a huge upload must not hold up the core), and one too large in pixels', () => {
    const huge = `data:image/png;base64,${'A'.repeat(50 * 1024 * 1024)}`;
    expect(messages(huge)).toEqual(['The logo is too large: 38400 KB (at most 200 KB)']);
    const wide = Buffer.from(PNG_1x1.split(',')[1]!, 'base64');
    wide.writeUInt32BE(601, 16);
    expect(messages(`data:image/png;base64,${wide.toString('base64')}`)).toEqual(['The logo is 601×1 px: at most 600×300 px']);
  });
});
