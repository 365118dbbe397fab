// Which built site the suite tests, and how its files map to URLs.
//
// By default the suite tests the real build output in `public/`. `ARRS_SITE=fixture` tests the
// small hand-made fixture site instead (built into a temporary directory), and `ARRS_SITE=<dir>`
// tests any other directory.

import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFixtureSite } from '../fixture-site/build.mjs';

/** The repository root (three levels above this file). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** Where screenshots and other run artifacts go (git-ignored). */
export const artifactsDir = join(repoRoot, 'tests/browser/artifacts');

const temporaryDirs = [];
process.on('exit', () => {
  for (const dir of temporaryDirs) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory, removed when the process exits. */
export function temporaryDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporaryDirs.push(dir);
  return dir;
}

let cachedSite = null;

/**
 * The site under test: `{ dir, isFixture }`. Throws with a clear message when the real site has
 * not been built.
 */
export function siteUnderTest() {
  if (cachedSite) return cachedSite;
  const choice = process.env.ARRS_SITE ?? '';
  if (choice === 'fixture') {
    const dir = temporaryDir('arrs-fixture-');
    buildFixtureSite(dir);
    cachedSite = { dir, isFixture: true };
  } else {
    const dir = choice ? resolve(choice) : join(repoRoot, 'public');
    if (!existsSync(join(dir, 'index.html'))) {
      throw new Error(`no built site in ${dir}: run \`cargo run --release -- build\` (or set ARRS_SITE=fixture)`);
    }
    cachedSite = { dir, isFixture: false };
  }
  return cachedSite;
}

/** Copies a site into a fresh temporary directory, so a test can break the copy. */
export function copySite(dir) {
  const copy = temporaryDir('arrs-broken-');
  cpSync(dir, copy, { recursive: true });
  return copy;
}

/** Every file under `dir`, as `/`-separated paths relative to it. */
export function allFiles(dir) {
  const found = [];
  const walk = (current) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) found.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return found.sort();
}

/** Every HTML file under `dir` (relative paths). */
export function htmlFiles(dir) {
  return allFiles(dir).filter((file) => file.endsWith('.html'));
}

/** The URL path a built HTML file is served at: `roles/x/index.html` → `/roles/x/`. */
export function fileToUrlPath(file) {
  if (file === 'index.html') return '/';
  if (file.endsWith('/index.html')) return `/${file.slice(0, -'index.html'.length)}`;
  return `/${file}`;
}

/**
 * The file a URL path is served from, or null when there is none: `/roles/x/` →
 * `roles/x/index.html`. A directory path without its trailing slash does not resolve: links must
 * use the canonical form with the slash.
 */
export function urlPathToFile(dir, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const relativePath = decoded.replace(/^\/+/, '') + (decoded.endsWith('/') ? 'index.html' : '');
  const full = resolve(dir, relativePath);
  if (full !== dir && !full.startsWith(dir + sep)) return null;
  if (!existsSync(full) || !statSync(full).isFile()) return null;
  return relative(dir, full).split(sep).join('/');
}

/** The `<loc>` URLs of `sitemap.xml`, or throws when there is no sitemap. */
export function sitemapUrls(dir) {
  const xml = readFileSync(join(dir, 'sitemap.xml'), 'utf8');
  return [...xml.matchAll(/<loc>\s*([^<]+?)\s*<\/loc>/g)].map((match) =>
    new URL(match[1].replace(/&amp;/g, '&')),
  );
}

/** The site's public origin (`https://arrs-guide.example.org`), read from the sitemap. */
export function publicOrigin(dir) {
  const [first] = sitemapUrls(dir);
  if (!first) throw new Error('sitemap.xml lists no URL');
  return first.origin;
}

/** The URL paths of every page in the sitemap, plus the 404 page. */
export function pagePaths(dir) {
  return [...sitemapUrls(dir).map((url) => url.pathname), '/404.html'];
}

/** What kind of page a URL path is, for reports: home, role, roles-index, calculator, … */
export function pageKind(urlPath) {
  if (urlPath === '/') return 'home';
  if (urlPath === '/roles/') return 'roles-index';
  if (/^\/roles\/[^/]+\/$/.test(urlPath)) return 'role';
  if (urlPath === '/calculator/') return 'calculator';
  if (urlPath === '/faq/') return 'faq';
  if (urlPath === '/search/') return 'search';
  if (urlPath === '/404.html') return '404';
  return 'page';
}

/** The URL paths of the role pages. */
export function rolePaths(dir) {
  return pagePaths(dir).filter((path) => pageKind(path) === 'role');
}
