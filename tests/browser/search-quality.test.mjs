// Search quality on the real site: what PCN managers and recruits type, typos, plurals, synonyms
// and whole questions included, each with the page it must find in the top 3. Typed into the
// search box of the built site in headless Chromium, so the whole path is measured: index file,
// engine, vendored libraries and the page's own results list. Reports hits / queries.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { logProblems, useSite, visit } from './lib/browser.mjs';
import { siteUnderTest } from './lib/site.mjs';

const TOP = 3;

/** [query, the page (path and anchor) it must return in the top 3, why it is here]. */
const QUERIES = [
  ['how much can we claim for a pharmacist', '/roles/clinical-pharmacist/', 'a whole question: common words left out'],
  ['hcas', '/faq/#london-areas', 'an abbreviation the FAQ spells out'],
  ['london weighting', '/faq/#london-areas', 'synonym: the pages say high cost area supplement'],
  ['physio', '/roles/first-contact-physiotherapist/', 'the everyday short name'],
  ['maternity pay', '/faq/#leave-and-overtime', 'synonym: the FAQ says parental leave'],
  ['pay rise 2026', '/faq/#pay-awards', 'synonym: the pages say pay award'],
  ['mental health 50%', '/faq/#mental-health-practitioners', 'a figure in the query'],
  ['how to claim', '/faq/#how-to-claim', 'only one word is not a common word'],
  ['how much funding does our pcn get', '/faq/#how-much-does-our-pcn-get', 'a whole question'],
  ['underspend', '/faq/#underspend', 'a word only in the answer text'],
  ['carry over unspent money', '/faq/#underspend', 'the FAQ says "do not spend"'],
  ['paramedc', '/roles/paramedic/', 'typo: a letter dropped'],
  ['pharmasist', '/roles/clinical-pharmacist/', 'typo: a letter changed'],
  ['dietician', '/roles/dietitian/', 'the common misspelling'],
  ['pharmacists', '/roles/clinical-pharmacist/', 'plural'],
  ['podiatry', '/roles/podiatrist/', 'the subject, not the job title'],
  ['occupational therapy', '/roles/occupational-therapist/', 'the subject, not the job title'],
  ['social prescriber', '/roles/social-prescribing-link-worker/', 'what people call the role'],
  ['care co-ordinator', '/roles/care-coordinator/', 'hyphenated spelling'],
  ['physician assistant', '/roles/physician-associate/', 'the old name'],
  ['mhp', '/roles/adult-mental-health-practitioner/', 'abbreviation'],
  ['band 7 pharmacist', '/roles/clinical-pharmacist/', 'a pay band and a role'],
  ['can we hire a gp', '/faq/#gps', 'a question about GPs'],
  ['employer national insurance', '/faq/#employer-ni-rise', 'on-costs question'],
  ['pension', '/faq/#on-costs', 'on-costs question'],
  ['part time', '/faq/#part-time-posts', 'hours'],
  ['sick leave', '/faq/#leave-and-overtime', 'leave'],
  ['weighted population', '/faq/#weighted-population', 'entitlement'],
  ['what changed in 2026/27', '/faq/#changes-2026-27', 'the current year'],
  ['backdated pay', '/faq/#backdated-uplifts', 'pay awards paid late'],
  ['who pays our claims', '/faq/#where-the-money-sits', 'a whole question'],
  ['pay more than the maximum', '/faq/#paying-above-the-maximum', 'salary above the cap'],
  ['fixed term contract', '/faq/#minimum-post-length', 'short posts'],
  ['agency staff', '/faq/#third-party-supply', 'synonym: the FAQ says another provider'],
  ['supervision', '/faq/#supervision-and-training', 'recruits and managers'],
  ['health coach', '/roles/health-and-wellbeing-coach/', 'a short name'],
  ['digital lead', '/roles/digital-and-transformation-lead/', 'a short name'],
  ['calculator', '/calculator/', 'the tool'],
];

describe('search quality on the built site', { skip: siteUnderTest().isFixture && 'the fixture site is not the guide' }, () => {
  const browser = useSite();

  test(`each of ${QUERIES.length} realistic queries finds its page in the top ${TOP}`, async (t) => {
    const { page, log } = await visit(browser.context, browser.origin, '/search/');
    const status = page.locator('#search-results .search-results__status');
    const misses = [];
    for (const [query, expected] of QUERIES) {
      await page.fill('#search-q', query);
      await status.filter({ hasText: `Results for “${query}”` }).waitFor({ timeout: 10000 });
      const top = await page.locator('#search-results li > a').evaluateAll((links, n) => links.slice(0, n).map((a) => a.getAttribute('href')), TOP);
      const found = top.some((href) => new URL(href, 'https://x.invalid').pathname + new URL(href, 'https://x.invalid').hash === expected);
      if (!found) misses.push(`"${query}" → expected ${expected}, top ${TOP}: ${top.join(', ') || 'nothing'}`);
    }
    t.diagnostic(`search quality: ${QUERIES.length - misses.length}/${QUERIES.length} queries found their page in the top ${TOP}`);
    assert.deepEqual(misses, [], misses.join('\n'));
    assert.deepEqual(logProblems(log), []);
    await page.close();
  });
});
