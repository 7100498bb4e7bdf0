import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import type { Engine } from '../engine/engine';
import type { MockRequest } from '../engine/types';

/** URL prefix (ending in `/`) → directory served under it. The longest matching prefix wins. */
export type StaticDirs = Record<string, string>;

/** Packages the demo's ESM (SPA) page imports through its import map. */
const VENDOR_PACKAGES = ['preact', '@preact/signals', '@preact/signals-core', 'idb-keyval'];

export function defaultStaticDirs(root: string): StaticDirs {
  const dirs: StaticDirs = { '/dist/': join(root, 'dist'), '/demo/': join(root, 'demo'), '/': join(root, 'demo') };
  for (const name of VENDOR_PACKAGES) dirs[`/vendor/${name}/`] = join(root, 'node_modules', name);
  return dirs;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
};

function send(
  res: ServerResponse,
  req: IncomingMessage,
  status: number,
  type: string,
  body: string | Buffer,
  cookies: string[],
): void {
  res.statusCode = status;
  res.setHeader('content-type', type);
  res.setHeader('cache-control', 'no-cache');
  res.setHeader('x-content-type-options', 'nosniff');
  if (cookies.length) res.setHeader('set-cookie', cookies);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** The file a URL path names inside `dirs`, or null when it would leave its directory. */
function locate(dirs: StaticDirs, path: string): string | null {
  const prefix = Object.keys(dirs)
    .filter((p) => path.startsWith(p))
    .sort((a, b) => b.length - a.length)[0];
  if (prefix === undefined) return null;
  const root = resolve(dirs[prefix]);
  const file = resolve(root, `.${sep}${path.slice(prefix.length)}`);
  return file === root || file.startsWith(root + sep) ? file : null;
}

async function existingFile(file: string): Promise<string | null> {
  try {
    const info = await stat(file);
    if (info.isFile()) return file;
    if (info.isDirectory()) return existingFile(join(file, 'index.html'));
  } catch {
    // missing: fall through
  }
  return null;
}

/**
 * Static pages and assets of the site origin (`demo/` at `/` and `/demo/`, `dist/` at `/dist/`). HTML pages are
 * templated with the user's CSRF token and id; `?user=`/`?visitor=1` log the demo user in on any of them.
 */
export async function serveStatic(
  engine: Engine,
  dirs: StaticDirs,
  mreq: MockRequest,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (mreq.method !== 'GET' && mreq.method !== 'HEAD') {
    send(res, req, 405, 'text/plain; charset=utf-8', 'method not allowed', []);
    return;
  }
  const session = engine.page(mreq);
  if (session.error) {
    send(
      res,
      req,
      session.error.status,
      session.error.headers['content-type'] ?? 'text/plain',
      session.error.body,
      session.cookies,
    );
    return;
  }
  let path: string;
  try {
    path = decodeURIComponent(mreq.path);
  } catch {
    send(res, req, 400, 'text/plain; charset=utf-8', 'bad path', session.cookies);
    return;
  }
  if (path.includes('\0') || path.includes('\\')) {
    send(res, req, 400, 'text/plain; charset=utf-8', 'bad path', session.cookies);
    return;
  }
  if (Object.hasOwn(dirs, `${path}/`) && path !== '') {
    res.statusCode = 301;
    res.setHeader('location', `${path}/${mreq.query.size ? `?${mreq.query}` : ''}`);
    if (session.cookies.length) res.setHeader('set-cookie', session.cookies);
    res.end();
    return;
  }
  const located = locate(dirs, path);
  const file = located ? await existingFile(located) : null;
  if (!file) {
    send(
      res,
      req,
      located ? 404 : 403,
      'text/plain; charset=utf-8',
      located ? 'not found' : 'forbidden',
      session.cookies,
    );
    return;
  }
  const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const content = await readFile(file);
  if (type.startsWith('text/html')) {
    const html = engine.renderPage(content.toString('utf8'), session);
    send(res, req, 200, type, html, session.cookies);
  } else {
    send(res, req, 200, type, content, session.cookies);
  }
}
