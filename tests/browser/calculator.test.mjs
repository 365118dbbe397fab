// The calculator in the browser: the same totals as `arrs-guide plan` to the penny, the whole flow
// by keyboard alone with visible focus, and the GOV.UK error pattern for an invalid WTE.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { logProblems, useSite, visit } from './lib/browser.mjs';
import { arrsGuideBinary, calculatorUrl, formatPounds, parsePounds, planJson } from './lib/cli.mjs';
import { axeViolations, focusIndicator } from './lib/page-checks.mjs';
import { siteUnderTest } from './lib/site.mjs';

const { isFixture } = siteUnderTest();
const skip = isFixture ? 'the fixture site has no calculator' : false;

/** The result outputs and the `plan --format json` totals each must equal. */
const OUTPUTS = [
  ['entitlement', 'entitlement'],
  ['total-cost', 'cost'],
  ['total-claim', 'claim'],
  ['total-top-up', 'top_up'],
  ['headroom', 'unclaimed'],
];

/** Plans compared with the command line. */
const PLANS = {
  'one part-year post (issue 5)': {
    year: '2025-26',
    population: 30000,
    posts: [['clinical-pharmacist', 'national', '52000', '0.6', '2025-10-01', '2026-03-31']],
  },
  'over-committed: small PCN, several full-time posts': {
    year: '2025-26',
    population: 4000,
    posts: [
      ['clinical-pharmacist', 'national', '55000', '1'],
      ['paramedic', 'national', '48000', '1'],
      ['first-contact-physiotherapist', 'national', '52000', '1', '2025-06-01'],
      ['care-coordinator', 'national', '27000', '0.8'],
    ],
    overCommitted: true,
  },
  'London: inner and outer London posts': {
    year: '2025-26',
    population: 45000,
    posts: [
      ['pharmacy-technician', 'inner-london', '48000', '1'],
      ['social-prescribing-link-worker', 'outer-london', '29000', '0.8', '2025-06-15', '2026-01-20'],
      ['dietitian', 'inner-london', '62000', '0.5'],
    ],
  },
  '2024-25: caps change on 1 October 2024': {
    year: '2024-25',
    population: 20000,
    posts: [
      ['clinical-pharmacist', 'outer-london', '50000', '1', '2024-07-01', '2025-03-31'],
      ['health-and-wellbeing-coach', 'national', '30000', '0.6'],
    ],
  },
};

/** Waits until `#total-claim` shows money, then reads every output. */
async function readOutputs(page) {
  await page.waitForFunction(() => /£/.test(document.getElementById('total-claim')?.textContent ?? ''), null, { timeout: 15000 });
  const shown = {};
  for (const [id] of OUTPUTS) shown[id] = ((await page.locator(`#${id}`).textContent()) ?? '').trim();
  return shown;
}

/** Differences between the shown outputs and the CLI's totals, one line per output. */
function parityProblems(shown, expectedTotals) {
  const problems = [];
  for (const [id, key] of OUTPUTS) {
    const value = parsePounds(shown[id]);
    if (value === null) problems.push(`#${id} shows "${shown[id]}", not money like £12,345.67`);
    else if (value !== expectedTotals[key]) problems.push(`#${id} shows ${shown[id]}; the CLI says ${formatPounds(expectedTotals[key])}`);
  }
  return problems;
}

/** What the focused element is called: its label, aria-label or text. */
function describeActive(page) {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return { tag: 'body', label: '' };
    const labelText = [...(element.labels ?? [])].map((label) => label.textContent).join(' ');
    const label = (element.getAttribute('aria-label') || labelText || element.textContent || '').replace(/\s+/g, ' ').trim();
    const group = element.closest('fieldset')?.querySelector('legend')?.textContent.replace(/\s+/g, ' ').trim() ?? '';
    return { tag: element.tagName.toLowerCase(), type: element.getAttribute('type') ?? '', label, group, id: element.id };
  });
}

/**
 * Presses Tab until the focused element satisfies `wanted`, checking on the way that every
 * focused element shows a focus indicator. Returns the element's description.
 */
async function tabTo(page, wanted, focusProblems, what) {
  for (let presses = 0; presses < 150; presses += 1) {
    await page.keyboard.press('Tab');
    const active = await describeActive(page);
    const indicator = await focusIndicator(page);
    if (active.tag !== 'body' && !indicator.visible) focusProblems.add(`no visible focus on ${indicator.description}`);
    if (wanted(active)) return active;
  }
  throw new Error(`Tab never reached ${what}`);
}

/** Replaces the focused field's text by typing, as a keyboard user would. */
async function retype(page, text) {
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}

const isField = (pattern) => (active) => ['input', 'select', 'textarea'].includes(active.tag) && pattern.test(active.label);
/** The WTE text box: labelled as such, or the amount box of a "Working time" group. */
const isWteField = (active) =>
  active.tag === 'input' && (/\bWTE\b|whole[- ]time/i.test(active.label) || (/working time/i.test(active.group) && /amount/i.test(active.label)));

describe('calculator', { skip }, () => {
  const browser = useSite();
  const binary = isFixture ? null : arrsGuideBinary();

  for (const [name, plan] of Object.entries(PLANS)) {
    test(`shows the same totals as arrs-guide plan: ${name}`, async () => {
      assert.ok(binary, 'no arrs-guide binary: run `cargo build --release`');
      const expected = planJson(binary, plan).totals;
      if (plan.overCommitted) assert.ok(expected.over_committed !== '0.00', `plan is not over-committed: ${expected.over_committed}`);
      const { page, log } = await visit(browser.context, browser.origin, calculatorUrl(plan));
      const shown = await readOutputs(page);
      await page.close();
      assert.deepEqual(parityProblems(shown, expected), []);
      assert.deepEqual(logProblems(log), []);
    });
  }

  test('the parity check tells apart plans one weighted patient apart', async () => {
    const plan = PLANS['one part-year post (issue 5)'];
    const other = planJson(binary, { ...plan, population: plan.population + 1 }).totals;
    const { page } = await visit(browser.context, browser.origin, calculatorUrl(plan));
    const shown = await readOutputs(page);
    await page.close();
    const problems = parityProblems(shown, other);
    assert.ok(problems.some((line) => line.startsWith('#entitlement')), problems.join('\n'));
    assert.ok(problems.some((line) => line.startsWith('#headroom')), problems.join('\n'));
  });

  test('works with the keyboard alone, with visible focus throughout', async () => {
    const { page, log } = await visit(browser.context, browser.origin, '/calculator/', { waitUntil: 'networkidle' });
    const focusProblems = new Set();
    await tabTo(page, isField(/population/i), focusProblems, 'the weighted population field');
    await retype(page, '30000');
    const next = await tabTo(
      page,
      (active) => isField(/\brole\b/i)(active) || (active.tag === 'button' && /add/i.test(active.label)),
      focusProblems,
      'the role field or an add-a-post button',
    );
    if (next.tag === 'button') {
      await page.keyboard.press('Enter');
      await tabTo(page, isField(/\brole\b/i), focusProblems, 'the role field');
    }
    await page.keyboard.type('Clinical pharm'); // type-ahead picks the option
    await tabTo(page, isField(/salary/i), focusProblems, 'the salary field');
    await retype(page, '52000');
    await tabTo(page, isWteField, focusProblems, 'the WTE field');
    await retype(page, '0.6');
    await page.keyboard.press('Enter');
    const shown = await readOutputs(page);
    assert.notEqual(parsePounds(shown['total-claim']), null, `#total-claim shows "${shown['total-claim']}"`);
    assert.ok(Number(parsePounds(shown['total-claim'])) > 0, 'a clinical pharmacist post claims something');
    assert.deepEqual(await axeViolations(page), [], 'the page with results passes axe');
    assert.deepEqual([...focusProblems], []);
    assert.deepEqual(logProblems(log), []);
    await page.close();
  });

  test('an invalid WTE shows the error summary (focused) and the inline error, and no result', async () => {
    const { page, log } = await visit(browser.context, browser.origin, calculatorUrl(PLANS['one part-year post (issue 5)']));
    await readOutputs(page);
    const focusProblems = new Set();
    await page.evaluate(() => document.activeElement instanceof HTMLElement && document.activeElement.blur());
    const field = await tabTo(page, isWteField, focusProblems, 'the WTE field');
    await retype(page, '1.5');
    await page.keyboard.press('Enter');
    const summary = page.locator(':is(div, section, aside)', { has: page.getByText('There is a problem', { exact: true }) }).last();
    await summary.waitFor({ state: 'visible', timeout: 5000 });
    const state = await page.evaluate((fieldId) => {
      const summaryHeading = [...document.querySelectorAll('h2, h3')].find((h) => h.textContent.trim() === 'There is a problem');
      const box = summaryHeading?.parentElement;
      const input = document.getElementById(fieldId);
      const describedBy = (input?.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
      const inline = describedBy.map((id) => document.getElementById(id)?.textContent.trim() ?? '').filter((text) => /WTE|whole|time/i.test(text));
      const summaryLinks = [...(box?.querySelectorAll('a[href]') ?? [])].map((a) => ({ href: a.getAttribute('href'), text: a.textContent.trim() }));
      return {
        focusInSummary: Boolean(box && (box === document.activeElement || box.contains(document.activeElement))),
        summaryLinks,
        inline,
        invalid: input?.getAttribute('aria-invalid'),
        title: document.title,
        claim: document.getElementById('total-claim')?.textContent ?? '',
      };
    }, field.id);
    assert.ok(state.focusInSummary, 'the error summary receives focus');
    const link = state.summaryLinks.find((l) => l.href === `#${field.id}`);
    assert.ok(link, `the summary links to #${field.id}: ${JSON.stringify(state.summaryLinks)}`);
    assert.ok(state.inline.length > 0, 'the WTE field is described by an inline error message');
    assert.ok(state.inline.some((text) => text.includes(link.text)), `inline error "${state.inline}" matches the summary "${link.text}"`);
    assert.equal(state.invalid, 'true', 'the field is marked aria-invalid');
    assert.match(state.title, /^Error: /, 'the page title starts with "Error: "');
    assert.doesNotMatch(state.claim, /£/, `no result is shown while the input is invalid, got "${state.claim}"`);
    assert.deepEqual(await axeViolations(page), [], 'the page with errors passes axe');
    assert.deepEqual([...focusProblems], []);
    assert.deepEqual(logProblems(log), []);
    await page.close();
  });
});
