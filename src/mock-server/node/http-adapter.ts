import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MockRequest, MockResponse } from '../engine/types';

/** Bodies are read up to this size; past it the rest is drained and discarded and the engine answers 400. */
export const HARD_BODY_CAP = 4 * 1024 * 1024;

/**
 * Turns a Node request into the engine's `MockRequest`. The body is always drained (so the client can read our
 * 400 instead of seeing a reset), but only kept up to `HARD_BODY_CAP`.
 */
export function readRequest(req: IncomingMessage, res: ServerResponse): Promise<MockRequest> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const abort = new AbortController();
  // `res` closing before we finished writing means the client went away (a long-poll abandoned).
  res.on('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > HARD_BODY_CAP) tooLarge = true;
      else chunks.push(chunk);
    });
    const done = (): void =>
      resolve({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers,
        body: tooLarge ? '' : Buffer.concat(chunks).toString('utf8'),
        bodyTooLarge: tooLarge,
        signal: abort.signal,
        remoteAddress: req.socket.remoteAddress ?? '',
      });
    req.on('end', done);
    req.on('error', done);
  });
}

/** Writes the engine's answer, unless the client is already gone; `destroy` drops the connection instead. */
export function writeResponse(req: IncomingMessage, res: ServerResponse, out: MockResponse): void {
  if (res.destroyed || res.writableEnded) return;
  if (out.destroy) {
    req.socket.destroy();
    return;
  }
  res.statusCode = out.status;
  for (const [name, value] of Object.entries(out.headers)) res.setHeader(name, value);
  if (out.cookies?.length) res.setHeader('set-cookie', out.cookies);
  res.end(req.method === 'HEAD' ? undefined : out.body);
}

export function writeError(res: ServerResponse, status: number, message: string): void {
  if (res.destroyed || res.writableEnded) return;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.statusCode = status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.end(JSON.stringify({ success: false, status: 'error', message, error_msg: message }));
}
