/**
 * `GET`/`HEAD /hotspot/<file>` on the LAN port: the Hotspot login page's files, for a
 * router to fetch when Provision tells it to (`/tool/fetch`). Read-only, only the files
 * of the current set (made from the café's branding, nothing secret), never cached: a
 * router fetches what the settings say now.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../../shared/errors';
import type { LoginPage } from '../hotspot-page/login-page';
import { sendError } from '../http/json';

export const HOTSPOT_FILES_PATH = '/hotspot/';

/** True for a path under /hotspot/ (this module answers it, found or not). */
export function isHotspotFilePath(path: string): boolean {
  return path.startsWith(HOTSPOT_FILES_PATH);
}

/** Answers one request for a login page file: 200 with its bytes (none for HEAD), 404 for a name not in the set, 405 for other methods. */
export function answerHotspotFile(req: IncomingMessage, res: ServerResponse, path: string, page: () => LoginPage): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    sendError(res, new AppError('method_not_allowed', `The login page's files are read-only: use GET ${path}`));
    return;
  }
  const name = path.slice(HOTSPOT_FILES_PATH.length);
  const file = page().files.find((f) => f.name === name);
  if (!file) {
    sendError(res, new AppError('not_found', `No login page file "${name}" here; the files are ${page().files.map((f) => f.name).join(', ')}`));
    return;
  }
  res.writeHead(200, {
    'Content-Type': file.contentType,
    'Content-Length': file.bytes.length,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(req.method === 'HEAD' ? undefined : file.bytes);
}
