import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { CARDS_PER_PAGE, sheetPages } from '../../../src/renderer/components/card-sheet';
import { printable } from '../../../src/renderer/components/cards-print-dialog';
import { batchCsv } from '../../../src/renderer/features/batches/batch-csv';
import { qrShape } from '../../../src/renderer/lib/card-qr';
import type { BatchDetail } from '../../../src/shared/domain';

/** The dark modules an SVG path of qrShape draws (1-unit strokes along rows, at y + .5). */
function modulesOf(d: string, size: number): boolean[] {
  const dark = new Array<boolean>(size * size).fill(false);
  let x = 0;
  let y = 0;
  for (const [, cmd, a, b] of d.matchAll(/([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?/g)) {
    if (cmd === 'M') [x, y] = [Number(a), Math.floor(Number(b))];
    else if (cmd === 'm') x += Number(a);
    else for (let end = x + Number(a); x < end; x++) dark[y * size + x] = true;
  }
  return dark;
}

describe('voucher cards', () => {
  it('split into A4 pages of 4 × 8: every page full but the last, every card once, in order', () => {
    expect(CARDS_PER_PAGE).toBe(32);
    const cards = Array.from({ length: 2000 }, (_, i) => i);
    const pages = sheetPages(cards);
    expect(pages).toHaveLength(63);
    expect(pages.slice(0, -1).every((p) => p.length === 32)).toBe(true);
    expect(pages.at(-1)).toHaveLength(16);
    expect(pages.flat()).toEqual(cards);
    expect(sheetPages([1, 2, 3])).toEqual([[1, 2, 3]]);
    expect(sheetPages(Array.from({ length: 64 }, (_, i) => i)).map((p) => p.length)).toEqual([32, 32]);
    expect(sheetPages([])).toEqual([]);
  });

  it('draw each QR code module for module as the qrcode library makes it (byte mode, error correction M)', () => {
    for (const text of ['http://10.5.50.1/login?username=nena4kx2pq&password=nena4kx2pq', 'https://wifi.example.ph/login?username=ab&password=Zz9%20x', 'http://hotspot.lan/login?username=é&password=ü']) {
      const shape = qrShape(text);
      const { modules } = QRCode.create([{ data: new TextEncoder().encode(text), mode: 'byte' }], { errorCorrectionLevel: 'M' });
      expect(shape.size).toBe(modules.size);
      expect(modulesOf(shape.d, shape.size)).toEqual([...modules.data].map((v) => v === 1));
      expect(qrShape(text)).toBe(shape); // made once
    }
  });

  it('print only the cards still worth printing: unused and usable (in stock, or sold upfront and not used)', () => {
    expect(printable({ state: 'STOCK', firstLoginAt: null })).toBe(true);
    expect(printable({ state: 'PENDING', firstLoginAt: null })).toBe(true);
    expect(printable({ state: 'ACTIVE', firstLoginAt: 1 })).toBe(false);
    expect(printable({ state: 'TERMINATED', firstLoginAt: null })).toBe(false);
    expect(printable({ state: 'EXPIRED', firstLoginAt: null })).toBe(false);
  });

  it('export every card with its state in words and the batch it is of', () => {
    const batch = {
      id: 3,
      label: 'Aling Nena’s store',
      packageName: '1 hour',
      cards: [
        { sessionId: 10, code: 'nena01', password: 'nena01', state: 'STOCK', firstLoginAt: null, endedAt: null, endReason: null },
        { sessionId: 11, code: 'nena02', password: 'x7', state: 'TERMINATED', firstLoginAt: null, endedAt: new Date(2026, 4, 1, 9, 0, 0).getTime(), endReason: 'lost sheet' },
      ],
    } as unknown as BatchDetail;
    expect(batchCsv(batch)).toEqual([
      ['Code', 'Password', 'State', 'First login', 'Ended', 'Why it ended', 'Batch', 'Package', 'Label'],
      ['nena01', 'nena01', 'In stock', null, null, null, 3, '1 hour', 'Aling Nena’s store'],
      ['nena02', 'x7', 'Ended', null, '2026-05-01 09:00:00', 'lost sheet', 3, '1 hour', 'Aling Nena’s store'],
    ]);
  });
});
