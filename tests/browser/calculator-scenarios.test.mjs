// Scenarios side by side, built by keyboard the way a PCN manager tries "what if": a scenario of
// next year with a pay award and a cap uplift that leaves one post out, changes another and adds
// a new one. The scenario's totals must equal `arrs-guide plan` for the same plan file to the
// penny, the share link must bring the scenario's posts back, an error in an added post is shown
// on that post's field, and changing a scenario's year offers to move its added posts' dates.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { logProblems, useSite, visit } from './lib/browser.mjs';
import { PARITY_PLANS, cliPlan, shareUrl, waitForResults } from './lib/calculator-plans.mjs';
import { arrsGuideBinary, parsePounds } from './lib/cli.mjs';
import { axeViolations, focusIndicator } from './lib/page-checks.mjs';
import { siteUnderTest } from './lib/site.mjs';

const { isFixture } = siteUnderTest();
const skip = isFixture ? 'the fixture site has no calculator' : false;

/** Part-year posts of 2025/26 with a scenario B: 2026/27, 3% pay award, caps up 2%. */
const BASE = {
  ...PARITY_PLANS['part-year posts'],
  scenarios: [{ name: 'Next year', changes: { year: '2026-27', pay_award_percent: '3', cap_uplift_percent: '2' } }],
};

/** Presses Tab until the focused element matches `selector`, checking focus stays visible. */
async function tabTo(page, selector, problems, { back = false } = {}) {
  for (let presses = 0; presses < 250; presses += 1) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const indicator = await focusIndicator(page);
    const found = await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);
    if (!indicator.visible) problems.add(`no visible focus on ${indicator.description} (Tab towards ${selector})`);
    if (found) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

async function retype(page, text) {
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}

/** The scenario column of the comparison table, as `{ row name: decimal }`. */
function scenarioColumn(page) {
  return page.evaluate(() => Object.fromEntries(Array.from(document.querySelectorAll('#scenarios-table tbody tr'),
    (row) => [row.cells[0].textContent.trim(), row.cells[2].textContent.trim()])));
}

/** Waits until the scenario's claim equals `claim` (a decimal string), or fails saying what it shows. */
async function scenarioClaimShows(page, claim) {
  let shown = {};
  for (let tries = 0; tries < 100; tries += 1) {
    shown = await scenarioColumn(page);
    if (parsePounds(shown.Claim ?? '') === claim) return shown;
    await page.waitForTimeout(50);
  }
  throw new Error(`the scenario's claim shows ${shown.Claim}; the CLI says ${claim}`);
}

/**
 * Checks scenario B's column and the plan's claim against `arrs-guide plan` for `file`;
 * returns the CLI's totals for the scenario.
 */
async function scenarioEqualsCli(page, file) {
  const cli = cliPlan(arrsGuideBinary(), file);
  const scenario = cli.scenarios[0].result.totals;
  const shown = await scenarioClaimShows(page, scenario.claim);
  for (const [name, key] of [['Total cost', 'cost'], ['Top-up by practices', 'top_up'], ['Entitlement', 'entitlement'], ['Unclaimed', 'unclaimed']]) {
    assert.equal(parsePounds(shown[name]), scenario[key], `scenario ${name}`);
  }
  assert.equal(parsePounds((await page.locator('#total-claim').textContent()) ?? ''), cli.totals.claim, 'the plan itself is unchanged');
  return scenario;
}

/** Opens `plan` by share link and, by keyboard, its scenarios panel; `{ page, log }`. */
async function openScenarios(browser, plan) {
  const opened = await visit(browser.context, browser.origin, shareUrl(plan));
  await waitForResults(opened.page);
  await opened.page.focus('#panel-scenarios > summary');
  await opened.page.keyboard.press('Enter');
  await opened.page.locator('#scenario-1-year').waitFor({ state: 'visible' });
  return opened;
}

describe('calculator scenarios', { skip }, () => {
  const browser = useSite();

  test('by keyboard, a scenario leaves a post out, changes one and adds one; its totals equal the CLI and survive the share link', async () => {
    const { page, log } = await openScenarios(browser, BASE);
    const problems = new Set();

    // Change post 2 (the FCP): it is left out and an editable copy added, dated in 2026/27.
    await tabTo(page, '[data-change-post="2"][data-scenario="0"]', problems);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'scenario-1-add-1-legend', 'focus goes to the copy');
    assert.equal(await page.inputValue('#scenario-1-add-1-from'), '15/6/2026', 'the copy\'s dates move into the scenario\'s year');
    assert.equal(await page.inputValue('#scenario-1-add-1-to'), '20/1/2027');
    await tabTo(page, '#scenario-1-add-1-salary', problems);
    await retype(page, '58,000');
    await tabTo(page, '#scenario-1-add-1-working_time', problems);
    await retype(page, '0.6');
    // Add a new post: a paramedic (it starts with the last added post's pay area and dates).
    await tabTo(page, '[data-add-scenario-post="0"]', problems);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'scenario-1-add-2-role');
    await page.keyboard.type('Paramedic');
    await tabTo(page, '#scenario-1-add-2-salary', problems);
    await retype(page, '50000');
    // Leave post 3 (the care coordinator) out of scenario B, going back up the list.
    await tabTo(page, '#scenario-1-keep-3', problems, { back: true });
    await page.keyboard.press('Space');

    const expectedFile = {
      ...BASE,
      scenarios: [{
        name: 'Next year',
        changes: {
          year: '2026-27', pay_award_percent: '3', cap_uplift_percent: '2', remove_posts: [2, 3],
          // The changed post keeps the pay award (ticked by "Change"); the new one does not.
          award_added_posts: [1],
          add_posts: [
            { ...BASE.posts[1], salary: '58000', working_time: { value: '0.6', unit: 'wte' }, from: '2026-06-15', to: '2027-01-20' },
            { role: 'paramedic', region: 'outer-london', salary: '50000', working_time: { value: '1', unit: 'wte' }, from: '2026-06-15', to: '2027-01-20' },
          ],
        },
      }],
    };
    const scenario = await scenarioEqualsCli(page, expectedFile);
    assert.equal(await page.isChecked('#scenario-1-keep-1'), true);
    assert.equal(await page.isChecked('#scenario-1-keep-2'), false, 'a changed post is left out');
    assert.deepEqual([...problems], []);
    assert.deepEqual(await axeViolations(page), []);

    // The printed board report says what the scenario changes.
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    const report = await page.locator('#report-scenarios').textContent();
    assert.match(report, /B: Next year: year 2026\/27; pay award 3%; caps raised 2%; without post 2, 3; adding First contact physiotherapist \(£59,740 with the pay award, 0\.6 WTE\); Paramedic \(£50,000, 1 WTE\)\./);
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    assert.equal(await page.locator('#report-scenarios').count(), 1, 'printing twice gives one list');

    // The share link carries the scenario's posts.
    await page.waitForFunction(() => window.location.search.startsWith('?plan='));
    await page.waitForTimeout(300);
    const reopened = await visit(browser.context, browser.origin, await page.evaluate(() => window.location.pathname + window.location.search));
    await waitForResults(reopened.page);
    await reopened.page.evaluate(() => { document.getElementById('panel-scenarios').open = true; });
    await scenarioClaimShows(reopened.page, scenario.claim);
    assert.equal(await reopened.page.isChecked('#scenario-1-keep-3'), false);
    assert.equal(await reopened.page.inputValue('#scenario-1-add-1-salary'), '58,000');
    assert.equal(await reopened.page.inputValue('#scenario-1-add-2-role'), 'paramedic');
    assert.deepEqual(logProblems(log), []);
    assert.deepEqual(logProblems(reopened.log), []);
    await reopened.page.close();
    await page.close();
  });

  test('a post changed in a scenario keeps its pay award: unedited, the scenario is unchanged; unticked, it claims what the CLI does without it', async () => {
    const { page, log } = await openScenarios(browser, BASE);
    // The scenario's figures once its year's rules have arrived.
    const before = await scenarioClaimShows(page, cliPlan(arrsGuideBinary(), BASE).scenarios[0].result.totals.claim);
    await page.click('[data-change-post="1"][data-scenario="0"]');
    assert.equal(await page.isChecked('#scenario-1-add-1-award'), true, '"Change" ticks the pay award');
    const withAward = cliPlan(arrsGuideBinary(), {
      ...BASE,
      scenarios: [{ ...BASE.scenarios[0], changes: { ...BASE.scenarios[0].changes, remove_posts: [1], add_posts: [{ ...BASE.posts[0], from: '2026-10-01', to: '2027-03-31' }], award_added_posts: [1] } }],
    });
    const shown = await scenarioClaimShows(page, withAward.scenarios[0].result.totals.claim);
    assert.equal(shown.Claim, before.Claim, 'an unedited copy with the award claims what the plan post did');
    assert.equal(shown['Total cost'], before['Total cost']);
    await page.focus('#scenario-1-add-1-award');
    await page.keyboard.press('Space');
    const without = cliPlan(arrsGuideBinary(), {
      ...BASE,
      scenarios: [{ ...BASE.scenarios[0], changes: { ...BASE.scenarios[0].changes, remove_posts: [1], add_posts: [{ ...BASE.posts[0], from: '2026-10-01', to: '2027-03-31' }] } }],
    });
    const unticked = await scenarioClaimShows(page, without.scenarios[0].result.totals.claim);
    assert.ok(parsePounds(unticked['Total cost']) < parsePounds(before['Total cost']), 'without the award the post costs less');
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(logProblems(log), []);
    await page.close();
  });

  test('removing a plan post keeps each scenario\'s left-out posts on the same posts', async () => {
    const plan = { ...BASE, scenarios: [{ name: 'Without the coordinator', changes: { remove_posts: [3] } }] };
    const { page, log } = await visit(browser.context, browser.origin, shareUrl(plan));
    await waitForResults(page);
    await page.evaluate(() => { document.getElementById('panel-scenarios').open = true; });
    await page.click('#team tbody.post:nth-of-type(1) [data-action="remove"]');
    // The coordinator is now post 2 and still left out of the scenario.
    assert.equal(await page.isChecked('#scenario-1-keep-2'), false);
    assert.equal(await page.isChecked('#scenario-1-keep-1'), true);
    const cli = cliPlan(arrsGuideBinary(), { ...plan, posts: plan.posts.slice(1), scenarios: [{ name: 'Without the coordinator', changes: { remove_posts: [2] } }] });
    await scenarioClaimShows(page, cli.scenarios[0].result.totals.claim);
    assert.deepEqual(logProblems(log), []);
    await page.close();
  });

  test('a keyboard user\'s place in the scenarios panel survives the panel being rebuilt', async () => {
    // The panel is rebuilt when it opens (its toggle event can arrive after the reader's first
    // Tab into it) and when a scenario's year's rules arrive: the focused control, and the
    // caret in a text field, must still be the reader's afterwards.
    const { page, log } = await visit(browser.context, browser.origin, shareUrl(BASE));
    await waitForResults(page);
    await page.evaluate(() => { document.getElementById('panel-scenarios').open = true; });
    await page.locator('#scenario-1-keep-3').waitFor({ state: 'visible' });
    const rebuild = () => page.evaluate(() => document.getElementById('panel-scenarios').dispatchEvent(new Event('toggle')));

    await page.focus('[data-change-post="2"][data-scenario="0"]');
    await rebuild();
    assert.equal(await page.evaluate(() => document.activeElement.matches('[data-change-post="2"][data-scenario="0"]')), true,
      'the "change" button of post 2 keeps focus');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'scenario-1-add-1-legend', 'and still works by keyboard');

    await page.focus('#scenario-1-name');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await rebuild();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'scenario-1-name');
    await page.keyboard.type('X');
    assert.equal(await page.inputValue('#scenario-1-name'), 'Next yeXar', 'the caret stays where it was');
    assert.deepEqual(logProblems(log), []);
    await page.close();
  });

  test('by keyboard, changing a scenario\'s year offers to move its added posts\' dates; Keep leaves them, Move gives the CLI\'s totals', async () => {
    const added = { role: 'paramedic', region: 'outer-london', salary: '50000', working_time: { value: '1', unit: 'wte' }, from: '2025-06-15', to: '2026-01-20' };
    const plan = { ...PARITY_PLANS['part-year posts'], scenarios: [{ name: 'A paramedic', changes: { remove_posts: [3], add_posts: [added] } }] };
    const { page, log } = await openScenarios(browser, plan);
    const problems = new Set();
    assert.equal(await page.inputValue('#scenario-1-add-1-from'), '15/6/2025', 'dates from the link read as the hint asks');
    assert.equal(await page.inputValue('#scenario-1-add-1-to'), '20/1/2026');
    assert.equal(await page.locator('#scenario-1-add-1-from-hint').textContent(), 'Day/month/year, like 1/10/2025', 'the hint\'s example is in the plan\'s year');
    const question = () => page.locator('#scenario-1-move-text').textContent();
    const announced = () => page.locator('#announce').textContent();

    // The scenario moves to 2026/27 (the last year offered): the offer appears inside it, is
    // announced, and focus stays on the year with Move next.
    await tabTo(page, '#scenario-1-year', problems);
    await page.keyboard.press('End');
    await page.locator('#scenario-1-move').waitFor({ state: 'visible' });
    assert.equal(await page.inputValue('#scenario-1-year'), '2026-27');
    assert.equal(await question(), 'Move the dates of this scenario’s added posts into 2026/27?');
    assert.match(await announced(), /Scenario B: Move the dates of this scenario’s added posts into 2026\/27\?/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'scenario-1-year');
    assert.equal(await page.locator('#scenario-1-move').evaluate((node) => node.closest('li.scenario') !== null), true, 'the offer is inside the scenario');
    assert.deepEqual(await axeViolations(page), [], 'axe, with the offer shown');
    assert.equal((await page.locator('#total-claim').textContent()).trim(), '–', 'dates of another year: no estimate');

    // Keep: the dates stay as they were, and the fields say what is wrong with them.
    await tabTo(page, '#scenario-1-move-yes', problems);
    await tabTo(page, '#scenario-1-move-no', problems);
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'scenario-1-year', 'focus goes back to the scenario\'s year');
    assert.equal(await page.locator('#scenario-1-move').count(), 0);
    assert.equal(await page.inputValue('#scenario-1-add-1-from'), '15/6/2025');
    await tabTo(page, '#calculator button[type="submit"]', problems, { back: true });
    await page.keyboard.press('Enter');
    await page.locator('#error-summary').waitFor({ state: 'visible' });
    assert.equal(await page.getAttribute('#scenario-1-add-1-from', 'aria-invalid'), 'true', `errors: ${await page.locator('#error-summary-list').textContent()}`);

    // Another year and back: the offer follows the year now chosen. Move.
    await tabTo(page, '#scenario-1-year', problems);
    await page.keyboard.press('ArrowUp');
    await page.waitForFunction(() => /2025\/26\?$/.test(document.getElementById('scenario-1-move-text')?.textContent ?? ''));
    await page.keyboard.press('End');
    await page.waitForFunction(() => /2026\/27\?$/.test(document.getElementById('scenario-1-move-text')?.textContent ?? ''));
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'scenario-1-move-yes', 'Move is the next stop after the year');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'scenario-1-year');
    assert.equal(await page.locator('#scenario-1-move').count(), 0, 'the offer is answered');
    assert.match(await announced(), /Scenario B: dates of the added posts moved into 2026\/27\./);
    assert.equal(await page.inputValue('#scenario-1-add-1-from'), '15/6/2026');
    assert.equal(await page.inputValue('#scenario-1-add-1-to'), '20/1/2027');
    assert.equal(await page.locator('#scenario-1-add-1-from-hint').textContent(), 'Day/month/year, like 1/10/2026', 'the hint\'s example follows the scenario\'s year');
    for (const field of ['from', 'to']) {
      assert.equal(await page.getAttribute(`#scenario-1-add-1-${field}`, 'aria-invalid'), null, `no error left on ${field}`);
      assert.equal(await page.locator(`#scenario-1-add-1-${field}-error`).isVisible(), false);
    }
    assert.equal(await page.locator('#error-summary').isVisible(), false);
    await waitForResults(page);

    const moved = { ...plan, scenarios: [{ name: 'A paramedic', changes: { year: '2026-27', remove_posts: [3], add_posts: [{ ...added, from: '2026-06-15', to: '2027-01-20' }] } }] };
    await scenarioEqualsCli(page, moved);
    assert.deepEqual([...problems], []);
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(logProblems(log), []);
    await page.close();
  });

  test('a problem in a post added to a scenario is named and shown on its field', async () => {
    const { page, log } = await visit(browser.context, browser.origin, shareUrl(BASE));
    await waitForResults(page);
    await page.evaluate(() => { document.getElementById('panel-scenarios').open = true; });
    await page.click('[data-add-scenario-post="0"]');
    await page.selectOption('#scenario-1-add-1-role', 'paramedic');
    await page.fill('#scenario-1-add-1-salary', 'fifty thousand');
    await page.locator('#calculator button[type="submit"]').click();
    await page.locator('#error-summary').waitFor({ state: 'visible' });
    const link = page.locator('#error-summary-list a', { hasText: 'Scenario B, added post 1' });
    assert.equal(await link.count(), 1, `errors: ${await page.locator('#error-summary-list').textContent()}`);
    assert.equal(await link.getAttribute('href'), '#scenario-1-add-1-salary');
    await link.click();
    assert.equal(await page.evaluate(() => document.activeElement.id), 'scenario-1-add-1-salary');
    assert.equal(await page.getAttribute('#scenario-1-add-1-salary', 'aria-invalid'), 'true');
    assert.match(await page.locator('#scenario-1-add-1-salary-error').textContent(), /salary/i);
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(logProblems(log), []);
    await page.close();
  });
});
