// Role pages and the calculator print cleanly: navigation and search hidden, cited source URLs
// shown.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { useSite, visit } from './lib/browser.mjs';
import { printProblems } from './lib/page-checks.mjs';
import { artifactsDir, rolePaths, siteUnderTest } from './lib/site.mjs';

const { dir } = siteUnderTest();
const CALCULATOR = '/calculator/?year=2025-26&population=30000&post=clinical-pharmacist,national,52000,0.6,2025-10-01,2026-03-31';

describe('print', () => {
  const browser = useSite();
  before(async () => {
    mkdirSync(artifactsDir, { recursive: true });
  });

  for (const path of [...rolePaths(dir), CALCULATOR]) {
    test(`${path.split('?')[0]} prints without navigation and with source URLs`, async (t) => {
      const { page } = await visit(browser.context, browser.origin, path);
      if (path === CALCULATOR) await page.locator('#total-claim', { hasText: '£' }).waitFor({ timeout: 15000 });
      const { problems, cited } = await printProblems(page);
      t.diagnostic(`${cited} cited links printed with their URL`);
      if (path !== CALCULATOR) assert.ok(cited > 0, 'a role page cites at least one source');
      if (path === CALCULATOR || path === rolePaths(dir)[0]) {
        const name = path === CALCULATOR ? 'calculator' : 'role';
        await page.pdf({ path: join(artifactsDir, `print-${name}.pdf`), format: 'A4' });
      }
      await page.close();
      assert.deepEqual(problems, [], problems.join('\n'));
    });
  }
});
