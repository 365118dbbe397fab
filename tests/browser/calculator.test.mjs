// The calculator agrees with `arrs-guide plan` to the penny: every total, every post's claim and
// top-up, each practice's part and each scenario, for the six plans of issue 12, opened by share
// link; old `post=` links still open the same plan. Links with bad values show the core's error on
// the field instead of hiding or guessing (issue 15).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { logProblems, useSite, visit } from './lib/browser.mjs';
import { PARITY_PLANS, cliPlan, shareUrl, waitForResults } from './lib/calculator-plans.mjs';
import { arrsGuideBinary, calculatorUrl, formatPounds, parsePounds, planJson } from './lib/cli.mjs';
import { axeViolations } from './lib/page-checks.mjs';
import { siteUnderTest } from './lib/site.mjs';

const { isFixture } = siteUnderTest();
const skip = isFixture ? 'the fixture site has no calculator' : false;

/** Summary outputs and the result totals each must equal. */
const OUTPUTS = [
  ['total-cost', 'cost'], ['total-claim', 'claim'], ['total-top-up', 'top_up'],
  ['total-provider-share', 'provider_share'],
];

/** Everything the page shows that the CLI also computes, as `{ name: shown text }`. */
async function readShown(page) {
  await waitForResults(page);
  await page.evaluate(() => {
    for (const id of ['panel-practices', 'panel-scenarios']) document.getElementById(id).open = true;
  });
  return page.evaluate(() => {
    const text = (node) => (node?.textContent ?? '').trim();
    const shown = {};
    for (const output of document.querySelectorAll('#summary output')) shown[`#${output.id}`] = text(output);
    document.querySelectorAll('#team tbody.post').forEach((body, i) => {
      shown[`post ${i + 1} claim`] = text(body.querySelector('[data-out="claim"]'));
      shown[`post ${i + 1} top-up`] = text(body.querySelector('[data-out="top_up"]'));
    });
    for (const row of document.querySelectorAll('#practices-table tbody tr')) shown[`practice ${text(row.cells[0])} to fund`] = text(row.cells[5]);
    const scenarioRows = document.querySelectorAll('#scenarios-table tbody tr');
    for (const row of scenarioRows) {
      for (let c = 2; c < row.cells.length; c += 2) shown[`scenario ${c / 2} ${text(row.cells[0])}`] = text(row.cells[c]);
    }
    return shown;
  });
}

/** What the page must show for a CLI result, in the same keys as `readShown`. */
function expectedFor(result) {
  const t = result.totals;
  const expected = {};
  for (const [id, key] of OUTPUTS) expected[`#${id}`] = t[key];
  if (t.entitlement !== null) {
    expected['#entitlement'] = t.entitlement;
    expected['#over-committed'] = t.over_committed;
    expected['#headroom'] = Number(t.over_committed) > 0 ? `${t.over_committed} over` : t.unclaimed;
  }
  result.posts.forEach((post, i) => {
    expected[`post ${i + 1} claim`] = post.all_posts.claim;
    expected[`post ${i + 1} top-up`] = post.all_posts.top_up;
  });
  for (const practice of result.practices) expected[`practice ${practice.name} to fund`] = practice.to_fund;
  const names = { entitlement: 'Entitlement', cost: 'Total cost', claim: 'Claim', top_up: 'Top-up by practices', provider_share: 'Provider share', unclaimed: 'Unclaimed', over_committed: 'Over-committed' };
  result.scenarios.forEach((scenario, i) => {
    for (const [key, name] of Object.entries(names)) {
      if (scenario.result.totals[key] !== null) expected[`scenario ${i + 1} ${name}`] = scenario.result.totals[key];
    }
  });
  return expected;
}

/** Lines naming every figure the page shows differently from the CLI. */
function parityProblems(shown, expected) {
  const problems = [];
  for (const [name, value] of Object.entries(expected)) {
    const text = shown[name];
    if (text === undefined) { problems.push(`${name}: not shown`); continue; }
    const over = / over$/.test(value);
    const shownValue = parsePounds(text.replace(/ over$/, ''));
    const wanted = over ? value.replace(/ over$/, '') : value;
    if (over !== / over$/.test(text) || shownValue !== Number(wanted).toFixed(2)) {
      problems.push(`${name} shows "${text}"; the CLI says ${formatPounds(wanted)}${over ? ' over' : ''}`);
    }
  }
  return problems;
}

describe('calculator parity with arrs-guide plan', { skip }, () => {
  const browser = useSite();
  const binary = isFixture ? null : arrsGuideBinary();

  for (const [name, plan] of Object.entries(PARITY_PLANS)) {
    test(`the same figures as the CLI: ${name}`, async () => {
      assert.ok(binary, 'no arrs-guide binary: run `cargo build`');
      const expected = expectedFor(cliPlan(binary, plan));
      const { page, log } = await visit(browser.context, browser.origin, shareUrl(plan));
      const shown = await readShown(page);
      await page.close();
      assert.ok(Object.keys(expected).length >= 8, 'the comparison covers totals and posts');
      assert.deepEqual(parityProblems(shown, expected), []);
      assert.deepEqual(logProblems(log), []);
    });
  }

  test('an old post= link opens the same plan as the CLI computes from the posts CSV', async () => {
    const plan = {
      year: '2025-26', population: 30000, posts: [
        ['clinical-pharmacist', 'national', '52000', '1'],
        ['first-contact-physiotherapist', 'outer-london', '50000', '0.8', '2025-10-01', '2026-03-31'],
        ['general-practitioner', 'national', '90000', '0.6'],
      ],
    };
    const expected = expectedFor(planJson(binary, plan));
    const { page, log } = await visit(browser.context, browser.origin, calculatorUrl(plan));
    const shown = await readShown(page);
    await page.close();
    assert.deepEqual(parityProblems(shown, expected), []);
    assert.deepEqual(logProblems(log), []);
  });

  test('the comparison tells apart plans one weighted patient apart', async () => {
    const plan = PARITY_PLANS['part-year posts'];
    const other = expectedFor(cliPlan(binary, { ...plan, weighted_population: String(Number(plan.weighted_population) + 1) }));
    const { page } = await visit(browser.context, browser.origin, shareUrl(plan));
    const shown = await readShown(page);
    await page.close();
    const problems = parityProblems(shown, other);
    assert.ok(problems.some((line) => line.startsWith('#entitlement')), problems.join('\n'));
  });
});

/** Bad values in a link: each must be reported on its field (issue 15). */
const BAD_LINKS = {
  'an unknown year': ['/calculator/?year=2031-32&population=30000&post=clinical-pharmacist,national,52000,1', 'year'],
  'band=9z': ['/calculator/?year=2025-26&population=30000&post=adult-mental-health-practitioner,national,40000,1,,,band=9z', 'post-1-band'],
  'from=2025-02-30': ['/calculator/?year=2025-26&population=30000&post=clinical-pharmacist,national,52000,1,2025-02-30', 'post-1-from'],
};

describe('calculator links with bad values', { skip }, () => {
  const browser = useSite();
  for (const [name, [path, fieldId]] of Object.entries(BAD_LINKS)) {
    test(`${name}: the error is shown on the field, and no figure is guessed`, async () => {
      const { page, log } = await visit(browser.context, browser.origin, path);
      await page.locator('#error-summary').waitFor({ state: 'visible', timeout: 20000 });
      const state = await page.evaluate((id) => {
        const input = document.getElementById(id);
        const message = document.getElementById(`${id}-error`);
        return {
          exists: Boolean(input),
          visible: Boolean(input && input.getClientRects().length),
          invalid: input?.getAttribute('aria-invalid'),
          message: message && !message.hidden ? message.textContent.trim() : '',
          described: (input?.getAttribute('aria-describedby') ?? '').includes(`${id}-error`),
          links: [...document.querySelectorAll('#error-summary a')].map((a) => a.getAttribute('href')),
          claim: document.getElementById('total-claim').textContent,
          focused: document.activeElement?.id,
        };
      }, fieldId);
      assert.ok(state.exists && state.visible, `#${fieldId} is on the page and visible`);
      assert.equal(state.invalid, 'true', `#${fieldId} is marked invalid`);
      assert.match(state.message, /^Error: .{10,}/, `#${fieldId} has its message`);
      assert.ok(state.described, 'the message describes the field');
      assert.ok(state.links.includes(`#${fieldId}`), `the error summary links to #${fieldId}: ${state.links}`);
      assert.doesNotMatch(state.claim, /£/, 'no result is shown for a plan with a problem');
      assert.equal(state.focused, 'error-summary', 'the error summary has focus');
      assert.deepEqual(await axeViolations(page), []);
      assert.deepEqual(logProblems(log), []);
      await page.close();
    });
  }
});
