// Screenshots of the home page, a role page and the calculator at phone and desktop widths,
// saved under tests/browser/artifacts/ for people to look at. Each page must also fit the width
// without sideways scrolling (WCAG 1.4.10 reflow).

import assert from 'node:assert/strict';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { useSite, visit } from './lib/browser.mjs';
import { artifactsDir, rolePaths, siteUnderTest } from './lib/site.mjs';

const { dir } = siteUnderTest();
const rolePath = rolePaths(dir).find((path) => path.includes('clinical-pharmacist')) ?? rolePaths(dir)[0];
const PAGES = [
  ['home', '/'],
  ['role', rolePath],
  ['calculator', '/calculator/?year=2025-26&population=30000&post=clinical-pharmacist,national,52000,0.6,2025-10-01,2026-03-31'],
];
const VIEWPORTS = [
  ['phone', { width: 390, height: 844 }],
  ['desktop', { width: 1280, height: 800 }],
];

describe('screenshots', () => {
  const browser = useSite();
  before(async () => {
    mkdirSync(artifactsDir, { recursive: true });
  });

  for (const [viewportName, viewport] of VIEWPORTS) {
    for (const [pageName, path] of PAGES) {
      test(`${pageName} at ${viewportName} width (${viewport.width}px) fits and is captured`, async () => {
        const { page } = await visit(browser.context, browser.origin, path, { waitUntil: 'networkidle' });
        await page.setViewportSize(viewport);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        const file = join(artifactsDir, `${pageName}-${viewportName}.png`);
        await page.screenshot({ path: file, fullPage: true });
        await page.close();
        assert.ok(statSync(file).size > 1000, `${file} was written`);
        assert.ok(overflow <= 0, `${path} scrolls sideways by ${overflow}px at ${viewport.width}px`);
      });
    }
  }
});
