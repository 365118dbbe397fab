// Content-Security-Policy on every page and in `_headers`, and no inline script anywhere.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { headersFor, parseHeadersFile } from './server.mjs';
import { fileToUrlPath, pageKind } from './site.mjs';

/** Splits a policy into a Map from directive name to its source list. */
export function parseCsp(policy) {
  const directives = new Map();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/).filter(Boolean);
    if (name && !directives.has(name.toLowerCase())) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

// Keywords a policy may use; anything else that is not a scheme below is an origin.
const ALLOWED_KEYWORDS = new Set(["'self'", "'none'", "'wasm-unsafe-eval'", "'strict-dynamic'", "'report-sample'"]);
// Directives whose values are not source lists.
const NON_SOURCE_DIRECTIVES = new Set(['sandbox', 'report-uri', 'report-to', 'upgrade-insecure-requests', 'block-all-mixed-content', 'require-trusted-types-for', 'trusted-types']);

/**
 * Problems with one policy: it must set `default-src`; scripts may not run inline or through
 * eval; `'wasm-unsafe-eval'` only where `allowWasm`; no source names another origin (`data:` is
 * allowed for images only).
 */
export function cspProblems(policy, { allowWasm }) {
  const directives = parseCsp(policy);
  const problems = [];
  if (!directives.has('default-src')) problems.push('no default-src');
  const scriptSources = directives.get('script-src') ?? directives.get('default-src') ?? ['*'];
  for (const source of scriptSources) {
    const lower = source.toLowerCase();
    if (["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'"].includes(lower) || /^'(nonce|sha\d+)-/.test(lower)) {
      problems.push(`script-src allows ${source}`);
    }
  }
  for (const [name, sources] of directives) {
    if (NON_SOURCE_DIRECTIVES.has(name)) continue;
    for (const source of sources) {
      const lower = source.toLowerCase();
      if (lower === "'wasm-unsafe-eval'") {
        if (!allowWasm) problems.push(`${name} allows 'wasm-unsafe-eval' outside the calculator`);
      } else if (lower === 'data:' && name === 'img-src') {
        // a data: favicon or inline image is not another origin
      } else if (lower === "'unsafe-inline'" && name === 'style-src') {
        problems.push(`style-src allows 'unsafe-inline'`);
      } else if (!ALLOWED_KEYWORDS.has(lower) && !lower.startsWith("'unsafe-")) {
        problems.push(`${name} allows ${source}, another origin or scheme`);
      }
    }
  }
  return problems;
}

/**
 * Per page: a CSP meta that passes `cspProblems` (`'wasm-unsafe-eval'` only on the calculator),
 * no inline script, no event-handler attribute, no `javascript:` URL.
 */
export function pageSecurityProblems(documents) {
  const problems = [];
  for (const [file, facts] of documents) {
    const allowWasm = pageKind(fileToUrlPath(file)) === 'calculator';
    if (facts.cspMetas.length === 0) problems.push(`${file}: no Content-Security-Policy meta`);
    for (const policy of facts.cspMetas) {
      for (const problem of cspProblems(policy, { allowWasm })) problems.push(`${file}: CSP ${problem}`);
    }
    for (const script of facts.inlineScripts) problems.push(`${file}: inline script "${script}"`);
    for (const handler of facts.eventHandlers) problems.push(`${file}: event-handler attribute ${handler}`);
    for (const reference of facts.references) {
      if (/^\s*javascript:/i.test(reference.url)) problems.push(`${file}: javascript: URL in <${reference.tag}>`);
    }
  }
  return problems;
}

/**
 * `_headers` must exist and give every page a Content-Security-Policy (passing `cspProblems`) and
 * a Referrer-Policy. The header policy may allow `'wasm-unsafe-eval'` on every page: hosts apply
 * one `_headers` rule set to all paths, and a browser enforces the header and the page's CSP meta
 * together, so each page's meta (checked by `pageSecurityProblems`) still keeps WebAssembly off
 * every page but the calculator.
 */
export function headersFileProblems(dir, documents) {
  const file = join(dir, '_headers');
  if (!existsSync(file)) return ['no _headers file in the build output'];
  let rules;
  try {
    rules = parseHeadersFile(readFileSync(file, 'utf8'));
  } catch (error) {
    return [String(error.message)];
  }
  const problems = [];
  for (const htmlFile of documents.keys()) {
    const path = fileToUrlPath(htmlFile);
    const headers = headersFor(rules, path);
    const policy = headers.get('content-security-policy');
    if (!policy) problems.push(`_headers gives ${path} no Content-Security-Policy`);
    else {
      // A header repeated by several matching blocks arrives comma-joined: each part is a policy.
      for (const part of policy.split(',')) {
        for (const problem of cspProblems(part, { allowWasm: true })) problems.push(`_headers CSP for ${path}: ${problem}`);
      }
    }
    if (!headers.get('referrer-policy')) problems.push(`_headers gives ${path} no Referrer-Policy`);
  }
  return problems;
}
