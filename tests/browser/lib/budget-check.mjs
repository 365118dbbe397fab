// Page weight budgets on the build output, and the ban on web fonts and third-party assets.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { allFiles, fileToUrlPath, pageKind, urlPathToFile } from './site.mjs';

/** A role page's HTML plus its stylesheets, gzipped, may weigh at most this many bytes. */
export const ROLE_PAGE_BUDGET = 20 * 1024;
/**
 * What the calculator page loads before its first results (its scripts, the site's search script
 * included, the modules they import statically, the first-results bindings and WebAssembly),
 * gzipped, may weigh at most this many bytes.
 *
 * This is a regression ceiling, NOT the product's bar. DESIGN §6 asks for 100 KiB and issue 12 for
 * 70 KB; today the first results weigh 170,921 bytes, of which the first-results WebAssembly
 * module alone (the rules core's plan model with pots, schedule, practices, scenarios, share
 * links and the text summary, read and written through serde) is 140,015 bytes, so the bar is
 * not met (`benches/calculator-floor.sh`: a module that only reads a year's rules and a plan and
 * computes it already weighs about 111 KB gzipped). The ceiling sits a little above today's
 * weight so that real growth fails here; lower it as the module shrinks (last lowered from
 * 184 KiB when the scripts were minified and wasm-opt went from -Oz to -O1, which compresses
 * better).
 */
export const CALCULATOR_BUDGET = 168 * 1024;
/**
 * Everything the calculator can load once every feature has been used (also the on-use bindings
 * and WebAssembly for plan files, the posts CSV and the projection), gzipped: 250,408 bytes
 * today; a regression ceiling a little above it, like `CALCULATOR_BUDGET` (raised from 245 KiB
 * when per-role pay areas, scenario date moving and the scenario pay-award list added 3.9 KB).
 */
export const CALCULATOR_ALL_FEATURES_BUDGET = 248 * 1024;
/**
 * What the search box loads when a reader first uses it (search engine, its libraries and the
 * index), gzipped, may weigh at most this many bytes.
 */
export const SEARCH_ON_USE_BUDGET = 100 * 1024;
/**
 * Modules that no page loads when it opens: search.js imports the search engine only when the
 * reader uses the search box. They are weighed as search on first use, not in a page's budget.
 */
const LOADED_ON_USE = /^static\/search-engine(-[0-9a-f]{16})?\.js$/;

/** The files of the build that match {@link LOADED_ON_USE}. */
function loadedOnUse(dir) {
  return allFiles(dir).filter((file) => LOADED_ON_USE.test(file));
}

/** Size in bytes of a built file once gzipped (level 9, as a precompressing host would). */
export function gzipSize(dir, file) {
  return gzipSync(readFileSync(join(dir, file)), { level: 9 }).length;
}

/** Same-site files a page references with `tag`/`rel` (resolved to built files). */
function pageAssets(dir, file, facts, publicOrigin, wanted) {
  const pageUrl = new URL(fileToUrlPath(file), publicOrigin);
  const files = [];
  for (const reference of facts.references) {
    if (!wanted(reference)) continue;
    const url = new URL(reference.url, pageUrl);
    if (url.origin !== publicOrigin) continue;
    const asset = urlPathToFile(dir, url.pathname);
    if (asset && !files.includes(asset)) files.push(asset);
  }
  return files;
}

const isStylesheet = (reference) => reference.tag === 'link' && reference.rel.split(/\s+/).includes('stylesheet');
const isScript = (reference) => reference.tag === 'script' || reference.attribute.startsWith('data-');

/** Gzipped weight of every role page: `[{ file, path, html, css, total }]`. */
export function rolePageWeights(dir, documents, publicOrigin) {
  const weights = [];
  for (const [file, facts] of documents) {
    const path = fileToUrlPath(file);
    if (pageKind(path) !== 'role') continue;
    const html = gzipSize(dir, file);
    const css = pageAssets(dir, file, facts, publicOrigin, isStylesheet).reduce((sum, sheet) => sum + gzipSize(dir, sheet), 0);
    weights.push({ file, path, html, css, total: html + css });
  }
  return weights;
}

/**
 * Module specifiers a JavaScript file loads. `loadedAtOnce` keeps only what is fetched as soon as
 * the module runs: static imports and re-exports, and WebAssembly named with
 * `new URL(…, import.meta.url)` (wasm-bindgen's default module). Otherwise also dynamic
 * `import()`s and scripts named with `new URL` (modules imported on first use).
 */
function moduleSpecifiers(source, loadedAtOnce = false) {
  const matches = (pattern) => [...source.matchAll(pattern)].map((match) => match[1]);
  const imported = [
    ...matches(/\bimport\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+)["']/g),
    ...matches(/\bexport\s*[\w$*{}\s,]*?\s*from\s*["']([^"']+)["']/g),
  ];
  const dynamic = matches(/\bimport\(\s*["']([^"']+)["']\s*\)/g);
  const named = matches(/\bnew\s+URL\(\s*["']([^"']+)["']\s*,\s*import\.meta\.url\s*\)/g);
  if (!loadedAtOnce) return [...imported, ...dynamic, ...named];
  return [...imported, ...named.filter((specifier) => specifier.endsWith('.wasm'))];
}

/**
 * `start` and every same-site file its modules import, followed through the module graph, less
 * `skip`; with `loadedAtOnce`, only what is fetched as soon as the modules run.
 */
function moduleGraph(dir, publicOrigin, start, skip = [], loadedAtOnce = false) {
  const queue = [...start];
  const seen = new Set();
  while (queue.length > 0) {
    const file = queue.shift();
    if (seen.has(file) || skip.includes(file)) continue;
    seen.add(file);
    if (!/\.m?js$/.test(file)) continue;
    const fileUrl = new URL(`/${file}`, publicOrigin);
    for (const specifier of moduleSpecifiers(readFileSync(join(dir, file), 'utf8'), loadedAtOnce)) {
      const url = new URL(specifier, fileUrl);
      if (url.origin !== publicOrigin) continue;
      const asset = urlPathToFile(dir, url.pathname);
      if (asset) queue.push(asset);
    }
  }
  return seen;
}

/**
 * The JavaScript and WebAssembly the calculator page may load: its scripts (and scripts named in
 * its data attributes), everything they import (followed through the module graph, except the
 * search engine), and every `.wasm` file of the build. With `firstResults`, only what it loads
 * before its first results: the page's scripts, their static imports and the WebAssembly the
 * first-results bindings load, not what the page imports later or on first use.
 */
export function calculatorAssets(dir, documents, publicOrigin, firstResults = false) {
  const pageFile = 'calculator/index.html';
  const facts = documents.get(pageFile);
  if (!facts) return [];
  const start = pageAssets(dir, pageFile, facts, publicOrigin, isScript);
  const seen = moduleGraph(dir, publicOrigin, start, loadedOnUse(dir), firstResults);
  if (!firstResults) for (const file of allFiles(dir)) if (file.endsWith('.wasm')) seen.add(file);
  return [...seen].filter((file) => /\.(m?js|wasm)$/.test(file)).sort();
}

/**
 * What the search box loads on first use, gzipped: the search engine with everything it imports,
 * and the index. `{ files, scripts, index, total }`; empty when the build has no search engine.
 */
export function searchOnUseWeight(dir, publicOrigin) {
  const start = loadedOnUse(dir);
  const scriptFiles = [...moduleGraph(dir, publicOrigin, start)].sort();
  const scripts = scriptFiles.reduce((sum, file) => sum + gzipSize(dir, file), 0);
  const index = allFiles(dir).includes('search-index.json') ? gzipSize(dir, 'search-index.json') : 0;
  return { files: [...scriptFiles, 'search-index.json'], scripts, index, total: scripts + index };
}

/**
 * Gzipped weight of the calculator's JavaScript and WebAssembly, `{ files, js, wasm, total }`:
 * what it loads for its first results with `firstResults`, else everything it can load.
 */
export function calculatorWeight(dir, documents, publicOrigin, firstResults = false) {
  const files = calculatorAssets(dir, documents, publicOrigin, firstResults);
  const sizeOf = (predicate) => files.filter(predicate).reduce((sum, file) => sum + gzipSize(dir, file), 0);
  const js = sizeOf((file) => /\.m?js$/.test(file));
  const wasm = sizeOf((file) => file.endsWith('.wasm'));
  return { files, js, wasm, total: js + wasm };
}

/** Budget overruns (gzipped): role pages over 20 KB, the calculator over its two ceilings, search on first use over 100 KB. */
export function budgetProblems(dir, documents, publicOrigin) {
  const problems = [];
  for (const weight of rolePageWeights(dir, documents, publicOrigin)) {
    if (weight.total > ROLE_PAGE_BUDGET) {
      problems.push(`${weight.path}: HTML + CSS weigh ${weight.total} bytes gzipped (HTML ${weight.html}, CSS ${weight.css}); budget ${ROLE_PAGE_BUDGET}`);
    }
  }
  const first = calculatorWeight(dir, documents, publicOrigin, true);
  if (first.total > CALCULATOR_BUDGET) {
    problems.push(`calculator: JS + wasm weigh ${first.total} bytes gzipped for the first results (${first.files.join(', ')}); budget ${CALCULATOR_BUDGET}`);
  }
  const all = calculatorWeight(dir, documents, publicOrigin);
  if (all.total > CALCULATOR_ALL_FEATURES_BUDGET) {
    problems.push(`calculator: JS + wasm weigh ${all.total} bytes gzipped with every feature used (${all.files.join(', ')}); budget ${CALCULATOR_ALL_FEATURES_BUDGET}`);
  }
  const search = searchOnUseWeight(dir, publicOrigin);
  if (search.total > SEARCH_ON_USE_BUDGET) {
    problems.push(`search on first use: scripts + index weigh ${search.total} bytes gzipped (${search.files.join(', ')}); budget ${SEARCH_ON_USE_BUDGET}`);
  }
  return problems;
}

const FONT_FILE = /\.(woff2?|ttf|otf|eot)$/i;
const ASSET_TAGS = new Set(['script', 'link', 'img', 'source', 'iframe', 'video', 'audio', 'track', 'embed', 'object', 'input']);
const NON_ASSET_LINKS = new Set(['canonical', 'alternate', 'author', 'license', 'help']);

/** Web fonts (files or `@font-face`) and assets loaded from other origins. */
export function fontAndThirdPartyProblems(dir, documents, publicOrigin) {
  const problems = [];
  for (const file of allFiles(dir)) {
    if (FONT_FILE.test(file)) problems.push(`web font file ${file}`);
    if (file.endsWith('.css')) {
      const css = readFileSync(join(dir, file), 'utf8');
      if (/@font-face/i.test(css)) problems.push(`${file} declares @font-face`);
      for (const match of css.matchAll(/(?:url\(\s*["']?|@import\s+["'])((?:https?:)?\/\/[^"')\s]+)/gi)) {
        problems.push(`${file} loads ${match[1]} from another origin`);
      }
    }
  }
  for (const [file, facts] of documents) {
    if (facts.styles.some((css) => /@font-face/i.test(css))) problems.push(`${file}: inline style declares @font-face`);
    for (const reference of facts.references) {
      if (!ASSET_TAGS.has(reference.tag)) continue;
      if (reference.tag === 'link' && reference.rel.split(/\s+/).every((rel) => NON_ASSET_LINKS.has(rel))) continue;
      if (!/^(https?:)?\/\//i.test(reference.url.trim())) continue;
      const url = new URL(reference.url.trim(), publicOrigin);
      if (url.origin !== publicOrigin) problems.push(`${file}: <${reference.tag} ${reference.attribute}="${reference.url}"> loads from another origin`);
    }
  }
  return problems;
}
