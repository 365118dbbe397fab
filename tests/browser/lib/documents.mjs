// Reads the built HTML files with Chromium's own HTML parser (DOMParser: no scripts run, nothing
// loads) and returns the facts the static checks need: every URL reference, every id, the CSP
// meta, inline scripts and event-handler attributes.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchContext } from './browser.mjs';
import { htmlFiles } from './site.mjs';

/** Elements and attributes that refer to another URL. */
const REFERENCE_ATTRIBUTES = [
  ['a', 'href'],
  ['area', 'href'],
  ['link', 'href'],
  ['script', 'src'],
  ['img', 'src'],
  ['img', 'srcset'],
  ['source', 'src'],
  ['source', 'srcset'],
  ['iframe', 'src'],
  ['video', 'src'],
  ['video', 'poster'],
  ['audio', 'src'],
  ['track', 'src'],
  ['embed', 'src'],
  ['object', 'data'],
  ['form', 'action'],
  ['input', 'src'],
];

/** Runs in the browser: parses one HTML text and collects its facts. */
function documentFacts([html, referenceAttributes]) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const references = [];
  for (const [tag, attribute] of referenceAttributes) {
    for (const element of doc.querySelectorAll(`${tag}[${attribute}]`)) {
      const value = element.getAttribute(attribute);
      const urls = attribute === 'srcset' ? value.split(',').map((part) => part.trim().split(/\s+/)[0]).filter(Boolean) : [value];
      for (const url of urls) {
        references.push({ tag, attribute, rel: (element.getAttribute('rel') ?? '').toLowerCase(), url });
      }
    }
  }
  // Scripts loaded by name from a data attribute (`data-module="/static/calc.1a2b.js"`).
  for (const element of doc.querySelectorAll('*')) {
    for (const attr of element.attributes) {
      if (attr.name.startsWith('data-') && /^[^\s]+\.(m?js|wasm)([?#].*)?$/.test(attr.value)) {
        references.push({ tag: element.tagName.toLowerCase(), attribute: attr.name, rel: '', url: attr.value });
      }
    }
  }
  const ids = [...doc.querySelectorAll('[id]')].map((element) => element.id);
  const names = [...doc.querySelectorAll('a[name]')].map((element) => element.getAttribute('name'));
  const scriptTypes = ['', 'module', 'text/javascript', 'application/javascript'];
  const inlineScripts = [...doc.querySelectorAll('script:not([src])')]
    .filter((script) => scriptTypes.includes((script.getAttribute('type') ?? '').trim().toLowerCase()))
    .map((script) => script.textContent.trim().slice(0, 80));
  const eventHandlers = [...doc.querySelectorAll('*')].flatMap((element) =>
    [...element.attributes].filter((attr) => /^on/i.test(attr.name)).map((attr) => `${element.tagName.toLowerCase()}[${attr.name}]`),
  );
  const cspMetas = [...doc.querySelectorAll('meta[http-equiv]')]
    .filter((meta) => meta.getAttribute('http-equiv').toLowerCase() === 'content-security-policy')
    .map((meta) => meta.getAttribute('content') ?? '');
  const styles = [...doc.querySelectorAll('style')].map((style) => style.textContent);
  return { references, ids: [...ids, ...names], inlineScripts, eventHandlers, cspMetas, styles, h1Count: doc.querySelectorAll('h1').length };
}

/**
 * Parses every HTML file under `dir`. Resolves to a Map from relative file path to its facts.
 */
export async function readDocuments(dir) {
  const context = await launchContext({ javaScriptEnabled: true });
  try {
    const page = await context.newPage();
    const facts = new Map();
    for (const file of htmlFiles(dir)) {
      const html = readFileSync(join(dir, file), 'utf8');
      facts.set(file, await page.evaluate(documentFacts, [html, REFERENCE_ATTRIBUTES]));
    }
    return facts;
  } finally {
    await context.close();
  }
}
