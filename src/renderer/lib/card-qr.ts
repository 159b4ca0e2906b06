/**
 * QR codes for sheets of voucher cards: up to 2,000 at a time, so each is made
 * synchronously (QRCode.create, no promise or data URL per card) and drawn as one SVG
 * path of its dark modules, a stroke per run of them. Made in slices between frames
 * so the till stays responsive, and kept for a reprint of the same cards.
 */
import { useEffect, useState } from 'react';
import QRCode from 'qrcode';

/** A QR code as an SVG path in module units: runs of dark modules as 1-unit-wide strokes (draw it in a `0 0 size size` viewBox with `stroke`, no fill). */
export interface QrShape {
  size: number;
  d: string;
}

const made = new Map<string, QrShape>();
const KEEP = 4_000;
const utf8 = new TextEncoder();

/** The QR code of `text` (error correction M, as the slips'); throws when the text is too long for a QR code. */
export function qrShape(text: string): QrShape {
  const known = made.get(text);
  if (known) return known;
  // One byte-mode segment: what a login link needs anyway, without the library's search for the
  // best mix of modes (the most expensive part of making one).
  const { size, data } = QRCode.create([{ data: utf8.encode(text), mode: 'byte' }], { errorCorrectionLevel: 'M' }).modules;
  let d = '';
  for (let y = 0; y < size; y++) {
    const row = y * size;
    let end = -1;
    for (let x = 0; x < size; ) {
      if (!data[row + x]) {
        x++;
        continue;
      }
      const from = x;
      while (x < size && data[row + x]) x++;
      // The first run of a row from its absolute start, the next ones relative to the end of the last.
      d += end < 0 ? `M${from} ${y}.5h${x - from}` : `m${from - end} 0h${x - from}`;
      end = x;
    }
  }
  const shape = { size, d };
  if (made.size >= KEEP) made.delete(made.keys().next().value!);
  made.set(text, shape);
  return shape;
}

/** How long one slice of QR codes may take before the page gets a frame (ms). */
const SLICE_MS = 24;

export interface CardQrs {
  /** One shape per text (null for a null text), made up to `done`; the same array as it fills. */
  shapes: readonly (QrShape | null)[];
  /** How many are made so far (the first `done`). */
  done: number;
  /** All are made. */
  ready: boolean;
}

const none: CardQrs = { shapes: [], done: 0, ready: false };

/** The QR codes of `texts` (a stable array: a new one starts over), made in order a slice at a time, so the first ones can be shown while the rest are made. */
export function useCardQrs(texts: readonly (string | null)[]): CardQrs {
  const [state, setState] = useState<{ texts: readonly (string | null)[]; qrs: CardQrs } | null>(null);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const shapes: (QrShape | null)[] = new Array<QrShape | null>(texts.length);
    let i = 0;
    const slice = () => {
      if (!live) return;
      const until = performance.now() + SLICE_MS;
      while (i < texts.length && performance.now() < until) {
        const t = texts[i];
        shapes[i++] = t ? qrShape(t) : null;
      }
      setState({ texts, qrs: { shapes, done: i, ready: i === texts.length } });
      if (i < texts.length) timer = setTimeout(slice, 0);
    };
    slice();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [texts]);
  return state && state.texts === texts ? state.qrs : none;
}
