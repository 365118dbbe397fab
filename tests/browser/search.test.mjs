// Search that needs no server: the matching rules, the search-as-you-type box, and the
// no-JavaScript fallback to the A–Z page.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { prepareEntry, search, withinOneEdit } from '../../templates/static/search.js';
import { logProblems, useSite, visit } from './lib/browser.mjs';
import { axeViolations } from './lib/page-checks.mjs';
import { siteUnderTest } from './lib/site.mjs';

const { dir } = siteUnderTest();
const indexData = JSON.parse(readFileSync(join(dir, 'search-index.json'), 'utf8'));
const entries = (Array.isArray(indexData) ? indexData : indexData.pages).map(prepareEntry);

/** Queries a reader might type, and the page each must find first. */
const EXPECTED_FIRST = [
  ['FCP', '/roles/first-contact-physiotherapist/'],
  ['splw', '/roles/social-prescribing-link-worker/'],
  ['paramedc', '/roles/paramedic/'], // one letter dropped
  ['pharmasist', '/roles/clinical-pharmacist/'], // one letter changed
  ['clinical pharamcist', '/roles/clinical-pharmacist/'], // two letters swapped
];

describe('matching', () => {
  test('one edit apart: insert, delete, replace, swap; not two', () => {
    assert.ok(withinOneEdit('paramedic', 'paramedic'));
    assert.ok(withinOneEdit('paramedc', 'paramedic'));
    assert.ok(withinOneEdit('paramedics', 'paramedic'));
    assert.ok(withinOneEdit('pharmasist', 'pharmacist'));
    assert.ok(withinOneEdit('pharamcist', 'pharmacist'));
    assert.ok(!withinOneEdit('pharmcst', 'pharmacist'));
    assert.ok(!withinOneEdit('dietitian', 'podiatrist'));
  });

  for (const [query, url] of EXPECTED_FIRST) {
    test(`"${query}" finds ${url} first`, () => {
      const results = search(entries, query);
      assert.ok(results.length > 0, `no result for "${query}"`);
      assert.equal(new URL(results[0].url, 'https://x.invalid').pathname, url, `results: ${results.map((r) => r.url).join(', ')}`);
    });
  }

  test('a word that matches no page finds nothing', () => {
    assert.deepEqual(search(entries, 'zzyzx'), []);
  });
});

describe('search box with JavaScript', () => {
  const browser = useSite();

  test('loads the index on first focus, lists matches as you type, and is keyboard-usable', async () => {
    const indexRequests = [];
    const { page, log } = await visit(browser.context, browser.origin, '/', { waitUntil: 'networkidle' });
    page.on('request', (request) => {
      if (request.url().endsWith('/search-index.json')) indexRequests.push(request.url());
    });
    assert.equal(await page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/search-index.json'))), false, 'index loaded before the box was used');

    await page.focus('#search-q');
    await page.keyboard.type('FCP');
    const result = page.locator('#search-results a', { hasText: /physiotherap/i }).first();
    await result.waitFor({ state: 'visible', timeout: 5000 });
    assert.equal(indexRequests.length, 1, 'the index is fetched exactly once');
    assert.match(await page.locator('#search-results .search-results__status').textContent(), /match/);

    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], 'open results list must pass axe');

    await page.keyboard.press('ArrowDown');
    const focusedHref = await page.evaluate(() => document.activeElement?.getAttribute('href'));
    assert.match(focusedHref ?? '', /\/roles\/first-contact-physiotherapist\/$/);
    await page.keyboard.press('Escape');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'search-q', 'Escape returns to the box');
    assert.equal(await page.locator('#search-results ul').isVisible(), false, 'Escape closes the list');

    await page.keyboard.press('ArrowDown'); // reopens the closed list at its first result
    assert.match((await page.evaluate(() => document.activeElement?.getAttribute('href'))) ?? '', /first-contact-physiotherapist/);
    await page.focus('#search-q');
    await page.fill('#search-q', '');
    await page.keyboard.type('paramedc');
    await page.locator('#search-results a', { hasText: /paramedic/i }).first().waitFor({ state: 'visible', timeout: 5000 });
    await page.keyboard.press('ArrowDown');
    await Promise.all([page.waitForURL(/\/roles\/paramedic\/$/), page.keyboard.press('Enter')]);
    assert.equal(indexRequests.length, 1);
    assert.deepEqual(logProblems(log), []);
    await page.close();
  });
});

describe('search box without JavaScript', () => {
  const browser = useSite({ javaScriptEnabled: false });

  test('the form submits to the A–Z page', async () => {
    const { page } = await visit(browser.context, browser.origin, '/roles/');
    await page.fill('#search-q', 'paramedic');
    const [response] = await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    const url = new URL(page.url());
    assert.equal(url.pathname, '/search/');
    assert.equal(url.searchParams.get('q'), 'paramedic');
    assert.equal(response.status(), 200);
    assert.ok((await page.locator('main a[href]').count()) > 3, 'the A–Z page lists pages');
    await page.close();
  });
});
