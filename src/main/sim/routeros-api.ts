/**
 * A simulated RouterOS API server (the binary API on TCP): length-prefixed words,
 * sentences ended by an empty word, `.tag`s echoed, replies `!re` / `!done` / `!trap`,
 * and — like RouterOS 7.18+ — `!empty` for a print with no results. It answers the
 * commands the app uses (identity, resource, /radius, /radius/incoming, Hotspot
 * profiles, ip-bindings, the active list, /file, and /tool/fetch, which really
 * downloads over HTTP into the simulated files) over in-memory state; the Hotspot's hosts
 * and active list, and `/ip/hotspot/active/login` (which really logs in over RADIUS), come
 * from a simulated Hotspot. It records every write so tests can see what provisioning
 * and the gate changed.
 */
import { createServer, type Server, type Socket } from 'node:net';

export type Row = Record<string, string>;

/** What a simulated Hotspot exposes to the API (its hosts and active list, and logging a device in). */
export interface ActiveSource {
  activeRows(): Row[];
  /** Removes an active host as `/ip/hotspot/active/remove` does; false when there is no such id. */
  removeActive(id: string): boolean;
  /** /ip/hotspot/host: every device on the WiFi, `authorized` 'true' once logged in. */
  hostRows(): Row[];
  /** Logs a device in as `/ip/hotspot/active/login` does (over RADIUS); a refusal says why. */
  apiLogin(login: { user: string; password: string; mac: string; ip: string }): Promise<{ accepted: true } | { accepted: false; message: string }>;
}

export interface RouterOsSimOptions {
  host?: string;
  port?: number;
  user: string;
  password: string;
  identity?: string;
  /** 7.18 and later send `!empty` for empty prints. */
  version?: string;
  hotspot?: ActiveSource;
  /** Has a flash/ disk, as routers do that keep only flash/ across a reboot. */
  flash?: boolean;
}

export interface RouterOsSim {
  port: number;
  /** Mutating commands received, e.g. "/radius/add address=…". */
  writes: string[];
  state: { radius: Row[]; incoming: Row; profiles: Row[]; bindings: Row[]; files: Row[] };
  /** The bytes of a file on the simulated router (e.g. "hotspot-iwas/login.html"); undefined when there is none. */
  file(name: string): Buffer | undefined;
  /** Stops answering anything after login (a hung router). */
  hang(on: boolean): void;
  close(): Promise<void>;
}

/** Encodes a word's length as RouterOS does (1–5 bytes). */
export function encodeLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  if (n < 0x4000) return Buffer.from([(n >> 8) | 0x80, n & 0xff]);
  if (n < 0x200000) return Buffer.from([(n >> 16) | 0xc0, (n >> 8) & 0xff, n & 0xff]);
  if (n < 0x10000000) return Buffer.from([(n >> 24) | 0xe0, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
  return Buffer.from([0xf0, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
}

/** Encodes one sentence (words, then the empty word). */
export function encodeSentence(words: string[]): Buffer {
  const parts: Buffer[] = [];
  for (const w of words) {
    const b = Buffer.from(w, 'utf8');
    parts.push(encodeLength(b.length), b);
  }
  parts.push(Buffer.from([0]));
  return Buffer.concat(parts);
}

/** Reads complete sentences from a byte stream. */
export class SentenceReader {
  private buf = Buffer.alloc(0);
  private words: string[] = [];

  push(chunk: Buffer): string[][] {
    this.buf = Buffer.concat([this.buf, chunk]);
    const sentences: string[][] = [];
    for (;;) {
      const header = this.readLength();
      if (!header) break;
      const [len, size] = header;
      if (this.buf.length < size + len) break;
      const word = this.buf.subarray(size, size + len).toString('utf8');
      this.buf = this.buf.subarray(size + len);
      if (len === 0) {
        sentences.push(this.words);
        this.words = [];
      } else {
        this.words.push(word);
      }
    }
    return sentences;
  }

  private readLength(): [length: number, size: number] | null {
    const b = this.buf;
    if (b.length < 1) return null;
    const c = b[0]!;
    const need = c < 0x80 ? 1 : c < 0xc0 ? 2 : c < 0xe0 ? 3 : c < 0xf0 ? 4 : 5;
    if (b.length < need) return null;
    if (need === 1) return [c, 1];
    if (need === 2) return [((c & 0x3f) << 8) | b[1]!, 2];
    if (need === 3) return [((c & 0x1f) << 16) | (b[1]! << 8) | b[2]!, 3];
    if (need === 4) return [((c & 0x0f) * 0x1000000) + (b[1]! << 16) + (b[2]! << 8) + b[3]!, 4];
    return [b.readUInt32BE(1), 5];
  }
}

/** Starts the simulated API on 127.0.0.1 (port 0 = any free port). */
export async function startRouterOsSim(o: RouterOsSimOptions): Promise<RouterOsSim> {
  const version = o.version ?? '7.18.2';
  const sendsEmpty = Number(version.split('.')[0]) > 7 || (version.startsWith('7.') && Number(version.split('.')[1]) >= 18);
  const state = {
    radius: [] as Row[],
    incoming: { accept: 'false', port: '3799' } as Row,
    profiles: [
      { '.id': '*1', name: 'default', 'html-directory': o.flash ? 'flash/hotspot' : 'hotspot', 'use-radius': 'false', 'radius-accounting': 'false', 'radius-interim-update': '0s' },
    ] as Row[],
    bindings: [] as Row[],
    files: (o.flash ? [{ '.id': '*F0', name: 'flash', type: 'disk' }] : []) as Row[],
  };
  const bytes = new Map<string, Buffer>();
  const writes: string[] = [];
  let nextId = 0x10;
  let hung = false;
  const sockets = new Set<Socket>();

  const lists: Record<string, Row[]> = { '/radius': state.radius, '/ip/hotspot/profile': state.profiles, '/ip/hotspot/ip-binding': state.bindings, '/file': state.files };
  const fromHotspot: Record<string, () => Row[]> = {
    '/ip/hotspot/active': () => o.hotspot?.activeRows() ?? [],
    '/ip/hotspot/host': () => o.hotspot?.hostRows() ?? [],
  };
  const singletons: Record<string, () => Row> = {
    '/system/identity': () => ({ name: o.identity ?? 'MikroTik' }),
    '/system/resource': () => ({ version: `${version} (stable)`, 'board-name': 'hAP ac^2 (simulated)', uptime: '1d2h3m' }),
    '/radius/incoming': () => state.incoming,
  };

  /** Stores a file as RouterOS lists it (folders on its path included); small text files show their `contents`. */
  const storeFile = (name: string, content: Buffer) => {
    const parts = name.split('/');
    for (let i = 1; i < parts.length; i++) {
      const folder = parts.slice(0, i).join('/');
      if (!state.files.some((f) => f.name === folder)) state.files.push({ '.id': `*${(nextId++).toString(16).toUpperCase()}`, name: folder, type: 'directory' });
    }
    const ext = /\.([a-z0-9]+)$/i.exec(name)?.[1];
    const row: Row = { name, type: ext ? `.${ext} file` : 'file', size: String(content.length) };
    if (content.length <= 4096 && !content.some((b) => b < 0x09)) row.contents = content.toString('utf8');
    const at = state.files.findIndex((f) => f.name === name);
    if (at >= 0) state.files[at] = { '.id': state.files[at]!['.id']!, ...row };
    else state.files.push({ '.id': `*${(nextId++).toString(16).toUpperCase()}`, ...row });
    bytes.set(name, content);
  };

  /** /tool/fetch url=… dst-path=…: a real HTTP GET; progress rows, then !done, or a !trap saying why it failed. */
  const fetchFile = async (attrs: Row, t: string[]): Promise<{ replies: string[][] }> => {
    const trap = (message: string) => ({ replies: [['!trap', `=message=${message}`, ...t], ['!done', ...t]] });
    const url = attrs.url ?? '';
    const dst = (attrs['dst-path'] ?? '').replace(/^\//, '');
    if (!/^http:\/\//.test(url) || (attrs.mode !== undefined && attrs.mode !== 'http')) return trap('failure: only mode=http with an http:// url is simulated');
    if (!dst) return trap('failure: dst-path is required');
    let content: Buffer;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (!res.ok) return trap(`failure: closing connection: <${res.status} ${res.statusText}> ${new URL(url).host}`);
      content = Buffer.from(await res.arrayBuffer());
    } catch (err) {
      const code = (err as { cause?: { code?: string } }).cause?.code;
      return trap(`failure: ${code === 'ECONNREFUSED' ? 'connection refused' : code ?? (err as Error).message}`);
    }
    storeFile(dst, content);
    writes.push(`/tool/fetch ${Object.entries(attrs).map(([k, v]) => `${k}=${v}`).join(' ')}`);
    const kib = String(Math.ceil(content.length / 1024));
    return { replies: [['!re', '=status=connecting', ...t], ['!re', '=status=finished', `=downloaded=${kib}`, `=total=${kib}`, '=duration=1s', ...t], ['!done', ...t]] };
  };

  /** /ip/hotspot/active/login user=… password=… mac-address=… ip=…: !done once the Hotspot's RADIUS login is accepted, else a !trap with why. */
  const hotspotLogin = async (attrs: Row, t: string[]): Promise<{ replies: string[][] }> => {
    const trap = (message: string) => ({ replies: [['!trap', `=message=${message}`, ...t], ['!done', ...t]] });
    if (!o.hotspot) return trap('no such command prefix');
    const missing = ['user', 'mac-address', 'ip'].filter((k) => !attrs[k]);
    if (missing.length) return trap(`missing value(s) of argument(s) ${missing.join(', ')}`);
    const result = await o.hotspot.apiLogin({ user: attrs.user!, password: attrs.password ?? '', mac: attrs['mac-address']!, ip: attrs.ip! });
    if (!result.accepted) return trap(result.message);
    writes.push(`/ip/hotspot/active/login ${Object.entries(attrs).map(([k, v]) => `${k}=${v}`).join(' ')}`);
    return { replies: [['!done', ...t]] };
  };

  const handle = (words: string[], loggedIn: boolean): { replies: string[][]; login?: boolean } | Promise<{ replies: string[][] }> => {
    const [command = '', ...rest] = words;
    const tag = rest.find((w) => w.startsWith('.tag='));
    const attrs = Object.fromEntries(rest.filter((w) => w.startsWith('=')).map((w) => [w.slice(1, w.indexOf('=', 1)), w.slice(w.indexOf('=', 1) + 1)]));
    const query = Object.fromEntries(rest.filter((w) => w.startsWith('?')).map((w) => [w.slice(1, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]));
    const t = tag ? [tag] : [];
    const done = (extra: string[] = []) => ['!done', ...extra, ...t];
    const trap = (message: string) => [['!trap', `=message=${message}`, ...t], done()];

    if (command === '/login') {
      if (attrs.name === o.user && attrs.password === o.password) return { replies: [done()], login: true };
      return { replies: trap('invalid user name or password (6)') };
    }
    if (!loggedIn) return { replies: trap('not logged in') };
    if (command === '/tool/fetch') return fetchFile(attrs, t);
    if (command === '/ip/hotspot/active/login') return hotspotLogin(attrs, t);
    const slash = command.lastIndexOf('/');
    const menu = command.slice(0, slash);
    const verb = command.slice(slash + 1);
    const list = lists[menu];
    const rows = fromHotspot[menu]?.() ?? list ?? (singletons[menu] ? [singletons[menu]()] : undefined);
    if (rows === undefined) return { replies: trap('no such command prefix') };

    if (verb === 'print') {
      const hits = rows.filter((r) => Object.entries(query).every(([k, v]) => r[k] === v));
      const out = hits.map((r) => ['!re', ...Object.entries(r).map(([k, v]) => `=${k}=${v}`), ...t]);
      if (hits.length === 0 && sendsEmpty) out.push(['!empty', ...t]);
      return { replies: [...out, done()] };
    }
    const record = () => writes.push(`${command} ${Object.entries(attrs).map(([k, v]) => `${k}=${v}`).join(' ')}`.trim());
    if (verb === 'add' && list) {
      const id = `*${(nextId++).toString(16).toUpperCase()}`;
      list.push({ '.id': id, ...attrs, disabled: 'false' });
      record();
      return { replies: [done([`=ret=${id}`])] };
    }
    if (verb === 'set') {
      const target = singletons[menu] && menu === '/radius/incoming' ? state.incoming : list?.find((r) => r['.id'] === attrs['.id']);
      if (!target) return { replies: trap('no such item') };
      for (const [k, v] of Object.entries(attrs)) if (k !== '.id') target[k] = v === 'yes' ? 'true' : v === 'no' ? 'false' : v;
      record();
      return { replies: [done()] };
    }
    if (verb === 'remove') {
      const id = attrs['.id'] ?? '';
      const removed = menu === '/ip/hotspot/active' ? (o.hotspot?.removeActive(id) ?? false) : (() => {
        const i = list?.findIndex((r) => r['.id'] === id) ?? -1;
        if (i >= 0) {
          if (menu === '/file') bytes.delete(list![i]!.name ?? '');
          list!.splice(i, 1);
        }
        return i >= 0;
      })();
      if (!removed) return { replies: trap('no such item') };
      record();
      return { replies: [done()] };
    }
    return { replies: trap('no such command') };
  };

  const server: Server = createServer((socket) => {
    socket.setNoDelay(true); // a reply is several small writes: no waiting on Nagle and delayed ACKs
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const reader = new SentenceReader();
    let loggedIn = false;
    let quit = false;
    // One sentence at a time, in order: /tool/fetch answers only once its download is done.
    let queue = Promise.resolve();
    socket.on('data', (chunk) => {
      for (const sentence of reader.push(chunk)) {
        queue = queue
          .then(async () => {
            if (quit || (hung && loggedIn)) return;
            if (sentence[0] === '/quit') {
              quit = true;
              socket.end(encodeSentence(['!fatal', 'session terminated on request']));
              return;
            }
            const r = await handle(sentence, loggedIn);
            if ('login' in r && r.login) loggedIn = true;
            if (!socket.destroyed) for (const reply of r.replies) socket.write(encodeSentence(reply));
          })
          .catch(() => {
            socket.destroy();
          });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve()));
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : 0,
    writes,
    state,
    file: (name) => bytes.get(name),
    hang: (on) => {
      hung = on;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
