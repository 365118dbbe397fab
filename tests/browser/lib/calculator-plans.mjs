// Plans the calculator tests share: the six parity plans of issue 12 as plan files, a large team
// for the layout and speed checks, and helpers that run the same plan through `arrs-guide plan`
// and open it in the page by share link.

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, temporaryDir } from './site.mjs';

const post = (role, region, salary, wte, extra = {}) => ({ role, region, salary, working_time: { value: wte, unit: 'wte' }, ...extra });

/** The six plans whose every total must equal the command line's (issue 12). */
export const PARITY_PLANS = {
  '2024/25 with the ring-fenced GP pot': {
    schema_version: 1, year: '2024-25', weighted_population: '42000',
    posts: [
      post('general-practitioner', 'national', '95000', '0.6', { from: '2024-10-01' }),
      post('clinical-pharmacist', 'national', '52000', '1'),
      post('paramedic', 'outer-london', '50000', '1', { from: '2024-07-01' }),
    ],
  },
  'a mental health practitioner claimed at 50%': {
    schema_version: 1, year: '2025-26', weighted_population: '30000',
    posts: [
      post('adult-mental-health-practitioner', 'national', '40000', '1', { share: '0.5' }),
      post('clinical-pharmacist', 'national', '52000', '1'),
    ],
  },
  'London: inner and outer London posts': {
    schema_version: 1, year: '2025-26', weighted_population: '45000',
    posts: [
      post('pharmacy-technician', 'inner-london', '48000', '1'),
      post('social-prescribing-link-worker', 'outer-london', '29000', '0.8'),
      post('dietitian', 'inner-london', '62000', '0.5'),
    ],
  },
  'part-year posts': {
    schema_version: 1, year: '2025-26', weighted_population: '30000',
    posts: [
      post('clinical-pharmacist', 'national', '52000', '0.6', { from: '2025-10-01', to: '2026-03-31' }),
      post('first-contact-physiotherapist', 'outer-london', '50000', '0.8', { from: '2025-06-15', to: '2026-01-20' }),
      { role: 'care-coordinator', region: 'national', salary: '27000', working_time: { value: '30', unit: 'hours' }, from: '2025-09-01' },
    ],
  },
  'a split between member practices (over-committed)': {
    schema_version: 1, year: '2025-26', weighted_population: '6000',
    practices: [
      { id: 'riverside', name: 'Riverside Surgery', weighted_population: '3600' },
      { id: 'hill', name: 'Hill Street Practice', weighted_population: '2400' },
    ],
    posts: [
      post('clinical-pharmacist', 'national', '60000', '1', { practice: 'riverside' }),
      post('paramedic', 'national', '55000', '1'),
      post('health-and-wellbeing-coach', 'national', '30000', '1', { practice: 'hill', count: 2 }),
    ],
  },
  'a scenario: next year with a 3% pay award': {
    schema_version: 1, year: '2025-26', weighted_population: '30000',
    posts: [
      post('clinical-pharmacist', 'national', '52000', '1'),
      post('first-contact-physiotherapist', 'national', '56000', '1', { from: '2025-10-01' }),
    ],
    scenarios: [{ name: 'Next year, 3% pay award', changes: { year: '2026-27', pay_award_percent: '3', full_year: true } }],
  },
};

const ROLES = [
  ['clinical-pharmacist', '52000'], ['pharmacy-technician', '33000'], ['first-contact-physiotherapist', '56000'],
  ['paramedic', '50000'], ['social-prescribing-link-worker', '30000'], ['care-coordinator', '29000'],
  ['health-and-wellbeing-coach', '31000'], ['advanced-practitioner', '60000'], ['dietitian', '48000'],
  ['occupational-therapist', '45000'],
];

/** A team of `count` posts in `year` (every region, some part-time and part-year). */
export function largePlan(count, year = '2025-26') {
  const [start] = year.split('-');
  const posts = Array.from({ length: count }, (_, i) => {
    const [role, salary] = ROLES[i % ROLES.length];
    const region = ['national', 'outer-london', 'inner-london'][i % 3];
    const extra = i % 4 === 3 ? { from: `${start}-09-01` } : {};
    return post(role, region, String(Number(salary) + i * 100), i % 5 === 4 ? '0.6' : '1', { label: `Post ${i + 1}`, ...extra });
  });
  return { schema_version: 1, name: `Team of ${count}`, year, weighted_population: '60000', posts };
}

/** The calculator URL that opens `plan` (the compact share-link form of docs/plan-file.md). */
export function shareUrl(plan) {
  return `/calculator/?plan=1.${Buffer.from(JSON.stringify(plan), 'utf8').toString('base64url')}`;
}

/** `arrs-guide plan plan.json --format json` for a plan file; the parsed result. */
export function cliPlan(binary, plan) {
  const dir = temporaryDir('arrs-planfile-');
  const file = join(dir, 'plan.json');
  writeFileSync(file, JSON.stringify(plan, null, 2));
  return JSON.parse(execFileSync(binary, ['plan', file, '--format', 'json'], { encoding: 'utf8', cwd: repoRoot }));
}

/** Writes `plan` as a plan file in a temporary folder; returns its path. */
export function planFileOnDisk(plan, name = 'plan.json') {
  const file = join(temporaryDir('arrs-open-'), name);
  writeFileSync(file, JSON.stringify(plan, null, 2));
  return file;
}

/** Waits until the summary shows a figure (the core answered). */
export async function waitForResults(page, timeout = 20000) {
  await page.waitForFunction(() => /£/.test(document.getElementById('total-claim')?.textContent ?? ''), null, { timeout });
}

/**
 * Opens a shared link to a 25-post plan on a new page of `site` over the slow network
 * (1.6 Mbps down and up, 300 ms round trip, no cache) and waits for the first results; the
 * caller reads timings from the page and closes it.
 */
export async function openLargePlanOnSlowNetwork(site) {
  const page = await site.context.newPage();
  const cdp = await site.context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 300, downloadThroughput: 1.6e6 / 8, uploadThroughput: 1.6e6 / 8 });
  await page.goto(site.origin + shareUrl(largePlan(25)), { waitUntil: 'commit' });
  await waitForResults(page, 60000);
  return page;
}
