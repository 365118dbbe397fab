// Editing a plan the way a PCN manager does each month: changing the unit of working time
// converts the value, switching the year offers to move the posts' dates into it, a posts CSV
// dropped on the page replaces the posts, and a saved plan file, the results CSV and the share
// link each bring back the same plan.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { logProblems, useSite, visit } from './lib/browser.mjs';
import { PARITY_PLANS, cliPlan, shareUrl, waitForResults } from './lib/calculator-plans.mjs';
import { arrsGuideBinary, parsePounds } from './lib/cli.mjs';
import { axeViolations } from './lib/page-checks.mjs';
import { siteUnderTest, temporaryDir } from './lib/site.mjs';

const { isFixture } = siteUnderTest();
const skip = isFixture ? 'the fixture site has no calculator' : false;
const claimOf = async (page) => parsePounds((await page.locator('#total-claim').textContent()) ?? '');

describe('calculator editing', { skip }, () => {
  const browser = useSite();

  test('changing the unit of working time converts the value (1 WTE = 37.5 hours = 9 sessions)', async () => {
    const { page, log } = await visit(browser.context, browser.origin, shareUrl(PARITY_PLANS['London: inner and outer London posts']));
    await waitForResults(page);
    const before = await claimOf(page);
    await page.selectOption('#post-1-unit', 'hours');
    assert.equal(await page.inputValue('#post-1-working_time'), '37.5');
    assert.equal(await claimOf(page), before, 'the same working time claims the same');
    await page.selectOption('#post-2-unit', 'sessions');
    assert.equal(await page.inputValue('#post-2-working_time'), '7.2', '0.8 WTE is 7.2 sessions');
    await page.selectOption('#post-1-unit', 'wte');
    assert.equal(await page.inputValue('#post-1-working_time'), '1');
    assert.deepEqual(logProblems(log), []);
    await page.close();
  });

  test('choosing a pay point shows the salary the core looks up, and claims what the CLI does', async () => {
    const plan = PARITY_PLANS['a mental health practitioner claimed at 50%'];
    const { page, log } = await visit(browser.context, browser.origin, shareUrl(plan));
    await waitForResults(page);
    await page.click('#team tbody.post:nth-of-type(2) [data-action="details"]');
    await page.selectOption('#post-2-pay_point', '8a|top');
    const expected = cliPlan(arrsGuideBinary(), { ...plan, posts: [plan.posts[0], { role: 'clinical-pharmacist', region: 'national', band: '8a', pay_point: 'top', working_time: { value: '1', unit: 'wte' } }] });
    assert.equal(await page.inputValue('#post-2-salary'), expected.posts[1].salary.replace(/\.00$/, ''));
    assert.equal(await claimOf(page), expected.totals.claim);
    await page.fill('#post-2-salary', '52000');
    assert.equal(await page.inputValue('#post-2-pay_point'), '', 'typing a salary clears the pay point');
    assert.deepEqual(logProblems(log), []);
    await page.close();
  });

  test('a GP is offered one London pay area, and a GP post saved as inner London shows as London and claims what the CLI does', async () => {
    const plan = {
      schema_version: 1, year: '2026-27', weighted_population: '60000',
      posts: [
        { role: 'general-practitioner', region: 'inner-london', salary: '100000', working_time: { value: '6', unit: 'sessions' } },
        { role: 'paramedic', region: 'inner-london', salary: '50000', working_time: { value: '1', unit: 'wte' } },
      ],
    };
    const { page, log } = await visit(browser.context, browser.origin, shareUrl(plan));
    await waitForResults(page);
    const areas = (n) => page.evaluate((id) => Array.from(document.getElementById(id).options, (o) => o.textContent), `post-${n}-region`);
    assert.deepEqual(await areas(1), ['National', 'London'], 'GPs have one London rate');
    assert.deepEqual(await areas(2), ['National', 'Outer London', 'Inner London']);
    await page.click('#team tbody.post:nth-of-type(1) [data-action="details"]');
    assert.equal(await page.locator('#post-1-region option:checked').textContent(), 'London');
    assert.equal(await claimOf(page), cliPlan(arrsGuideBinary(), plan).totals.claim);
    // Choosing London again (outer London in the file) claims the same: one London rate.
    await page.selectOption('#post-1-region', 'national');
    await page.selectOption('#post-1-region', 'outer-london');
    const outer = { ...plan, posts: [{ ...plan.posts[0], region: 'outer-london' }, plan.posts[1]] };
    assert.equal(await claimOf(page), cliPlan(arrsGuideBinary(), outer).totals.claim);
    assert.equal(cliPlan(arrsGuideBinary(), outer).totals.claim, cliPlan(arrsGuideBinary(), plan).totals.claim);
    // The post's line names the pay area the way the form does.
    assert.match(await page.locator('#post-1-line').textContent(), /· London/);
    // Changing the role to a paramedic offers both London regions again.
    await page.selectOption('#post-1-role', 'paramedic');
    assert.deepEqual(await areas(1), ['National', 'Outer London', 'Inner London']);
    // A post added to a scenario follows its role the same way.
    await page.evaluate(() => { document.getElementById('panel-scenarios').open = true; });
    await page.click('#add-scenario');
    await page.click('[data-add-scenario-post="0"]');
    await page.selectOption('#scenario-1-add-1-role', 'general-practitioner');
    assert.deepEqual(await page.evaluate(() => Array.from(document.getElementById('scenario-1-add-1-region').options, (o) => o.textContent)), ['National', 'London']);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'scenario-1-add-1-role', 'the role list keeps focus');
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(logProblems(log), []);
    await page.close();
  });

  test('switching the year offers to move the dates, and moving them gives a result for the new year', async () => {
    const plan = PARITY_PLANS['part-year posts'];
    const { page, log } = await visit(browser.context, browser.origin, shareUrl(plan));
    await waitForResults(page);
    await page.selectOption('#year', '2026-27');
    await page.locator('#year-move').waitFor({ state: 'visible' });
    assert.match(await page.locator('#year-move-text').textContent(), /3 posts have start or end dates/);
    await page.click('#year-move-yes');
    await waitForResults(page);
    assert.equal(await page.locator('#error-summary').isVisible(), false, 'no error after moving the dates');
    assert.equal(await page.inputValue('#post-1-from'), '2026-10-01');
    assert.equal(await page.inputValue('#post-1-to'), '2027-03-31');
    const dates = [['2026-10-01', '2027-03-31'], ['2026-06-15', '2027-01-20'], ['2026-09-01', undefined]];
    const moved = { ...plan, year: '2026-27', posts: plan.posts.map((post, i) => ({ ...post, from: dates[i][0], to: dates[i][1] })) };
    assert.equal(await claimOf(page), cliPlan(arrsGuideBinary(), moved).totals.claim);
    assert.match(await page.locator('#summary-title').textContent(), /2026\/27/);
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(logProblems(log), []);
    await page.close();
  });

  test('a posts CSV dropped on the page replaces the posts', async () => {
    const { page, log } = await visit(browser.context, browser.origin, shareUrl(PARITY_PLANS['a mental health practitioner claimed at 50%']));
    await waitForResults(page);
    const csv = 'role,region,salary,wte,from,to\nclinical-pharmacist,national,"£52,000",1,,\nParamedic,Outer London,48000,0.8,,\npharmacy-technician,national,33000,1,,\n';
    const dropped = await page.evaluateHandle((text) => {
      const data = new DataTransfer();
      data.items.add(new File([text], 'team.csv', { type: 'text/csv' }));
      return data;
    }, csv);
    await page.dispatchEvent('#drop-zone', 'drop', { dataTransfer: dropped });
    await page.waitForFunction(() => document.querySelectorAll('#team tbody.post').length === 3);
    const expected = cliPlan(arrsGuideBinary(), { schema_version: 1, year: '2025-26', weighted_population: '30000', posts: [
      { role: 'clinical-pharmacist', region: 'national', salary: '52000', working_time: { value: '1', unit: 'wte' } },
      { role: 'paramedic', region: 'outer-london', salary: '48000', working_time: { value: '0.8', unit: 'wte' } },
      { role: 'pharmacy-technician', region: 'national', salary: '33000', working_time: { value: '1', unit: 'wte' } },
    ] });
    await page.waitForFunction((claim) => document.getElementById('total-claim').textContent.replace(/[£,]/g, '') === claim.replace(/\.00$/, ''), expected.totals.claim);
    assert.match(await page.locator('#files-status').textContent(), /Opened team\.csv: 3 posts/);
    assert.deepEqual(logProblems(log), []);
    await page.close();
  });

  test('Save plan, Export results and Copy share link each bring back the same plan', async () => {
    const plan = PARITY_PLANS['a split between member practices (over-committed)'];
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: browser.origin });
    const { page, log } = await visit(browser.context, browser.origin, shareUrl(plan));
    await waitForResults(page);
    const claim = await claimOf(page);

    const [saved] = await Promise.all([page.waitForEvent('download'), page.click('#save-plan')]);
    const file = join(temporaryDir('arrs-save-'), saved.suggestedFilename());
    await saved.saveAs(file);
    assert.match(saved.suggestedFilename(), /\.json$/);
    assert.equal(cliPlan(arrsGuideBinary(), JSON.parse(readFileSync(file, 'utf8'))).totals.claim, claim, 'the saved file computes the same claim');

    const [results] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    assert.equal(results.suggestedFilename(), 'arrs-results-2025-26.csv');
    const csvFile = join(temporaryDir('arrs-csv-'), 'results.csv');
    await results.saveAs(csvFile);
    const csv = readFileSync(csvFile, 'utf8');
    assert.ok(csv.includes(claim), `the results CSV holds the claim ${claim}`);
    assert.match(csv, /Riverside Surgery/);

    await page.click('#copy-link');
    const link = await page.evaluate(() => navigator.clipboard.readText());
    assert.equal(link, await page.inputValue('#share-link'));
    const reopened = await browser.context.newPage();
    await reopened.goto(link);
    await waitForResults(reopened);
    assert.equal(await claimOf(reopened), claim, 'the share link opens the same plan');
    await reopened.close();
    assert.deepEqual(logProblems(log), []);
    await page.close();
  });
});
