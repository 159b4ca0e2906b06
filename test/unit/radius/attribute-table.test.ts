import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RFC_ATTRIBUTES, VENDOR_ATTRIBUTES } from '../../../src/main/radius/attribute-table';
import { MIKROTIK_DICTIONARY } from '../../../src/main/radius/dictionary';
import { PACKAGE_VENDORS, packageAttributes, renderAttributeTable } from './oracle';

const RFC_DIR = join(__dirname, '../../../node_modules/radius/dictionaries');

describe('the attribute table is what the radius package makes of the dictionaries', () => {
  it('attribute-table.ts is generated from them now (regenerate: this test with -u)', async () => {
    await expect(renderAttributeTable()).toMatchFileSnapshot('../../../src/main/radius/attribute-table.ts');
  });

  it('covers every vendor the dictionaries name', () => {
    const texts = [...readdirSync(RFC_DIR).map((f) => readFileSync(join(RFC_DIR, f), 'utf8')), MIKROTIK_DICTIONARY];
    const vendors = texts.flatMap((t) => [...t.matchAll(/^VENDOR\s+\S+\s+(\d+)/gm)].map((m) => Number(m[1])));
    expect([...new Set(vendors)].sort()).toEqual([...PACKAGE_VENDORS].sort());
  });

  it('each entry holds the package’s name, type, tag and hiding, and every value name both ways', () => {
    for (const [vendor, table] of [[-1, RFC_ATTRIBUTES], ...PACKAGE_VENDORS.map((v) => [v, VENDOR_ATTRIBUTES[v]!] as const)] as const) {
      const known = packageAttributes(vendor);
      expect(Object.keys(table).map(Number)).toEqual(known.map((a) => a.id));
      for (const a of known) {
        const d = table[a.id]!;
        expect({ name: d.name, type: d.type, tagged: d.tagged === true, hidden: d.hidden === true }).toEqual({ name: a.name, type: a.type, tagged: a.modifiers['has_tag'] === true, hidden: a.modifiers['encrypt=1'] === true });
        const decodes = Object.fromEntries(Object.entries(d.values ?? {}).map(([name, n]) => [String(n), name]));
        expect(decodes).toEqual(a.enumeration);
        const encodes = Object.fromEntries(Object.entries({ ...d.values, ...d.aliases }).map(([name, n]) => [name, String(n)]));
        expect(encodes).toEqual(a.reverse);
      }
    }
  });
});
