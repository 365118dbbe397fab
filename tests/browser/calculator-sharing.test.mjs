// What the calculator tells a reader besides the plan's own figures: the reference tables and the
// "rates as at" date follow the selected year (and the current year's show without JavaScript);
// an over-committed plan says so once on a phone; and "Copy summary" gives a colleague who cannot
// run the page the plan's posts and the core's totals as plain text, with a link that reopens it.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { logProblems, useSite, visit } from './lib/browser.mjs';
import { PARITY_PLANS, cliPlan, shareUrl, waitForResults } from './lib/calculator-plans.mjs';
import { arrsGuideBinary, formatPounds, parsePounds } from './lib/cli.mjs';
import { axeViolations } from './lib/page-checks.mjs';
import { siteUnderTest } from './lib/site.mjs';

const { isFixture } = siteUnderTest();
const skip = isFixture ? 'the fixture site has no calculator' : false;

/** The financial year containing today, `2026-27`. */
function currentYear() {
  const now = new Date();
  const start = now.getMonth() >= 3 ? now.getFullYear() : now.getFullYear() - 1;
  return `${start}-${String((start + 1) % 100).padStart(2, '0')}`;
}

/** The reference blocks the reader can see, as year ids, and the caps heading. */
function shownReference(page) {
  return page.evaluate(() => ({
    years: Array.from(document.querySelectorAll('.year-reference'))
      .filter((block) => block.getBoundingClientRect().height > 0)
      .map((block) => block.dataset.referenceYear),
    heading: document.getElementById('caps-table').textContent,
    examples: document.getElementById('worked-examples').textContent,
    firstCap: Array.from(document.querySelectorAll('.year-reference'))
      .find((block) => !block.hidden)?.querySelector('table.caps tbody td.align-right')?.textContent ?? '',
  }));
}

/** A decimal string as the rules core writes money in text: `£1,234.50`, whole pounds `£52,000`. */
const gbp = (decimal) => formatPounds(decimal).replace('−', '-');

describe('calculator reference tables, over-commitment and sharing', { skip }, () => {
  const browser = useSite();

  test('the reference tables, their headings and "rates as at" follow the selected year', async () => {
    const { page, log } = await visit(browser.context, browser.origin, '/calculator/', { waitUntil: 'networkidle' });
    await page.locator('#post-1-role').waitFor({ state: 'visible', timeout: 20000 });
    const today = currentYear();
    const label = today.replace('-', '/');
    let shown = await shownReference(page);
    assert.deepEqual(shown.years, [today, today], 'the current year\'s caps and worked examples');
    assert.match(shown.heading, new RegExp(`, ${label}$`));
    const currentCap = shown.firstCap;

    await page.selectOption('#year', '2024-25');
    await page.waitForFunction(() => /2024\/25/.test(document.getElementById('caps-table').textContent));
    shown = await shownReference(page);
    assert.deepEqual(shown.years, ['2024-25', '2024-25']);
    assert.match(shown.examples, /, 2024\/25$/);
    assert.notEqual(shown.firstCap, currentCap, 'another year\'s caps are shown');
    const ratesAsAt = await page.evaluate(() => {
      const block = document.querySelector('.year-reference[data-reference-year="2024-25"]');
      return { shown: document.getElementById('rates-as-at').getAttribute('datetime'), expected: block.dataset.ratesAsAt, text: document.getElementById('rates-note').textContent };
    });
    assert.equal(ratesAsAt.shown, ratesAsAt.expected);
    assert.match(ratesAsAt.text, /^Rates as at \d{1,2} \w+ 2024 \(2024\/25\)/);
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(logProblems(log), []);
    await page.close();
  });

  test('"Figures used" shows rates as percentages, pot rates per patient and periods in words', async () => {
    const { page, log } = await visit(browser.context, browser.origin, shareUrl(PARITY_PLANS['2024/25 with the ring-fenced GP pot']));
    await waitForResults(page);
    await page.evaluate(() => { document.getElementById('panel-figures').open = true; });
    const items = await page.locator('#panel-figures ul.figures li').allTextContents();
    assert.ok(items.length > 5, `${items.length} figures listed`);
    assert.ok(items.some((item) => /National Insurance.*: \d+(\.\d+)?% /i.test(item)), `an NI rate as a percentage:\n${items.join('\n')}`);
    assert.ok(items.some((item) => /per weighted patient: £\d+\.\d{3} /.test(item)), 'a pot rate in pounds per patient, to the tenth of a penny');
    assert.ok(items.every((item) => !/\d{4}-\d{2}-\d{2}/.test(item)), 'no ISO dates');
    assert.ok(items.every((item) => !/: 0\.\d+ /.test(item)), 'no bare fractions');
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(logProblems(log), []);
    await page.close();
  });

  test('on a phone an over-committed plan states the over-commitment once, in warning style', async () => {
    const plan = PARITY_PLANS['a split between member practices (over-committed)'];
    const cli = cliPlan(arrsGuideBinary(), plan);
    const { page, log } = await visit(browser.context, browser.origin, shareUrl(plan));
    await page.setViewportSize({ width: 390, height: 844 });
    await waitForResults(page);
    const over = cli.totals.over_committed;
    const facts = await page.evaluate((amount) => {
      const visible = (node) => node.getBoundingClientRect().height > 0;
      const cards = Array.from(document.querySelectorAll('#summary .totals > div')).filter(visible);
      return {
        cardsWithAmount: cards.filter((card) => card.textContent.includes(amount)).map((card) => card.id),
        headroom: document.getElementById('headroom').textContent,
        overCommitted: document.getElementById('over-committed').textContent,
        warning: document.getElementById('summary').classList.contains('warning'),
      };
    }, formatPounds(over));
    assert.deepEqual(facts.cardsWithAmount, ['over-card'], `one card shows ${formatPounds(over)}`);
    assert.equal(parsePounds(facts.overCommitted), over);
    assert.equal(facts.headroom, `${formatPounds(over)} over`, '#headroom still reads "£X over"');
    assert.ok(facts.warning);
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(logProblems(log), []);
    await page.close();
  });

  test('"Copy summary" gives the plan\'s posts and the core\'s totals as text, with a link that reopens it', async () => {
    const plan = PARITY_PLANS['a split between member practices (over-committed)'];
    const cli = cliPlan(arrsGuideBinary(), plan);
    const { page, log } = await visit(browser.context, browser.origin, shareUrl(plan));
    await waitForResults(page);
    await page.focus('#copy-summary');
    await page.keyboard.press('Enter');
    await page.locator('#plan-summary').waitFor({ state: 'visible' });
    const text = await page.inputValue('#plan-summary');
    const t = cli.totals;
    for (const line of [
      `ARRS funding plan, ${cli.year_label}`, 'Weighted population: 6,000',
      `Entitlement: ${gbp(t.entitlement)}`, `Claim: ${gbp(t.claim)}`, `Top-up paid by the practices: ${gbp(t.top_up)}`,
      `only ${gbp(t.entitlement)} is available, so ${gbp(t.over_committed)} would not be reimbursed`,
      '1. Clinical pharmacist', 'salary £60,000 full time; 1 WTE', 'employed by Riverside Surgery',
      '3. Health and wellbeing coach', '2 identical posts',
      ...cli.practices.map((p) => `${p.name}: `),
      ...cli.posts.map((p) => `Cost ${gbp(p.all_posts.cost)}, claim ${gbp(p.all_posts.claim)}, top-up ${gbp(p.all_posts.top_up)}`),
    ]) assert.ok(text.includes(line), `the summary has "${line}":\n${text}`);
    const link = text.trim().split('\n').pop();
    assert.match(link, /\/calculator\/\?plan=/);
    assert.match(await page.locator('#files-status').textContent(), /summary/i);
    assert.deepEqual(await axeViolations(page), []);
    // The same text as a file, to attach to an email.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-summary')]);
    assert.match(download.suggestedFilename(), /^arrs-plan-2025-26\.txt$/);
    assert.equal(readFileSync(await download.path(), 'utf8'), text);
    const reopened = await visit(browser.context, browser.origin, new URL(link).pathname + new URL(link).search);
    await waitForResults(reopened.page);
    assert.equal(parsePounds(await reopened.page.locator('#total-claim').textContent()), t.claim);
    assert.deepEqual(logProblems(log), []);
    await reopened.page.close();
    await page.close();
  });
});

describe('calculator without JavaScript', { skip }, () => {
  const browser = useSite({ javaScriptEnabled: false });

  test('a shared plan\'s link shows the current year\'s tables and says to ask for the plan\'s summary as text', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${browser.origin}${shareUrl(PARITY_PLANS['part-year posts'])}`);
    const shown = await shownReference(page);
    assert.deepEqual(shown.years, [currentYear(), currentYear()]);
    assert.match(shown.heading, new RegExp(`, ${currentYear().replace('-', '/')}$`));
    assert.match(await page.locator('#calc-status').textContent(), /summary as text/);
    assert.equal(await page.locator('#calc-app').isVisible(), false);
    await page.close();
  });
});
