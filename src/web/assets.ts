/**
 * Static assets: a handful of files read once at start and served from memory with a content
 * hash as ETag. (A static-file plugin would add a dependency for three files.) The stylesheet is
 * kept by topic in `public/style/` (each part short enough to read) and served as one file,
 * `/assets/style.css`: the parts in the order of their names, which start with a number because
 * the cascade depends on it.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { projectRoot } from '../core/paths.js';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

interface Asset {
  readonly body: Buffer;
  readonly type: string;
  readonly etag: string;
}

/** `/assets/style.css`: the parts of `public/style/`, in the order of their names. */
export function stylesheet(): Buffer {
  const dir = join(projectRoot(), 'public', 'style');
  const parts = readdirSync(dir)
    .filter((name) => name.endsWith('.css'))
    .sort();
  return Buffer.concat(parts.map((name) => readFileSync(join(dir, name))));
}

function asset(body: Buffer, type: string): Asset {
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` };
}

export function registerAssets(app: FastifyInstance): void {
  const dir = join(projectRoot(), 'public');
  const assets = new Map<string, Asset>();
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    if (type) assets.set(name, asset(readFileSync(join(dir, name)), type));
  }
  assets.set('style.css', asset(stylesheet(), TYPES['.css'] as string));
  app.get('/assets/:name', async (request, reply) => {
    const { name } = request.params as { name: string };
    const asset = assets.get(name);
    if (!asset) return reply.callNotFound();
    reply.header('cache-control', 'public, max-age=3600').header('etag', asset.etag).type(asset.type);
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return reply.send(asset.body);
  });
}
