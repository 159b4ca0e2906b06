/**
 * The message files: every language has exactly English's ids, each message parses as
 * ICU MessageFormat and takes the same arguments as the English one, and a Filipino or
 * Indonesian message is not just the English text left in place.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { catalogs, namespaces } from '../../../src/shared/i18n/catalog';
import { languages } from '../../../src/shared/i18n/languages';

const DIR = 'src/shared/i18n/messages';

/** Words that are the same in every language here (brands, units, codes). */
const SAME_EVERYWHERE = /^(OK|PIN|MAC|IP|API|RADIUS|CoA|QR|PNG|CSV|MB|GB|KB|ID|Wi-?Fi|WiFi|SSID|GCash|Maya|QRIS|Telegram|MikroTik|RouterOS|Hotspot|Email|E-?mail|Total|Status|Admin|Online|Offline|Router|Data|Voucher|Logo|Port|Token|No\.|#|\{[a-zA-Z]+\}|[^A-Za-z]*)$/;

function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const e of elements) {
    if (e.type === TYPE.argument || e.type === TYPE.number || e.type === TYPE.date || e.type === TYPE.time) into.add(e.value);
    if (e.type === TYPE.plural || e.type === TYPE.select) {
      into.add(e.value);
      for (const o of Object.values(e.options)) argumentsOf(o.value, into);
    }
    if (e.type === TYPE.tag) {
      into.add(`<${e.value}>`);
      argumentsOf(e.children, into);
    }
  }
  return into;
}

describe('message files', () => {
  it('has one file per namespace in every language, and nothing else', () => {
    for (const l of languages) {
      expect(readdirSync(join(DIR, l)).sort(), l).toEqual(namespaces.map((n) => `${n}.json`).sort());
    }
  });

  it('keeps each message in its namespace (ids start with the file name)', () => {
    const wrong: string[] = [];
    for (const l of languages) {
      for (const n of namespaces) {
        const messages = JSON.parse(readFileSync(join(DIR, l, `${n}.json`), 'utf8')) as Record<string, unknown>;
        for (const [id, text] of Object.entries(messages)) {
          if (!id.startsWith(`${n}.`)) wrong.push(`${l}/${n}.json: ${id}`);
          if (typeof text !== 'string' || text.trim() === '') wrong.push(`${l}/${n}.json: ${id} is empty`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('has every English message in Filipino and Indonesian, and no other', () => {
    const en = Object.keys(catalogs.en).sort();
    for (const l of ['fil', 'id'] as const) {
      const ids = Object.keys(catalogs[l]).sort();
      expect({ language: l, missing: en.filter((k) => !(k in catalogs[l])) }).toEqual({ language: l, missing: [] });
      expect({ language: l, extra: ids.filter((k) => !(k in catalogs.en)) }).toEqual({ language: l, extra: [] });
    }
  });

  it('parses every message as ICU, with the same arguments as English', () => {
    const problems: string[] = [];
    for (const [id, source] of Object.entries(catalogs.en)) {
      const enArgs = [...argumentsOf(parse(source))].sort();
      for (const l of ['fil', 'id'] as const) {
        const text = catalogs[l][id];
        if (text === undefined) continue;
        try {
          const args = [...argumentsOf(parse(text))].sort();
          if (args.join() !== enArgs.join()) problems.push(`${l} ${id}: arguments ${args.join(', ')} ≠ English ${enArgs.join(', ')}`);
        } catch (err) {
          problems.push(`${l} ${id}: ${(err as Error).message}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('has no Filipino or Indonesian message left in English', () => {
    const untranslated: string[] = [];
    for (const [id, source] of Object.entries(catalogs.en)) {
      if (SAME_EVERYWHERE.test(source.trim())) continue;
      if (!/[a-z]{3,}/.test(source)) continue;
      for (const l of ['fil', 'id'] as const) if (catalogs[l][id] === source) untranslated.push(`${l} ${id}: "${source}"`);
    }
    expect(untranslated).toEqual([]);
  });
});
