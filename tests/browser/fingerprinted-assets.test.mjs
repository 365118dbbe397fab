// Every script, stylesheet and WebAssembly file the calculator and the search box fetch has a hash
// of its content in its name and is cached for good by `_headers`: a returning reader's browser
// asks the server about none of them again (on a slow network each question is a round trip).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { logProblems, useSite, visit } from './lib/browser.mjs';
import { PARITY_PLANS, shareUrl, waitForResults } from './lib/calculator-plans.mjs';
import { siteUnderTest } from './lib/site.mjs';

const { dir, isFixture } = siteUnderTest();
const skip = isFixture ? 'the fixture site copies its scripts under their own names' : false;
const FINGERPRINTED = /-[0-9a-f]{16}\.(m?js|css|wasm)$/;
const CODE = /\.(m?js|css|wasm)$/;

/** Starts recording the same-origin script, stylesheet and wasm paths `page` requests. */
function recordCode(page, origin) {
  const paths = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin === origin && CODE.test(url.pathname)) paths.push(url.pathname);
  });
  return paths;
}

/** The paths `_headers` marks `immutable`. */
function immutablePaths() {
  const headers = readFileSync(join(dir, '_headers'), 'utf8');
  return new Set([...headers.matchAll(/^(\/\S+)\n\s+Cache-Control: [^\n]*\bimmutable\b/gm)].map((m) => m[1]));
}

/** The recorded paths that are not fingerprinted or not cached for good, as readable lines. */
function uncached(paths) {
  const immutable = immutablePaths();
  return [...new Set(paths)].flatMap((path) => [
    ...(FINGERPRINTED.test(path) ? [] : [`${path} has no content hash in its name`]),
    ...(immutable.has(path) ? [] : [`${path} is not marked immutable in _headers`]),
  ]);
}

/** Types `words` into the header search box and waits for a result. */
async function search(page, words) {
  await page.focus('#search-q');
  await page.keyboard.type(words);
  await page.locator('#search-results a').first().waitFor({ state: 'visible', timeout: 5000 });
}

describe('scripts and stylesheets are fetched under fingerprinted names', { skip }, () => {
  const browser = useSite();

  test('the calculator page, its on-use module and the search box', async () => {
    const { page: calculator, log } = await visit(browser.context, browser.origin, shareUrl(PARITY_PLANS['part-year posts']));
    // Recorded from a reload, so the page's own first requests are seen too.
    const paths = recordCode(calculator, browser.origin);
    await calculator.reload();
    await waitForResults(calculator);
    await calculator.evaluate(() => { document.getElementById('panel-scenarios').open = true; });
    await calculator.fill('#projection-years', '2');
    await calculator.click('#add-projection');
    await calculator.waitForFunction(() => document.querySelectorAll('#scenarios li.scenario').length === 2);
    await search(calculator, 'pharmacist');
    assert.ok(paths.some((path) => path.includes('/calculator/team-')), `page modules: ${paths.join(', ')}`);
    assert.ok(paths.some((path) => path.includes('calc_on_use')), `on-use module: ${paths.join(', ')}`);
    assert.ok(paths.some((path) => path.includes('/vendor/minisearch/')), `search libraries: ${paths.join(', ')}`);
    assert.deepEqual(uncached(paths), []);
    assert.deepEqual(logProblems(log), []);
    await calculator.close();
  });

  test('the A–Z search page', async () => {
    const { page, log } = await visit(browser.context, browser.origin, '/search/');
    const paths = recordCode(page, browser.origin);
    await page.reload();
    await search(page, 'paramedic');
    assert.ok(paths.some((path) => path.includes('/search-engine-')), `search engine: ${paths.join(', ')}`);
    assert.deepEqual(uncached(paths), []);
    assert.deepEqual(logProblems(log), []);
    await page.close();
  });
});
