// The calculator in each state a PCN meets — a 25-post team opened by link, errors,
// over-commitment, practices, scenarios, the printed board report — at desktop (1280 × 800) and
// phone (390 × 844) sizes: the claim stays in view, axe finds nothing, nothing scrolls sideways,
// and a screenshot of each state is saved under tests/browser/artifacts/ for people to look at.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { logProblems, useSite, visit } from './lib/browser.mjs';
import { PARITY_PLANS, largePlan, shareUrl, waitForResults } from './lib/calculator-plans.mjs';
import { axeViolations } from './lib/page-checks.mjs';
import { artifactsDir, siteUnderTest } from './lib/site.mjs';

const { isFixture } = siteUnderTest();
const skip = isFixture ? 'the fixture site has no calculator' : false;

const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };

/** Where `#total-claim` is, relative to the viewport. */
function claimPosition(page) {
  return page.evaluate(() => {
    const box = document.getElementById('total-claim').getBoundingClientRect();
    return { top: box.top, bottom: box.bottom, height: window.innerHeight, visible: box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight };
  });
}

/** States: a path, and what to do once the results (or the errors) are shown. */
const STATES = {
  empty: { path: '/calculator/', empty: true },
  'team-25': { path: shareUrl(largePlan(25)) },
  errors: {
    path: shareUrl(PARITY_PLANS['part-year posts']),
    act: async (page) => {
      // On a phone each post is a card: open it to edit its figures.
      for (const n of [1, 2]) {
        if (!(await page.isVisible(`#post-${n}-salary`))) await page.click(`#team tbody.post:nth-of-type(${n}) [data-action="details"]`);
      }
      await page.fill('#post-1-salary', 'fifty thousand');
      await page.fill('#post-2-working_time', '1.5');
      await page.locator('#calculator button[type="submit"]').click();
      await page.locator('#error-summary').waitFor({ state: 'visible' });
    },
    errors: true,
  },
  'over-committed': { path: shareUrl(PARITY_PLANS['a split between member practices (over-committed)']) },
  practices: { path: shareUrl(PARITY_PLANS['a split between member practices (over-committed)']), open: ['panel-practices', 'panel-pots', 'panel-charts'] },
  scenarios: { path: shareUrl(PARITY_PLANS['a scenario: next year with a 3% pay award']), open: ['panel-scenarios', 'panel-charts'] },
  'gp-pot-charts': { path: shareUrl(PARITY_PLANS['2024/25 with the ring-fenced GP pot']), open: ['panel-charts', 'panel-pots'] },
  print: { path: shareUrl(PARITY_PLANS['a split between member practices (over-committed)']), print: true },
  // Scenario B of next year leaves post 1 out, changes post 2 (a copy to edit) and adds a post.
  'scenario-posts': {
    path: shareUrl(PARITY_PLANS['a scenario: next year with a 3% pay award']),
    act: async (page) => {
      await page.evaluate(() => { document.getElementById('panel-scenarios').open = true; });
      await page.uncheck('#scenario-1-keep-1');
      await page.click('[data-change-post="2"][data-scenario="0"]');
      await page.fill('#scenario-1-add-1-working_time', '0.8');
      await page.click('[data-add-scenario-post="0"]');
      await page.selectOption('#scenario-1-add-2-role', 'paramedic');
      await page.fill('#scenario-1-add-2-salary', '50000');
      await page.locator('#scenario-1-add-2-salary').blur();
      await page.waitForFunction(() => document.querySelectorAll('#scenarios-table tbody tr').length > 0);
      await page.locator('#panel-scenarios').scrollIntoViewIfNeeded();
    },
  },
  // Another year picked: the reference tables below are that year's.
  'reference-2024-25': {
    path: '/calculator/',
    empty: true,
    act: async (page) => {
      await page.selectOption('#year', '2024-25');
      await page.waitForFunction(() => /2024\/25/.test(document.getElementById('caps-table').textContent));
    },
  },
  // The plan as text for a colleague who cannot run the calculator.
  'summary-copied': {
    path: shareUrl(PARITY_PLANS['a split between member practices (over-committed)']),
    act: async (page) => {
      await page.click('#copy-summary');
      await page.locator('#plan-summary').waitFor({ state: 'visible' });
    },
  },
};

describe('calculator states', { skip }, () => {
  const browser = useSite();
  before(() => mkdirSync(artifactsDir, { recursive: true }));

  for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
    test(`a 25-post plan opened by link shows the claim in the first screen and keeps it in view (${viewportName})`, async () => {
      const { page, log } = await visit(browser.context, browser.origin, STATES['team-25'].path);
      await page.setViewportSize(viewport);
      await waitForResults(page);
      const first = await claimPosition(page);
      assert.ok(first.visible, `#total-claim at ${Math.round(first.top)}–${Math.round(first.bottom)} px, screen ${first.height} px`);
      if (viewportName === 'desktop') {
        // The rows line up: post 10's role list starts where post 1's does (two-digit numbers).
        const lefts = await page.evaluate(() => [1, 9, 10, 25].map((n) => Math.round(document.getElementById(`post-${n}-role`).getBoundingClientRect().left)));
        assert.deepEqual(new Set(lefts).size, 1, `role lists start at ${lefts.join(', ')} px`);
      }
      const half = await page.evaluate(() => {
        const y = Math.round((document.documentElement.scrollHeight - window.innerHeight) / 2);
        window.scrollTo(0, y);
        return y;
      });
      await page.waitForTimeout(50);
      const scrolled = await claimPosition(page);
      assert.ok(half > 500, `the page is long enough to scroll (${half} px to halfway)`);
      assert.ok(scrolled.visible, `scrolled ${half} px: #total-claim at ${Math.round(scrolled.top)} px`);
      // A focused control is not hidden behind the totals (WCAG 2.4.11): the salary of post 20,
      // or on a phone (where posts are closed cards) its Change button, reached by Tab from above.
      const target = (await page.isVisible('#post-20-salary')) ? '#post-20-salary' : '#team tbody.post:nth-of-type(20) [data-action="details"]';
      await page.focus('#team tbody.post:nth-of-type(19) [data-action="remove"], #post-19-salary');
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await page.focus(target);
      const covered = await page.evaluate((selector) => {
        const element = document.querySelector(selector);
        if (document.activeElement !== element) return 'not focused';
        const bar = document.getElementById('summary').getBoundingClientRect();
        const field = element.getBoundingClientRect();
        return field.top < bar.bottom - 1;
      }, target);
      assert.equal(covered, false, `the focused ${target} is not hidden under the totals`);
      assert.deepEqual(logProblems(log), []);
      await page.close();
    });

    for (const [name, state] of Object.entries(STATES)) {
      test(`${name} at ${viewportName} size: axe clean, fits the width, screenshot saved`, async () => {
        const { page, log } = await visit(browser.context, browser.origin, state.path);
        await page.setViewportSize(viewport);
        if (state.empty) await page.locator('#post-1-role').waitFor({ state: 'attached', timeout: 20000 });
        else await waitForResults(page);
        if (state.act) await state.act(page);
        for (const id of state.open ?? []) await page.evaluate((panel) => { document.getElementById(panel).open = true; }, id);
        if (state.print) {
          await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
          await page.emulateMedia({ media: 'print' });
        }
        const facts = await page.evaluate(() => ({
          overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          warning: document.getElementById('summary').classList.contains('warning'),
          words: document.getElementById('summary-words').textContent,
        }));
        await page.screenshot({ path: join(artifactsDir, `calculator-${name}-${viewportName}.png`), fullPage: true });
        if (name === 'empty') assert.match(facts.words, /^Enter your weighted population/, 'a new page invites, it does not report problems');
        if (name === 'over-committed') {
          assert.ok(facts.warning, 'over-commitment is shown in warning style');
          assert.match(facts.words, /only £[\d,]+ is available\. £[\d,.]+ would not be reimbursed/);
        }
        if (name === 'gp-pot-charts' || name === 'practices') {
          // The cumulative chart's axis ends close above its largest figure, so the lines fill
          // the drawing rather than its lower half.
          const axis = await page.evaluate(() => {
            const pounds = (text) => {
              const m = /^−?£([\d,.]+)([km]?)$/.exec(text.trim());
              return m ? Number(m[1].replace(/,/g, '')) * ({ k: 1e3, m: 1e6 }[m[2]] ?? 1) : NaN;
            };
            const chart = document.getElementById('chart-cumulative');
            const top = Math.max(...Array.from(chart.querySelectorAll('.axis-y'), (label) => pounds(label.textContent)));
            const figures = Array.from(chart.querySelectorAll('tbody td'), (cell) => pounds(cell.textContent)).filter(Number.isFinite);
            const entitlements = Array.from(document.querySelectorAll('#pots-table tbody td:nth-child(2)'), (cell) => pounds(cell.textContent));
            return { top, largest: Math.max(...figures, ...entitlements.filter(Number.isFinite)) };
          });
          assert.ok(axis.largest > 0 && axis.top >= axis.largest && axis.top < 1.34 * axis.largest,
            `axis up to ${axis.top} for a largest figure of ${axis.largest}`);
        }
        assert.ok(facts.overflow <= 0, `scrolls sideways by ${facts.overflow}px`);
        assert.deepEqual(await axeViolations(page), []);
        assert.deepEqual(logProblems(log), []);
        await page.close();
      });
    }
  }
});
