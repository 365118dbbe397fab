// Editing a plan the way a PCN manager does each month: changing the unit of working time
// converts the value, switching the year offers to move the posts' dates into it, dates the page
// fills in read as the date fields' hint asks (1/10/2026) while files and links keep ISO dates, a
// post added from "What we could still recruit" claims what the CLI does, a posts CSV dropped on
// the page replaces the posts, and a saved plan file, the results CSV and the share link each
// bring back the same plan.

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
    const base = PARITY_PLANS['part-year posts'];
    // A scenario of the plan's own year: the post it adds moves with the plan's posts.
    const plan = { ...base, scenarios: [{ name: 'Same year', changes: { add_posts: [base.posts[0]] } }] };
    const { page, log } = await visit(browser.context, browser.origin, shareUrl(plan));
    await waitForResults(page);
    await page.selectOption('#year', '2026-27');
    await page.locator('#year-move').waitFor({ state: 'visible' });
    assert.match(await page.locator('#year-move-text').textContent(), /4 posts have start or end dates/);
    assert.match(await page.locator('#announce').textContent(), /4 posts have start or end dates .* Move the dates into 2026\/27, or keep them/, 'the offer is announced');
    await page.click('#year-move-yes');
    await waitForResults(page);
    assert.equal(await page.locator('#error-summary').isVisible(), false, 'no error after moving the dates');
    assert.equal(await page.inputValue('#post-1-from'), '1/10/2026', 'moved dates are shown as the field\'s hint asks');
    assert.equal(await page.inputValue('#post-1-to'), '31/3/2027');
    assert.equal(await page.inputValue('#post-2-from'), '15/6/2026');
    assert.equal(await page.inputValue('#scenario-1-add-1-from'), '1/10/2026', 'the scenario\'s added post moved too');
    assert.equal(await page.inputValue('#scenario-1-add-1-to'), '31/3/2027');
    const dates = [['2026-10-01', '2027-03-31'], ['2026-06-15', '2027-01-20'], ['2026-09-01', undefined]];
    const moved = { ...plan, year: '2026-27', posts: base.posts.map((post, i) => ({ ...post, from: dates[i][0], to: dates[i][1] })),
      scenarios: [{ name: 'Same year', changes: { add_posts: [{ ...base.posts[0], from: dates[0][0], to: dates[0][1] }] } }] };
    const cli = cliPlan(arrsGuideBinary(), moved);
    assert.equal(await claimOf(page), cli.totals.claim);
    await page.evaluate(() => { document.getElementById('panel-scenarios').open = true; });
    // The comparison's Claim row, scenario column: the CLI's scenario claim.
    await page.waitForFunction((claim) => Array.from(document.querySelectorAll('#scenarios-table tbody tr'))
      .some((row) => row.cells[0].textContent.trim() === 'Claim' && row.cells[2].textContent.replace(/[£,]/g, '') === claim.replace(/\.00$/, '')),
    cli.scenarios[0].result.totals.claim);
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

  test('dates the page fills in read as the hint asks, and the saved file, share link and posts CSV still carry ISO dates', async () => {
    const base = PARITY_PLANS['part-year posts'];
    const plan = {
      ...base,
      scenarios: [{ name: 'Next year', changes: { year: '2026-27', add_posts: [{ ...base.posts[1], from: '2026-06-15', to: '2027-01-20' }] } }],
    };
    const { page, log } = await visit(browser.context, browser.origin, shareUrl(plan));
    await waitForResults(page);
    assert.equal(await page.inputValue('#post-1-from'), '1/10/2025');
    assert.equal(await page.inputValue('#post-1-to'), '31/3/2026');
    assert.equal(await page.inputValue('#post-2-from'), '15/6/2025');
    assert.equal(await page.inputValue('#post-2-to'), '20/1/2026');
    assert.equal(await page.inputValue('#post-3-from'), '1/9/2025');
    assert.equal(await page.inputValue('#post-3-to'), '', 'an empty date stays empty');
    assert.match(await page.locator('#post-1-from-hint').textContent(), /Day\/month\/year, like 1\/10\/2025/);
    await page.evaluate(() => { document.getElementById('panel-scenarios').open = true; });
    assert.equal(await page.inputValue('#scenario-1-add-1-from'), '15/6/2026');
    assert.equal(await page.inputValue('#scenario-1-add-1-to'), '20/1/2027');
    // A date typed in another accepted form stays exactly as typed.
    await page.click('#team tbody.post:nth-of-type(3) [data-action="details"]');
    await page.fill('#post-3-to', '28/02/2026');
    await page.locator('#post-3-to').blur();
    assert.equal(await page.inputValue('#post-3-to'), '28/02/2026');

    const expected = { ...plan, posts: [base.posts[0], base.posts[1], { ...base.posts[2], to: '2026-02-28' }] };
    const cli = cliPlan(arrsGuideBinary(), expected);
    await page.waitForFunction((claim) => document.getElementById('total-claim').textContent.replace(/[£,]/g, '') === claim.replace(/\.00$/, ''), cli.totals.claim);
    const isoDates = (file) => ({
      posts: file.posts.map((post) => [post.from, post.to]),
      added: file.scenarios[0].changes.add_posts.map((post) => [post.from, post.to]),
    });
    const wanted = isoDates(expected);

    const [saved] = await Promise.all([page.waitForEvent('download'), page.click('#save-plan')]);
    const file = join(temporaryDir('arrs-dates-'), 'plan.json');
    await saved.saveAs(file);
    const savedPlan = JSON.parse(readFileSync(file, 'utf8'));
    assert.deepEqual(isoDates(savedPlan), wanted, 'the saved plan file holds ISO dates');
    const fromSaved = cliPlan(arrsGuideBinary(), savedPlan);
    assert.equal(fromSaved.totals.claim, cli.totals.claim, 'the saved file computes the CLI\'s claim');
    assert.equal(fromSaved.scenarios[0].result.totals.claim, cli.scenarios[0].result.totals.claim, 'and the scenario\'s');

    await page.waitForFunction(() => /28-02|02-28/.test(atob(window.location.search.replace(/^\?plan=1\./, '').replace(/-/g, '+').replace(/_/g, '/'))));
    const linked = await page.evaluate(() => window.location.search);
    const fromLink = JSON.parse(Buffer.from(linked.replace(/^\?plan=1\./, ''), 'base64url').toString('utf8'));
    assert.deepEqual(isoDates(fromLink), wanted, 'the share link holds ISO dates');
    assert.equal(cliPlan(arrsGuideBinary(), fromLink).totals.claim, cli.totals.claim);

    const [posts] = await Promise.all([page.waitForEvent('download'), page.click('#export-posts')]);
    const csvFile = join(temporaryDir('arrs-dates-csv-'), 'posts.csv');
    await posts.saveAs(csvFile);
    const csv = readFileSync(csvFile, 'utf8');
    for (const date of ['2025-10-01', '2026-03-31', '2025-06-15', '2026-01-20', '2025-09-01', '2026-02-28']) assert.ok(csv.includes(date), `the posts CSV holds ${date}:\n${csv}`);
    assert.doesNotMatch(csv, /\d{1,2}\/\d{1,2}\/\d{4}/, 'and no day/month/year dates');
    assert.deepEqual(logProblems(log), []);
    await page.close();
  });

  test('a post added from "What we could still recruit" shows its start date as the hint asks and claims what the CLI does', async () => {
    const plan = PARITY_PLANS['a mental health practitioner claimed at 50%'];
    const { page, log } = await visit(browser.context, browser.origin, shareUrl(plan));
    await waitForResults(page);
    await page.evaluate(() => { document.getElementById('panel-recruit').open = true; });
    assert.equal(await page.locator('#recruit-from-hint').textContent(), 'Like 1/1/2026. Empty: from the start of the year.', 'the example is in the plan\'s year (2025/26)');
    await page.fill('#recruit-from', '1/1/2026');
    await page.locator('#recruit-from').dispatchEvent('change');
    await page.locator('#recruit-table [data-recruit="paramedic"]').click();
    await page.waitForFunction(() => document.querySelectorAll('#team tbody.post').length === 3);
    assert.equal(await page.inputValue('#post-3-role'), 'paramedic');
    assert.equal(await page.inputValue('#post-3-from'), '1/1/2026');
    const added = { role: 'paramedic', region: 'national', salary: await page.inputValue('#post-3-salary'),
      working_time: { value: await page.inputValue('#post-3-working_time'), unit: 'wte' }, from: '2026-01-01' };
    const expected = cliPlan(arrsGuideBinary(), { ...plan, posts: [...plan.posts, added] });
    await page.waitForFunction((claim) => document.getElementById('total-claim').textContent.replace(/[£,]/g, '') === claim.replace(/\.00$/, ''), expected.totals.claim);
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
