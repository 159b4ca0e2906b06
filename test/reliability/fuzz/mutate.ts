/**
 * Mutators: byte-level ones (AFL's flips, interesting values, inserts, deletes,
 * truncation) and RADIUS-aware ones that keep most of the structure and break one
 * thing (an attribute's length, its value, the attribute order, a vendor-specific
 * sub-attribute, the header's Length or code, the size limit). `mutate` stacks a few,
 * may send the result to the other port or from another source, and usually re-signs it.
 */
import { MIKROTIK_VENDOR_ID } from '../../../src/main/radius/dictionary';
import { SOURCES, type Input, type Source } from './input';
import { ATTR_PROXY_STATE, ATTR_VENDOR_SPECIFIC, attribute, HEADER, join, split, type Split } from './packet';
import type { Rng } from './prng';
import { resign } from './sign';

export interface MutateContext {
  rng: Rng;
  /** Another corpus entry, to splice attributes from. */
  donor: () => Input;
  /** Values worth putting into attributes (see seeds.ts); replaced when the sessions they name are. */
  dictionary: readonly Buffer[];
}

interface Work {
  data: Buffer;
  /** Set when a mutator wrote the Length field on purpose: re-signing must not repair it. */
  keepLength: boolean;
}

type Mutator = (w: Work, c: MutateContext) => void;

/** Bigger than any valid RADIUS packet (4096), so the oversize checks are reached, and a bound on memory. */
const MAX_DATAGRAM = 5000;
/** Most mutants are re-signed; the rest exercise the authenticity checks. */
const RESIGN_RATE = 0.9;
const OTHER_PORT_RATE = 0.03;
const OTHER_SOURCE_RATE = 0.03;

const INTERESTING_8 = [0, 1, 0x7f, 0x80, 0xff];
const INTERESTING_16 = [0, 1, 19, 20, 21, 0x7fff, 0x8000, 4095, 4096, 4097, 0xffff];
// Small enumerated values (Acct-Status-Type 1/2/3/7/8/15), sign and width boundaries.
const INTERESTING_32 = [0, 1, 2, 3, 7, 8, 15, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];
const CODES = [1, 2, 4, 5, 12, 40, 43, 0, 99, 255];
// MikroTik sub-attributes: integers (1, 2, 13-15, 17, 18), strings (3, 8, 19), ipaddr (10).
const MIKROTIK_TYPES = [1, 2, 3, 8, 10, 13, 14, 15, 17, 18, 19];
const VENDORS = [MIKROTIK_VENDOR_ID, MIKROTIK_VENDOR_ID, 311, 9, 0, 0x0100_0000 + MIKROTIK_VENDOR_ID];

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0, 0);
  return b;
}

/** A value for an attribute: 4-byte integer, dictionary entry, or random bytes. */
function value(c: MutateContext): Buffer {
  const r = c.rng.int(3);
  if (r === 0) return u32(c.rng.chance(0.7) ? c.rng.pick(INTERESTING_32) : c.rng.next());
  if (r === 1) return c.rng.pick(c.dictionary);
  return c.rng.bytes(c.rng.int(20));
}

/** Applies `f` to the attribute split of the work, then joins it back. */
function onAttributes(w: Work, f: (s: Split) => void): void {
  const s = split(w.data);
  f(s);
  w.data = join(s);
}

/** Index of a random existing attribute, or -1. */
const anyAttr = (s: Split, c: MutateContext) => (s.attrs.length ? c.rng.int(s.attrs.length) : -1);

/** A Vendor-Specific attribute, often with a broken sub-attribute (length 0/1, overrun, wrong fixed size). */
function vendorSpecific(c: MutateContext): Buffer {
  const vendor = c.rng.chance(0.9) ? c.rng.pick(VENDORS) : c.rng.next();
  const parts: Buffer[] = [u32(vendor)];
  for (let n = c.rng.int(4); n > 0; n--) {
    const v = c.rng.chance(0.5) ? u32(c.rng.pick(INTERESTING_32)) : value(c).subarray(0, 240);
    const len = c.rng.chance(0.6) ? v.length + 2 : c.rng.pick([0, 1, v.length + 1, v.length + 3, 255]);
    parts.push(Buffer.from([c.rng.chance(0.8) ? c.rng.pick(MIKROTIK_TYPES) : c.rng.int(256), len & 0xff]), v);
  }
  if (c.rng.chance(0.2)) parts.push(Buffer.from([c.rng.pick(MIKROTIK_TYPES)]));
  return attribute(ATTR_VENDOR_SPECIFIC, Buffer.concat(parts));
}

const byteMutators: Mutator[] = [
  function flipBit(w, c) {
    if (w.data.length) w.data[c.rng.int(w.data.length)]! ^= 1 << c.rng.int(8);
  },
  function setByte(w, c) {
    if (w.data.length) w.data[c.rng.int(w.data.length)] = c.rng.chance(0.7) ? c.rng.pick(INTERESTING_8) : c.rng.int(256);
  },
  function insertBytes(w, c) {
    const at = c.rng.int(w.data.length + 1);
    const n = 1 + c.rng.int(16);
    const bytes = c.rng.chance(0.5) ? c.rng.bytes(n) : Buffer.alloc(n, c.rng.pick(INTERESTING_8));
    w.data = Buffer.concat([w.data.subarray(0, at), bytes, w.data.subarray(at)]);
  },
  function deleteBytes(w, c) {
    const at = c.rng.int(w.data.length);
    w.data = Buffer.concat([w.data.subarray(0, at), w.data.subarray(at + 1 + c.rng.int(16))]);
  },
  function truncate(w, c) {
    w.data = Buffer.from(w.data.subarray(0, c.rng.int(w.data.length)));
  },
  function extend(w, c) {
    w.data = Buffer.concat([w.data, c.rng.chance(0.5) ? c.rng.bytes(1 + c.rng.int(64)) : Buffer.alloc(1 + c.rng.int(64))]);
  },
];

const headerMutators: Mutator[] = [
  function setLength(w, c) {
    if (w.data.length < 4) return;
    const len = w.data.length;
    w.data.writeUInt16BE(c.rng.chance(0.5) ? c.rng.pick(INTERESTING_16) : Math.max(0, Math.min(0xffff, len - 4 + c.rng.int(9))), 2);
    w.keepLength = true;
  },
  function setCode(w, c) {
    if (w.data.length) w.data[0] = c.rng.chance(0.8) ? c.rng.pick(CODES) : c.rng.int(256);
  },
];

const attributeMutators: Mutator[] = [
  function attrLength(w, c) {
    onAttributes(w, (s) => {
      const i = anyAttr(s, c);
      if (i === -1) return;
      const a = Buffer.from(s.attrs[i]!);
      a[1] = c.rng.pick([0, 1, 2, a.length - 1, a.length + 1, 255, c.rng.int(256)]) & 0xff;
      s.attrs[i] = a;
    });
  },
  function attrDuplicate(w, c) {
    onAttributes(w, (s) => {
      const i = anyAttr(s, c);
      if (i !== -1) for (let n = 1 + (c.rng.chance(0.1) ? c.rng.int(40) : 0); n > 0; n--) s.attrs.splice(c.rng.int(s.attrs.length + 1), 0, s.attrs[i]!);
    });
  },
  function attrDrop(w, c) {
    onAttributes(w, (s) => {
      const i = anyAttr(s, c);
      if (i !== -1) s.attrs.splice(i, 1);
    });
  },
  function attrSwap(w, c) {
    onAttributes(w, (s) => {
      const i = anyAttr(s, c);
      const j = anyAttr(s, c);
      if (i !== -1) [s.attrs[i], s.attrs[j]] = [s.attrs[j]!, s.attrs[i]!];
    });
  },
  function attrSplice(w, c) {
    const donor = split(c.donor().data).attrs;
    if (!donor.length) return;
    onAttributes(w, (s) => {
      const a = c.rng.pick(donor);
      if (s.attrs.length && c.rng.chance(0.5)) s.attrs[c.rng.int(s.attrs.length)] = a;
      else s.attrs.splice(c.rng.int(s.attrs.length + 1), 0, a);
    });
  },
  function attrHugeOrEmpty(w, c) {
    onAttributes(w, (s) => {
      const i = anyAttr(s, c);
      if (i === -1) return;
      const fill = c.rng.chance(0.5) ? c.rng.bytes(253) : Buffer.alloc(253, c.rng.pick(INTERESTING_8));
      s.attrs[i] = attribute(s.attrs[i]![0]!, c.rng.chance(0.5) ? fill : Buffer.alloc(0));
    });
  },
  function attrValue(w, c) {
    onAttributes(w, (s) => {
      const i = anyAttr(s, c);
      if (i === -1) return;
      // A 4-byte value (integer, date, ipaddr) keeps its size most of the time, so it passes the size checks.
      const keepSize = s.attrs[i]!.length === 6 && c.rng.chance(0.8);
      s.attrs[i] = attribute(s.attrs[i]![0]!, keepSize ? u32(c.rng.chance(0.7) ? c.rng.pick(INTERESTING_32) : c.rng.next()) : value(c));
    });
  },
  function attrNew(w, c) {
    onAttributes(w, (s) => s.attrs.splice(c.rng.int(s.attrs.length + 1), 0, attribute(c.rng.int(256), value(c))));
  },
  function fillToLimit(w, c) {
    // Packets at RADIUS's 4096-byte limit, padded as a chain of proxies would: Proxy-State, echoed in every reply.
    const target = c.rng.pick([4096, 4095, 4090, 4080, 4000, 4097]);
    onAttributes(w, (s) => {
      let size = HEADER + s.attrs.reduce((n, a) => n + a.length, 0) + s.tail.length;
      while (size + 3 <= target) {
        const a = attribute(ATTR_PROXY_STATE, c.rng.bytes(Math.min(253, target - size - 2)));
        s.attrs.push(a);
        size += a.length;
      }
    });
  },
  function attrVendorSpecific(w, c) {
    onAttributes(w, (s) => {
      const vsa = vendorSpecific(c);
      const existing = s.attrs.findIndex((a) => a[0] === ATTR_VENDOR_SPECIFIC);
      if (existing !== -1 && c.rng.chance(0.5)) s.attrs[existing] = vsa;
      else s.attrs.splice(c.rng.int(s.attrs.length + 1), 0, vsa);
    });
  },
];

// Structure-aware mutators are weighted up: most byte-level mutants die at parseFrame.
const mutators: Mutator[] = [...byteMutators, ...headerMutators, ...attributeMutators, ...attributeMutators, ...attributeMutators];

/** A mutant of `parent`: one to six stacked mutations, then (usually) re-signed for its sender. */
export function mutate(parent: Input, c: MutateContext): Input {
  const w: Work = { data: Buffer.from(parent.data), keepLength: false };
  for (let n = 1 + c.rng.int(c.rng.chance(0.5) ? 2 : 6); n > 0; n--) {
    c.rng.pick(mutators)(w, c);
    if (w.data.length > MAX_DATAGRAM) w.data = Buffer.from(w.data.subarray(0, MAX_DATAGRAM));
  }
  const port = c.rng.chance(OTHER_PORT_RATE) ? (parent.port === 'auth' ? 'acct' : 'auth') : parent.port;
  const from = c.rng.chance(OTHER_SOURCE_RATE) ? (c.rng.int(SOURCES.length) as Source) : parent.from;
  if (w.data.length >= HEADER && c.rng.chance(RESIGN_RATE)) resign(w.data, SOURCES[from].secret, c.rng.bytes(16), w.keepLength);
  return { data: w.data, port, from };
}
