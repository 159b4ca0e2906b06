/**
 * Serves the built cashier UI. Paths are resolved inside the UI directory only;
 * unknown paths without a file extension get index.html (the UI routes itself).
 */
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export const UI_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; " +
  "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

/** The Content-Type of a UI file. */
export function uiContentType(file: string): string {
  return TYPES[extname(file)] ?? 'application/octet-stream';
}

/**
 * The file a UI path names, inside `root` only: `null` for a missing asset (404); app
 * routes without an extension get index.html (the UI routes itself). Also used by the
 * desktop app's app:// protocol.
 */
export function resolveUiFile(root: string, urlPath: string): string | null {
  let relative: string;
  try {
    relative = normalize(decodeURIComponent(urlPath)).replace(/^([/\\])+/, '');
  } catch {
    relative = '';
  }
  let file = join(root, relative);
  if (!file.startsWith(root + sep) && file !== root) file = join(root, 'index.html');
  const stat = statSync(file, { throwIfNoEntry: false });
  if (stat && !stat.isDirectory()) return file;
  return extname(relative) !== '' ? null : join(root, 'index.html');
}

/** Streams a file of the UI (or index.html for app routes); 404 for missing assets. */
export function serveStatic(req: IncomingMessage, res: ServerResponse, root: string | null, urlPath: string): void {
  if (!root || !statSync(join(root, 'index.html'), { throwIfNoEntry: false })) {
    const body = 'The cashier UI is not built. Run `npm run build`, then start again.\n';
    res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  const file = resolveUiFile(root, urlPath);
  if (!file) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Not found\n');
    return;
  }
  const stat = statSync(file);
  const type = uiContentType(file);
  const headers: Record<string, string | number> = { 'Content-Type': type, 'Content-Length': stat.size };
  if (type.startsWith('text/html')) headers['Content-Security-Policy'] = UI_CSP;
  headers['Cache-Control'] = file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
  res.writeHead(200, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}
