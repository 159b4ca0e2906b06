/**
 * The messages next to a form's fields that zod gives (too long, required, a whole number)
 * are in the till's language: the core's own English wording, its Filipino and Indonesian
 * from the catalogs, zod's Indonesian locale for the rest; a message a schema writes out
 * itself stays as written unless the catalogs say it (errors.schema.*, found by its English).
 * The language is read at each check, so a change applies at once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contract } from '../../../src/shared/contract';
import { defaultSettings, PackageInput, PaymentRef, PaymentSourceInput, paymentSourceKinds, RouterInput, Settings } from '../../../src/shared/domain';
import { catalogs } from '../../../src/shared/i18n/catalog';
import { useLanguage } from '../../../src/renderer/i18n/language';
import { schemaErrors } from '../../../src/renderer/lib/validate';

const pair = contract['devices.pair'].input;
const batch = contract['batches.create'].input;
const looks = z.object({ code: z.string().regex(/^\d+$/) });

afterEach(() => {
  useLanguage.getState().setCafe('en');
  useLanguage.getState().setMine(null);
});

describe('zod’s field messages in the till’s language', () => {
  it('in English, as the core says them', () => {
    expect(schemaErrors(pair, { code: '', name: 'x'.repeat(41) })).toEqual({ code: 'Required', name: 'At most 40 characters' });
    expect(schemaErrors(pair, {})).toEqual({ code: 'Required', name: 'Required' });
    expect(schemaErrors(batch, { packageId: 1.5, count: 3 })).toEqual({ packageId: 'A whole number' });
    expect(schemaErrors(looks, { code: 'ab' })).toEqual({ code: 'Invalid string: must match pattern /^\\d+$/' });
  });

  it('in Filipino, from the catalogs (zod ships no Filipino)', () => {
    useLanguage.getState().setCafe('fil');
    expect(schemaErrors(pair, { code: '', name: 'x'.repeat(41) })).toEqual({ code: 'Kailangan', name: 'Hanggang 40 na character lang' });
    expect(schemaErrors(batch, { packageId: 1.5, count: 3 })).toEqual({ packageId: 'Buong numero lang' });
    expect(schemaErrors(looks, { code: 'ab' })).toEqual({ code: 'Mali ang format' });
  });

  it('in Bahasa Indonesia: the catalogs where the core has its own wording, zod’s Indonesian for the rest', () => {
    useLanguage.getState().setCafe('id');
    expect(schemaErrors(pair, { code: '', name: 'x'.repeat(41) })).toEqual({ code: 'Wajib diisi', name: 'Maksimal 40 karakter' });
    expect(schemaErrors(looks, { code: 'ab' })).toEqual({ code: 'String tidak valid: harus sesuai pola /^\\d+$/' });
  });

  it('keeps what a schema writes out itself when the catalogs do not say it, and follows the operator’s own language', () => {
    useLanguage.getState().setCafe('fil');
    expect(schemaErrors(z.object({ name: z.string().min(3, 'Three letters or more') }), { name: 'ab' })).toEqual({ name: 'Three letters or more' });
    useLanguage.getState().setMine('id');
    expect(schemaErrors(pair, { code: '', name: 'Till' })).toEqual({ code: 'Wajib diisi' });
  });

  it('says a schema’s own sentence in the till’s language when the catalogs have it (errors.schema.*), by its English', () => {
    const end = contract['sessions.end'].input;
    expect(schemaErrors(end, { id: 1, reason: ' ' })).toEqual({ reason: 'Give a reason' });
    expect(schemaErrors(PaymentRef, '12#4')).toEqual({ _: 'Letters, digits, spaces and dashes only' });
    useLanguage.getState().setCafe('fil');
    expect(schemaErrors(end, { id: 1, reason: ' ' })).toEqual({ reason: 'Magbigay ng dahilan' });
    expect(schemaErrors(PaymentRef, '12#4')).toEqual({ _: 'Letra, numero, espasyo at gitling lang' });
    useLanguage.getState().setCafe('id');
    expect(schemaErrors(contract['sales.sell'].input, { packageId: 1, paidMinor: 2000, mac: 'zz' })).toMatchObject({ mac: 'Bukan alamat MAC (mis. AA:BB:CC:DD:EE:FF)' });
  });

  it('says the admin forms’ own sentences too: a package, a router, a payment source, the settings', () => {
    const hour = { name: 'Hour', pricing: 'fixed', priceMinor: 2000, timeLimitS: 3600 };
    useLanguage.getState().setCafe('fil');
    expect(schemaErrors(PackageInput, { ...hour, hotkey: 12 })).toEqual({ hotkey: 'Key mula 1 hanggang 9' });
    // One with a value filled in by the schema, read back from its English.
    expect(schemaErrors(batch, { packageId: 1, count: 2001 })).toEqual({ count: 'Hanggang 2,000 na card lang' });
    expect(schemaErrors(PackageInput, { ...hour, timeLimitS: null })).toEqual({ timeLimitS: 'Maglagay ng limit sa oras, data o validity' });
    expect(schemaErrors(RouterInput, { name: 'Main', ip: '192.168.88.1', secret: 'testing123', coaPort: 70000 })).toEqual({ coaPort: 'Port mula 1 hanggang 65535' });
    useLanguage.getState().setCafe('id');
    expect(schemaErrors(batch, { packageId: 1, count: 2001 })).toEqual({ count: 'Maksimal 2,000 kartu' });
    expect(schemaErrors(PackageInput, { ...hour, pricing: 'per_unit', priceMinor: 0, timeLimitS: null, validityS: 3600 })).toEqual({ priceMinor: 'Harga per unit harus di atas nol', timeLimitS: 'Paket per unit perlu waktu atau data per unit' });
    expect(schemaErrors(PaymentSourceInput, { key: 'Coin Door', name: 'Coin door', kind: paymentSourceKinds[0], packageIds: [], defaultPackageId: 1 })).toMatchObject({ key: 'Huruf kecil, angka, dan tanda hubung (mis. coin-door), maksimal 32', packageIds: 'Pilih minimal satu paket' });
    const summary = { ...defaultSettings.summary, closingTime: '25:00', telegram: { enabled: true, chatId: '' } };
    expect(schemaErrors(Settings.shape.summary, summary)).toEqual({ closingTime: 'Waktu seperti 22:00 (24 jam)', 'telegram.chatId': 'Wajib diisi untuk mengirim ke Telegram' });
  });

  it('has each errors.schema.* sentence written out, word for word, by a schema (a reworded schema would lose its translations)', () => {
    const schemas = ['domain.ts', 'contract.ts'].map((f) => readFileSync(join(__dirname, '../../../src/shared', f), 'utf8')).join('\n');
    const sentences = Object.entries(catalogs.en).filter(([id]) => id.startsWith('errors.schema.'));
    expect(sentences.length).toBeGreaterThan(0);
    for (const [id, english] of sentences) {
      // A sentence with values ("At most {max} cards") is a template literal there: `At most ${…} cards`.
      const written = english.includes('{')
        ? new RegExp('`' + english.split(/\{\w+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\$\\{.+?\\}') + '`').test(schemas)
        : schemas.includes(`'${english}'`);
      expect(written, id).toBe(true);
    }
  });
});
