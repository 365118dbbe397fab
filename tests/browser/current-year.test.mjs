// The current year first, and money on the first screen of a phone (390 × 844):
// - every role page lists the current financial year's maximums before any other year's, and
//   shows a £ maximum inside the first screen;
// - the GP page shows the 2026/27 maximum derived from the practice-level scheme;
// - the roles index fits 390 px with no sideways scroll (page or table) and its first £ figure
//   is on the first screen;
// - the site header is no taller than 120 px on a phone.
// The current year is the financial year (1 April to 31 March) containing the date the site is
// built as of: `as_of` in content/site.yaml, or today.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { useSite, visit } from './lib/browser.mjs';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, rolePaths, siteUnderTest } from './lib/site.mjs';

const PHONE = { width: 390, height: 844 };
const { dir, isFixture } = siteUnderTest();

/** `2026/27` for a date in April 2026 to March 2027. */
function financialYearLabel(date) {
  const start = date.getUTCMonth() >= 3 ? date.getUTCFullYear() : date.getUTCFullYear() - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}
/** The date the site is built as of: `as_of` in content/site.yaml, or today. */
function asOf() {
  const settings = join(repoRoot, 'content/site.yaml');
  const pinned = existsSync(settings) && /^as_of:\s*(\d{4}-\d{2}-\d{2})\s*$/m.exec(readFileSync(settings, 'utf8'));
  return pinned ? new Date(`${pinned[1]}T00:00:00Z`) : new Date();
}
const CURRENT = financialYearLabel(asOf());

/** In the page: the first visible text showing a £ amount, with its box. */
function firstPoundFigure() {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const match = /£\d[\d,]*(\.\d+)?/.exec(node.textContent);
    if (!match) continue;
    const element = node.parentElement;
    if (!element || element.closest('[hidden], .visually-hidden, script, style')) continue;
    const range = document.createRange();
    range.setStart(node, match.index);
    range.setEnd(node, match.index + match[0].length);
    const box = range.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    return { text: match[0], top: box.top, bottom: box.bottom, left: box.left, right: box.right };
  }
  return null;
}

/** In the page: the years, in page order, of the maximum amounts tables (`data-year` labels). */
function capYears() {
  return [...document.querySelectorAll('[data-cap-year]')].map((el) => el.getAttribute('data-cap-year'));
}

/** In the page: elements wider than their box (cut-off tables), and the page's overflow. */
function overflow() {
  const root = document.documentElement;
  const clipped = [...document.querySelectorAll('table, .table-scroll')]
    .filter((el) => el.scrollWidth > el.clientWidth + 1)
    .map((el) => `${el.tagName.toLowerCase()}.${el.className} ${el.scrollWidth}>${el.clientWidth}`);
  return { page: root.scrollWidth - root.clientWidth, clipped };
}

async function onPhone(browser, path) {
  const { page } = await visit(browser.context, browser.origin, path, { waitUntil: 'load' });
  await page.setViewportSize(PHONE);
  return page;
}

describe('current year first, money on the first screen', { skip: isFixture && 'the fixture site has no rules data' }, () => {
  const browser = useSite();
  const roles = isFixture ? [] : rolePaths(dir);

  test('there are role pages to check', () => {
    assert.ok(roles.length >= 20, `found ${roles.length} role pages`);
  });

  for (const path of roles) {
    test(`${path} lists ${CURRENT} first and shows a £ maximum on the first phone screen`, async () => {
      const page = await onPhone(browser, path);
      const years = await page.evaluate(capYears);
      const figure = await page.evaluate(firstPoundFigure);
      const layout = await page.evaluate(overflow);
      await page.close();
      assert.ok(years.length > 0, `${path} marks no maximum amounts table with data-cap-year`);
      assert.equal(years[0], CURRENT, `${path}: tables in order ${years.join(', ')}`);
      assert.ok(figure, `${path} shows no £ figure`);
      assert.ok(
        figure.bottom <= PHONE.height && figure.right <= PHONE.width,
        `${path}: first £ figure ${figure.text} is at ${Math.round(figure.top)}px, below the first screen`,
      );
      assert.ok(layout.page <= 0, `${path} scrolls sideways by ${layout.page}px`);
      assert.deepEqual(layout.clipped, [], `${path} has tables cut off at 390px`);
    });
  }

  test('the GP page shows the 2026/27 maximum of £152,900', async () => {
    const path = roles.find((p) => p.includes('general-practitioner'));
    assert.ok(path, 'a GP role page exists');
    const { page } = await visit(browser.context, browser.origin, path);
    const text = await page.evaluate(() => document.body.innerText);
    await page.close();
    assert.match(text, /£152,900\b/);
  });

  test('the roles index fits a phone and its first £ figure is on the first screen', async () => {
    const page = await onPhone(browser, '/roles/');
    const figure = await page.evaluate(firstPoundFigure);
    const layout = await page.evaluate(overflow);
    const caption = await page.evaluate(() => document.querySelector('table caption')?.textContent ?? '');
    await page.close();
    assert.ok(layout.page <= 0, `/roles/ scrolls sideways by ${layout.page}px`);
    assert.deepEqual(layout.clipped, [], 'the comparison table is cut off at 390px');
    assert.ok(figure, 'the roles index shows no £ figure');
    assert.ok(figure.bottom <= PHONE.height, `first £ figure ${figure.text} is at ${Math.round(figure.top)}px`);
    assert.ok(caption.includes(CURRENT), `the comparison is for ${CURRENT}: "${caption}"`);
  });

  for (const path of ['/', '/roles/', '/faq/']) {
    test(`the header of ${path} is at most 120px tall on a phone`, async () => {
      const page = await onPhone(browser, path);
      const height = await page.evaluate(() => document.querySelector('body > header, .site-header')?.getBoundingClientRect().height ?? -1);
      await page.close();
      assert.ok(height > 0, 'the page has a header');
      assert.ok(height <= 120, `header is ${Math.round(height)}px tall`);
    });
  }
});
