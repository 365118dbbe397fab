// Security and privacy: a strict CSP on every page and in _headers, no inline script, and no
// cookie or web-storage write on any page.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { logProblems, openSite, visit } from './lib/browser.mjs';
import { readDocuments } from './lib/documents.mjs';
import { headersFileProblems, pageSecurityProblems } from './lib/security-check.mjs';
import { pagePaths, siteUnderTest } from './lib/site.mjs';

const { dir } = siteUnderTest();

describe('Content-Security-Policy', () => {
  let documents;
  before(async () => {
    documents = await readDocuments(dir);
  });

  test('every page has a CSP meta that allows no inline script and no other origin', () => {
    const problems = pageSecurityProblems(documents);
    assert.deepEqual(problems, [], problems.join('\n'));
  });

  test('_headers sets CSP and Referrer-Policy for every page', () => {
    const problems = headersFileProblems(dir, documents);
    assert.deepEqual(problems, [], problems.join('\n'));
  });
});

/** Runs before any page script: records every cookie and web-storage write. */
function recordStorageWrites() {
  const writes = [];
  Object.defineProperty(window, '__storageWrites', { value: writes });
  for (const method of ['setItem', 'removeItem', 'clear']) {
    const original = Storage.prototype[method];
    Storage.prototype[method] = function recorded(...args) {
      writes.push(`${this === window.localStorage ? 'localStorage' : 'sessionStorage'}.${method}(${args.join(', ')})`);
      return original.apply(this, args);
    };
  }
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  Object.defineProperty(Document.prototype, 'cookie', {
    get() {
      return cookie.get.call(this);
    },
    set(value) {
      writes.push(`document.cookie = ${value}`);
      cookie.set.call(this, value);
    },
  });
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function recordedOpen(...args) {
    writes.push(`indexedDB.open(${args[0]})`);
    return open.apply(this, args);
  };
  document.addEventListener('securitypolicyviolation', (event) => {
    writes.push(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline code'}`);
  });
}

describe('privacy in the browser', () => {
  let browser;
  before(async () => {
    browser = await openSite();
    await browser.context.addInitScript(recordStorageWrites);
  });
  after(async () => browser?.close());

  test('no page writes cookies or web storage, or breaks its CSP', async () => {
    const problems = [];
    for (const path of pagePaths(dir)) {
      const { page, log } = await visit(browser.context, browser.origin, path, { waitUntil: 'networkidle' });
      // Use the search box too: it fetches the index and must not store anything.
      await page.locator('#search-q').fill('pharmacist', { timeout: 5000 });
      await page.waitForTimeout(100);
      const found = await page.evaluate(() => ({
        writes: window.__storageWrites ?? ['init script did not run'],
        local: window.localStorage.length,
        session: window.sessionStorage.length,
      }));
      for (const write of found.writes) problems.push(`${path}: ${write}`);
      if (found.local) problems.push(`${path}: localStorage holds ${found.local} items`);
      if (found.session) problems.push(`${path}: sessionStorage holds ${found.session} items`);
      for (const line of logProblems(log)) problems.push(`${path}: ${line}`);
      await page.close();
    }
    const cookies = await browser.context.cookies();
    for (const cookie of cookies) problems.push(`cookie set: ${cookie.name} on ${cookie.domain}`);
    assert.deepEqual(problems, [], problems.join('\n'));
  });
});
