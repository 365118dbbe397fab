// A small static file server for a built site, on 127.0.0.1 and a free port.
//
// It serves files with correct MIME types (`application/wasm` included), redirects a directory
// path without its trailing slash, answers anything missing with the site's `404.html` and status
// 404, and applies the site's `_headers` file the way static hosts do, so the browser sees the
// same Content-Security-Policy and Referrer-Policy headers as in production.

import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { createGzip } from 'node:zlib';
import { extname, join, resolve, sep } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** Test-only route serving axe-core from node_modules, same-origin so the page's CSP allows it. */
export const AXE_ROUTE = '/__test__/axe.min.js';
const axeFile = require.resolve('axe-core/axe.min.js');

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.pdf': 'application/pdf',
};

/** Parses a `_headers` file: blocks of a URL pattern line followed by indented `Name: value` lines. */
export function parseHeadersFile(text) {
  const rules = [];
  for (const rawLine of text.split(/\r?\n/)) {
    if (!rawLine.trim() || rawLine.trim().startsWith('#')) continue;
    if (!/^\s/.test(rawLine)) {
      const pattern = rawLine.trim();
      const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
      rules.push({ pattern, regex, set: [] });
      continue;
    }
    const rule = rules.at(-1);
    if (!rule) throw new Error(`_headers: header line before any URL pattern: ${rawLine.trim()}`);
    const line = rawLine.trim();
    const colon = line.indexOf(':');
    if (colon < 1) throw new Error(`_headers: not a "Name: value" line: ${line}`);
    rule.set.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return rules;
}

/** The headers `_headers` rules give a URL path (repeated names are joined with ", "). */
export function headersFor(rules, urlPath) {
  const headers = new Map();
  for (const rule of rules) {
    if (!rule.regex.test(urlPath)) continue;
    for (const [name, value] of rule.set) {
      const key = name.toLowerCase();
      headers.set(key, headers.has(key) ? `${headers.get(key)}, ${value}` : value);
    }
  }
  return headers;
}

/** Types a host compresses when asked to serve with gzip. */
const COMPRESSIBLE = /^(text\/|application\/(json|wasm|xml|javascript))/;

/**
 * Starts serving `root`; resolves to `{ origin, close }`. With `gzip`, answers compressible files
 * gzipped to clients that accept it, as production hosts do (used to measure load time).
 */
export async function startServer(root, { gzip = false } = {}) {
  const rootDir = resolve(root);
  const headersFile = join(rootDir, '_headers');
  const rules = existsSync(headersFile) ? parseHeadersFile(readFileSync(headersFile, 'utf8')) : [];

  const send = (response, status, file, urlPath, request) => {
    const headers = { 'content-type': MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', 'cache-control': 'no-store' };
    for (const [name, value] of headersFor(rules, urlPath)) headers[name] = value;
    const compress = gzip && COMPRESSIBLE.test(headers['content-type']) && /\bgzip\b/.test(request?.headers['accept-encoding'] ?? '');
    if (compress) headers['content-encoding'] = 'gzip';
    response.writeHead(status, headers);
    const stream = createReadStream(file);
    if (compress) stream.pipe(createGzip({ level: 9 })).pipe(response);
    else stream.pipe(response);
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url, 'http://127.0.0.1');
    if (url.pathname === AXE_ROUTE) {
      send(response, 200, axeFile, url.pathname);
      return;
    }
    let path;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      path = '/__invalid__';
    }
    const target = resolve(rootDir, `.${path}`);
    const inside = target === rootDir || target.startsWith(rootDir + sep);
    const stats = inside && existsSync(target) ? statSync(target) : null;
    if (stats?.isDirectory()) {
      if (!url.pathname.endsWith('/')) {
        response.writeHead(301, { location: `${url.pathname}/${url.search}` });
        response.end();
        return;
      }
      const index = join(target, 'index.html');
      if (existsSync(index)) {
        send(response, 200, index, url.pathname, request);
        return;
      }
    } else if (stats?.isFile() && !path.endsWith('/_headers')) {
      send(response, 200, target, url.pathname, request);
      return;
    }
    const notFound = join(rootDir, '404.html');
    if (existsSync(notFound)) {
      send(response, 404, notFound, url.pathname);
    } else {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('not found');
    }
  });

  await new Promise((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
