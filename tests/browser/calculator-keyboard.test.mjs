// The calculator by keyboard alone, as a PCN manager without a mouse would use it: fill in the
// population, add a post, edit it, duplicate it, remove it, change a post's dates in its details,
// and open a saved plan file — with a visible focus indicator at every stop.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { logProblems, useSite, visit } from './lib/browser.mjs';
import { PARITY_PLANS, cliPlan, planFileOnDisk, waitForResults } from './lib/calculator-plans.mjs';
import { arrsGuideBinary, parsePounds } from './lib/cli.mjs';
import { axeViolations, focusIndicator } from './lib/page-checks.mjs';
import { siteUnderTest } from './lib/site.mjs';

const { isFixture } = siteUnderTest();
const skip = isFixture ? 'the fixture site has no calculator' : false;

/** Presses Tab until the focused element's id is `id`, checking the focus is visible on the way. */
async function tabTo(page, id, problems, { back = false } = {}) {
  for (let presses = 0; presses < 200; presses += 1) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const indicator = await focusIndicator(page);
    const active = await page.evaluate(() => document.activeElement?.id ?? '');
    if (active && !indicator.visible) problems.add(`no visible focus on ${indicator.description}`);
    if (active === id) return;
  }
  throw new Error(`Tab never reached #${id}`);
}

async function retype(page, text) {
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(text);
}

const activeId = (page) => page.evaluate(() => document.activeElement?.id ?? '');
const postCount = (page) => page.locator('#team tbody.post').count();
const claim = async (page) => parsePounds((await page.locator('#total-claim').textContent()) ?? '');

/** Waits until the claim shown (as a decimal string, or null) satisfies `wanted`. */
async function claimShows(page, wanted) {
  for (let tries = 0; tries < 100; tries += 1) {
    if (wanted(await claim(page))) return;
    await page.waitForTimeout(50);
  }
  throw new Error(`#total-claim never showed the expected figure; it shows ${await page.locator('#total-claim').textContent()}`);
}

describe('calculator by keyboard', { skip }, () => {
  const browser = useSite();

  test('adds, edits, duplicates and removes posts and opens a plan file, keyboard only', async () => {
    const { page, log } = await visit(browser.context, browser.origin, '/calculator/', { waitUntil: 'networkidle' });
    await page.locator('#post-1-role').waitFor({ state: 'visible', timeout: 20000 });
    const problems = new Set();

    await tabTo(page, 'population', problems);
    await retype(page, '30000');
    await tabTo(page, 'post-1-role', problems);
    await page.keyboard.type('Clinical pharm');
    await tabTo(page, 'post-1-salary', problems);
    await retype(page, '52000');
    await waitForResults(page);
    const one = await claim(page);
    assert.ok(Number(one) > 0, `one post claims something: ${one}`);

    // Add a post: focus lands on its role.
    await tabTo(page, 'add-post', problems);
    await page.keyboard.press('Enter');
    assert.equal(await activeId(page), 'post-2-role', 'focus moves to the new post');
    await page.keyboard.type('Paramedic');
    await tabTo(page, 'post-2-salary', problems);
    await retype(page, '48000');
    await claimShows(page, (shown) => shown !== null && shown !== one);
    const two = await claim(page);
    assert.ok(Number(two) > Number(one), `two posts claim more than one (${two} > ${one})`);

    // Duplicate post 2: a third post, focus on it.
    await tabTo(page, 'post-2-working_time', problems);
    for (;;) {
      await page.keyboard.press('Tab');
      const text = await page.evaluate(() => document.activeElement?.textContent ?? '');
      if (/Duplicate post 2/.test(text)) break;
    }
    await page.keyboard.press('Enter');
    assert.equal(await postCount(page), 3);
    assert.equal(await activeId(page), 'post-3-role', 'focus moves to the copy');
    assert.equal(await page.inputValue('#post-3-salary'), '48000', 'the copy has the same salary');

    // Change the copy's start date in its details.
    for (;;) {
      await page.keyboard.press('Tab');
      const text = await page.evaluate(() => document.activeElement?.textContent ?? '');
      if (/Change post 3/.test(text)) break;
    }
    await page.keyboard.press('Enter');
    assert.equal(await activeId(page), 'post-3-legend', 'the details open with focus on their heading');
    await tabTo(page, 'post-3-from', problems);
    await page.keyboard.type('1/10/2026');
    await page.keyboard.press('Tab');
    await waitForResults(page);
    const three = await claim(page);
    assert.ok(Number(three) > Number(two), `a part-year third post adds to the claim (${three} > ${two})`);

    // Remove post 3: back to two posts and the same claim as before.
    await tabTo(page, 'post-3-role', problems, { back: true });
    for (;;) {
      await page.keyboard.press('Tab');
      const text = await page.evaluate(() => document.activeElement?.textContent ?? '');
      if (/Remove post 3/.test(text)) break;
    }
    await page.keyboard.press('Enter');
    assert.equal(await postCount(page), 2);
    assert.equal(await activeId(page), 'post-2-role', 'focus moves to the previous post');
    await claimShows(page, (shown) => shown === two);
    assert.equal(await claim(page), two);
    assert.deepEqual(await axeViolations(page), [], 'the edited plan passes axe');

    // Open a saved plan file with the file picker, by keyboard.
    const plan = PARITY_PLANS['a mental health practitioner claimed at 50%'];
    const expected = cliPlan(arrsGuideBinary(), plan).totals;
    await tabTo(page, 'import-plan', problems);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
    await chooser.setFiles(planFileOnDisk(plan));
    await claimShows(page, (shown) => shown === expected.claim);
    assert.equal(await postCount(page), plan.posts.length, 'the file’s posts replace the plan');
    assert.equal(await activeId(page), 'summary-heading', 'focus moves to the results of the opened plan');
    assert.equal(await claim(page), expected.claim);

    assert.deepEqual([...problems], []);
    assert.deepEqual(logProblems(log), []);
    await page.close();
  });
});
