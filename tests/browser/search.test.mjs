// Search that needs no server: the engine on the built index (typos, aliases, stop words,
// stemming, synonyms), the vendored libraries, the search-as-you-type box and the results page,
// and the no-JavaScript fallback to the A–Z page.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createSearch } from '../../templates/static/search-engine.js';
import { resultsSentence } from '../../templates/static/search.js';
import { logProblems, useSite, visit } from './lib/browser.mjs';
import { axeViolations } from './lib/page-checks.mjs';
import { repoRoot, siteUnderTest } from './lib/site.mjs';

const { dir } = siteUnderTest();
const engine = createSearch(JSON.parse(readFileSync(join(dir, 'search-index.json'), 'utf8')));
const paths = (query) => engine.search(query).results.map((r) => new URL(r.url, 'https://x.invalid').pathname);

/** Queries a reader might type, and the page each must find first. */
const EXPECTED_FIRST = [
  ['FCP', '/roles/first-contact-physiotherapist/'],
  ['splw', '/roles/social-prescribing-link-worker/'],
  ['paramedc', '/roles/paramedic/'], // one letter dropped
  ['pharmasist', '/roles/clinical-pharmacist/'], // one letter changed
  ['clinical pharamcist', '/roles/clinical-pharmacist/'], // two letters swapped
];

describe('the search engine on the built index', () => {
  for (const [query, url] of EXPECTED_FIRST) {
    test(`"${query}" finds ${url} first`, () => {
      assert.equal(paths(query)[0], url, `results: ${paths(query).join(', ')}`);
    });
  }

  test('a word that matches no page finds nothing', () => {
    assert.deepEqual(engine.search('zzyzx').results, []);
  });

  test('common words are left out and said so; a query of only common words finds nothing', () => {
    const { searched } = engine.search('how do we claim');
    assert.deepEqual(searched.words, ['claim']);
    assert.deepEqual(searched.ignored, ['how', 'do', 'we']);
    assert.deepEqual(engine.search('how to').results, []);
  });

  test('word endings do not matter: "claims", "claiming" and "claim" find the same pages', () => {
    assert.deepEqual(paths('claims'), paths('claim'));
    assert.deepEqual(paths('claiming'), paths('claim'));
  });

  test('a synonym finds the page that uses the other word, and the search says so', () => {
    const { results, searched } = engine.search('physio');
    assert.ok(results.length > 0);
    if (!siteUnderTest().isFixture) {
      assert.deepEqual(searched.synonyms[0].typed, 'physio');
      assert.ok(searched.synonyms[0].also.includes('physiotherapist'), JSON.stringify(searched));
    }
  });
});

describe('what the results say was searched', () => {
  test('names the query, the synonyms added and the words left out', () => {
    const sentence = resultsSentence(3, 3, { query: 'how much London weighting', words: ['london', 'weighting'], ignored: ['how', 'much'], synonyms: [{ typed: 'london weighting', also: ['HCAS', 'outer London'] }] });
    assert.equal(sentence, 'Results for “how much London weighting”: 3 pages. “london weighting” also searched as “HCAS” and “outer London”. Common words left out: how, much.');
    assert.equal(
      resultsSentence(23, 8, { query: 'pay', words: ['pay'], ignored: [], synonyms: [] }),
      'Results for “pay”: 23 pages, the best 8 shown.',
    );
    assert.match(resultsSentence(0, 0, { query: 'zzyzx', words: ['zzyzx'], ignored: [], synonyms: [] }), /^Results for “zzyzx”: no pages match\. Try other words/);
  });
});

describe('vendored search libraries', () => {
  // The build ships these files without npm; when npm packages are installed, each must be the
  // exact file of the pinned package version (package.json), so an update is a deliberate copy.
  const vendored = [
    ['templates/static/vendor/minisearch/index.js', 'node_modules/minisearch/dist/es/index.js', 'minisearch'],
    ['templates/static/vendor/minisearch/LICENSE.txt', 'node_modules/minisearch/LICENSE.txt', 'minisearch'],
    ['templates/static/vendor/stemmer/index.js', 'node_modules/stemmer/index.js', 'stemmer'],
    ['templates/static/vendor/stemmer/LICENSE.txt', 'node_modules/stemmer/license', 'stemmer'],
  ];
  const pinned = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).devDependencies;
  for (const [copy, original, name] of vendored) {
    test(`${copy} is ${name} ${pinned[name]}'s file`, (t) => {
      const installed = join(repoRoot, original);
      if (!existsSync(installed)) {
        t.skip('npm packages not installed');
        return;
      }
      const version = JSON.parse(readFileSync(join(repoRoot, `node_modules/${name}/package.json`), 'utf8')).version;
      assert.equal(version, pinned[name], `installed ${name} is not the pinned version`);
      assert.ok(readFileSync(join(repoRoot, copy)).equals(readFileSync(installed)), `${copy} differs from ${original}`);
    });
  }
});

describe('search box with JavaScript', () => {
  const browser = useSite();

  test('loads the engine and index on first focus, lists matches as you type, and is keyboard-usable', async () => {
    const searchRequests = [];
    const { page, log } = await visit(browser.context, browser.origin, '/', { waitUntil: 'networkidle' });
    page.on('request', (request) => {
      if (/\/(search-index\.json|static\/search-engine-[0-9a-f]{16}\.js|static\/vendor\/.*)$/.test(request.url())) searchRequests.push(new URL(request.url()).pathname);
    });
    const loadedEarly = await page.evaluate(() =>
      performance.getEntriesByType('resource').map((e) => e.name).filter((name) => /search-index\.json|search-engine[-.]|vendor\//.test(name)),
    );
    assert.deepEqual(loadedEarly, [], 'search assets loaded before the box was used');

    await page.focus('#search-q');
    await page.keyboard.type('FCP');
    const result = page.locator('#search-results a', { hasText: /physiotherap/i }).first();
    await result.waitFor({ state: 'visible', timeout: 5000 });
    assert.equal(searchRequests.filter((path) => path === '/search-index.json').length, 1, 'the index is fetched exactly once');
    assert.match(await page.locator('#search-results .search-results__status').textContent(), /^Results for “FCP”: \d+ pages?[.,]/);

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
    assert.equal(searchRequests.filter((path) => path === '/search-index.json').length, 1);
    assert.deepEqual(logProblems(log), []);
    await page.close();
  });

  test('the results page says what was searched, with the synonyms used', async (t) => {
    if (siteUnderTest().isFixture) {
      t.skip('the fixture site has no synonyms file');
      return;
    }
    const { page, log } = await visit(browser.context, browser.origin, '/search/?q=london+weighting');
    const status = page.locator('#search-results .search-results__status');
    await status.filter({ hasText: /Results for/ }).waitFor({ timeout: 5000 });
    const text = await status.textContent();
    assert.match(text, /^Results for “london weighting”: \d+ pages[.,]/);
    assert.match(text, /“london weighting” also searched as .*“HCAS”/);
    assert.match(await page.locator('#search-results a').first().getAttribute('href'), /london-areas/);
    assert.deepEqual(await axeViolations(page), []);
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
