// Every page in the sitemap, plus the 404 page: no axe-core violations (WCAG 2.2 AA), no console
// errors, no request to another origin, exactly one h1, and a working skip link.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { logProblems, useSite, visit } from './lib/browser.mjs';
import { axeViolations, headingProblems, skipLinkProblems } from './lib/page-checks.mjs';
import { pageKind, pagePaths, siteUnderTest } from './lib/site.mjs';

const site = siteUnderTest();
const paths = pagePaths(site.dir);

describe('every page', () => {
  const browser = useSite();

  for (const path of paths) {
    test(`${path} (${pageKind(path)}) is accessible, quiet and self-contained`, async (t) => {
      const { page, response, log } = await visit(browser.context, browser.origin, path);
      try {
        assert.equal(response.status(), 200, `${path} answers ${response.status()}`);
        const violations = await axeViolations(page);
        t.diagnostic(`axe: ${violations.length} violations`);
        const problems = [...violations, ...(await headingProblems(page)), ...(await skipLinkProblems(page)), ...logProblems(log)];
        assert.deepEqual(problems, [], `${path}:\n  ${problems.join('\n  ')}`);
      } finally {
        await page.close();
      }
    });
  }

  test('a missing page answers 404 with the site 404 page', async () => {
    const { page, response, log } = await visit(browser.context, browser.origin, '/no-such-page/');
    try {
      assert.equal(response.status(), 404);
      assert.deepEqual(await headingProblems(page), []);
      const title = await page.locator('h1').textContent();
      assert.match(title, /not found/i);
      // The main document's own 404 is expected; anything else is a problem.
      const problems = logProblems(log).filter((line) => !/status of 404/.test(line));
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });
});
