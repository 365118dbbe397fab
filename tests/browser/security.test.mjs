// Security and privacy: a strict CSP on every page and in _headers, no inline script, and no
// cookie or web-storage write on any page.

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { logProblems, useSite, visit } from './lib/browser.mjs';
import { recordStorageWrites, storageProblems } from './lib/page-checks.mjs';
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

describe('privacy in the browser', () => {
  const browser = useSite();
  before(async () => {
    await browser.context.addInitScript(recordStorageWrites);
  });

  test('no page writes cookies or web storage, or breaks its CSP', async () => {
    const problems = [];
    for (const path of pagePaths(dir)) {
      const { page, log } = await visit(browser.context, browser.origin, path);
      // Use the search box too: it fetches the index and must not store anything.
      await page.locator('#search-q').fill('pharmacist', { timeout: 5000 });
      await page.locator('.search-results__status', { hasText: /\S/ }).waitFor({ timeout: 5000 });
      for (const problem of await storageProblems(page)) problems.push(`${path}: ${problem}`);
      for (const line of logProblems(log)) problems.push(`${path}: ${line}`);
      await page.close();
    }
    const cookies = await browser.context.cookies();
    for (const cookie of cookies) problems.push(`cookie set: ${cookie.name} on ${cookie.domain}`);
    assert.deepEqual(problems, [], problems.join('\n'));
  });
});
