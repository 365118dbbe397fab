// The calculator's two WebAssembly modules: the page shows its first results with the
// first-results module alone, and imports the on-use module (plan files, posts CSV, projection)
// only when a reader first uses one of those; if that module cannot be loaded, the page says so
// and keeps working, and the next try loads it.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { logProblems, useSite, visit } from './lib/browser.mjs';
import { PARITY_PLANS, shareUrl, waitForResults } from './lib/calculator-plans.mjs';
import { siteUnderTest, temporaryDir } from './lib/site.mjs';

const { isFixture } = siteUnderTest();
const skip = isFixture ? 'the fixture site has no calculator' : false;
const ON_USE = /\/static\/calc\/calc_on_use/;

/** Paths of the on-use module's files the page has requested so far. */
async function onUseRequests(page) {
  return page.evaluate((pattern) => performance.getEntriesByType('resource')
    .map((entry) => new URL(entry.name).pathname)
    .filter((path) => new RegExp(pattern).test(path)), ON_USE.source);
}

describe('calculator modules', { skip }, () => {
  const browser = useSite();

  test('the projection loads the on-use module on first use and adds one scenario a year', async () => {
    const { page, log } = await visit(browser.context, browser.origin, shareUrl(PARITY_PLANS['part-year posts']));
    await waitForResults(page);
    assert.deepEqual(await onUseRequests(page), [], 'the on-use module loaded with the page');

    await page.evaluate(() => { document.getElementById('panel-scenarios').open = true; });
    await page.fill('#projection-years', '3');
    await page.click('#add-projection');
    await page.waitForFunction(() => document.querySelectorAll('#scenarios li.scenario').length === 3);
    const loaded = await onUseRequests(page);
    assert.ok(loaded.some((path) => path.endsWith('.js')) && loaded.some((path) => path.endsWith('.wasm')), `loaded: ${loaded.join(', ')}`);
    assert.deepEqual(logProblems(log), []);
    await page.close();
  });

  test('posts downloaded as CSV open again as the same posts with the same claim', async () => {
    const { page, log } = await visit(browser.context, browser.origin, shareUrl(PARITY_PLANS['London: inner and outer London posts']));
    await waitForResults(page);
    const claim = await page.locator('#total-claim').textContent();

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-posts')]);
    assert.match(download.suggestedFilename(), /-posts\.csv$/);
    const file = join(temporaryDir('arrs-posts-'), 'posts.csv');
    await download.saveAs(file);
    assert.match(readFileSync(file, 'utf8'), /^label,role,region,salary,/);

    await page.locator('#team tbody.post button[data-action="remove"]').first().click();
    await page.waitForFunction(() => document.querySelectorAll('#team tbody.post').length === 2);
    assert.notEqual(await page.locator('#total-claim').textContent(), claim);
    await page.setInputFiles('#import-plan', file);
    await page.waitForFunction(() => document.querySelectorAll('#team tbody.post').length === 3);
    await page.waitForFunction((text) => document.getElementById('total-claim').textContent === text, claim);
    assert.deepEqual(logProblems(log), []);
    await page.close();
  });

  test('when the on-use module cannot be loaded, Save plan says so, the page keeps computing, and the next try works', async () => {
    const { page } = await visit(browser.context, browser.origin, shareUrl(PARITY_PLANS['part-year posts']));
    await waitForResults(page);
    await page.route(ON_USE, (route) => route.abort());
    await page.click('#save-plan');
    await page.waitForFunction(() => /could not be loaded/.test(document.getElementById('files-status').textContent));

    const before = await page.locator('#total-cost').textContent();
    await page.evaluate(() => {
      const input = document.getElementById('post-1-salary');
      input.value = '41000';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await page.waitForFunction((text) => document.getElementById('total-cost').textContent !== text, before);

    await page.unroute(ON_USE);
    const [saved] = await Promise.all([page.waitForEvent('download'), page.click('#save-plan')]);
    assert.match(saved.suggestedFilename(), /\.json$/);
    await page.close();
  });
});
