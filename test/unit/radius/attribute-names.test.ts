import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OUTPUT, renderAttributeNames } from '../../../scripts/attribute-names';
import { ATTRIBUTE_NAMES, MIKROTIK_ATTRIBUTE_NAMES } from '../../../src/main/radius/attribute-names';
import { decodeAttributes, encodePacket, parseFrame, str, type Attribute } from '../../../src/main/radius/codec';
import { Code, INTEGER_ATTRIBUTES, MIKROTIK_INTEGER_ATTRIBUTES } from '../../../src/main/radius/dictionary';

describe('attribute names are typed from the dictionaries', () => {
  it('attribute-names.ts is what the dictionaries generate now (regenerate with `npx tsx scripts/attribute-names.ts`)', () => {
    expect(readFileSync(OUTPUT, 'utf8')).toBe(renderAttributeNames());
  });

  it('holds the names the app sends and reads, and every integer attribute the codec pools', () => {
    for (const n of ['User-Name', 'Reply-Message', 'Session-Timeout', 'Class', 'Vendor-Specific', 'Event-Timestamp', 'Message-Authenticator', 'Error-Cause', 'Acct-Input-Gigawords'] as const) {
      expect(ATTRIBUTE_NAMES).toContain(n);
    }
    for (const n of INTEGER_ATTRIBUTES) expect(ATTRIBUTE_NAMES).toContain(n);
    for (const n of MIKROTIK_INTEGER_ATTRIBUTES) expect(MIKROTIK_ATTRIBUTE_NAMES).toContain(n);
    expect(MIKROTIK_ATTRIBUTE_NAMES).toContain('Mikrotik-Rate-Limit');
  });

  it('a misspelt name does not compile', () => {
    // @ts-expect-error 'Sesion-Timeout' is not in the dictionaries
    const wrong: Attribute = ['Sesion-Timeout', 1];
    // @ts-expect-error a MikroTik attribute is not a top-level attribute
    const misplaced: Attribute = ['Mikrotik-Rate-Limit', '1k/1k'];
    // @ts-expect-error 'Mikrotik-Total-Limits' is not in MIKROTIK_DICTIONARY
    const vendor: Attribute = ['Vendor-Specific', 14988, [['Mikrotik-Total-Limits', 1]]];
    // @ts-expect-error readers take dictionary names too
    str({}, 'User-Nmae');
    expect([wrong, misplaced, vendor]).toHaveLength(3);
  });

  it('every generated name encodes and decodes as itself through the package', () => {
    const attributes: Attribute[] = [
      ['User-Name', 'x'],
      ['Vendor-Specific', 14988, MIKROTIK_ATTRIBUTE_NAMES.filter((n) => n.endsWith('-Group') || n.endsWith('-Rate-Limit')).map((n) => [n, 'v'])],
    ];
    const f = parseFrame(encodePacket({ code: Code.AccessAccept, identifier: 1, authenticator: Buffer.alloc(16), secret: 'x', messageAuthenticator: false, attributes }));
    if (!f.ok) throw new Error(f.reason);
    const d = decodeAttributes(f.frame);
    if (!d.ok) throw new Error(d.reason);
    expect(Object.keys(d.attributes['Vendor-Specific'] as object).sort()).toEqual(['Mikrotik-Group', 'Mikrotik-Rate-Limit']);
  });
});
