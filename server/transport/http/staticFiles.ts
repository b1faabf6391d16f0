import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { RequestHandler, Response } from 'express';

/**
 * Serves the built client's files with the brotli or gzip copy written at build time
 * (scripts/precompress.ts) when the browser accepts it: a phone on venue Wi-Fi gets a quarter of
 * the bytes and the server spends no CPU compressing the same file for every phone.
 */

export type Encoding = 'br' | 'gzip';

/** The best encoding the request accepts among ours: brotli, then gzip; q=0 means "not this". */
export function preferredEncodings(acceptEncoding: string | undefined): Encoding[] {
  if (!acceptEncoding) return [];
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
    accepted.set(name.trim(), q ? Number(q[1]) : 1);
  }
  const weight = (name: Encoding) => accepted.get(name) ?? accepted.get('*') ?? 0;
  return (['br', 'gzip'] as const).filter((e) => weight(e) > 0);
}

const suffix: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

type Options = {
  /** Cache-Control for every file served from this folder. */
  cacheControl: string;
  /** A missing file answers 404 here instead of falling through to the next handler. */
  notFound?: boolean;
};

export function staticFiles(root: string, opts: Options): RequestHandler {
  const base = path.resolve(root);
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let relative: string;
    try {
      relative = decodeURIComponent(req.path);
    } catch {
      return next();
    }
    const file = path.join(base, relative);
    // path.join resolves "..": anything outside the folder, or a folder, is not ours to serve.
    if (!file.startsWith(base + path.sep) || !isFile(file)) {
      if (opts.notFound) return void res.status(404).type('text').send('Not found');
      return next();
    }
    const encoding = preferredEncodings(req.headers['accept-encoding']).find((e) =>
      isFile(file + suffix[e]),
    );
    res.vary('Accept-Encoding');
    res.set('Cache-Control', opts.cacheControl);
    // The type is the original file's, not that of the .br or .gz copy sent in its place.
    res.type(path.extname(file));
    if (encoding) res.set('Content-Encoding', encoding);
    sendFile(res, encoding ? file + suffix[encoding] : file, next);
  };
}

function sendFile(res: Response, file: string, next: (err?: unknown) => void) {
  // Cache-Control is ours (above); send's own would override it.
  res.sendFile(file, { cacheControl: false, dotfiles: 'deny' }, (err?: Error) => {
    if (err && !res.headersSent) next(err);
  });
}

function isFile(file: string): boolean {
  try {
    return existsSync(file) && statSync(file).isFile();
  } catch {
    return false;
  }
}
