// Page weight budgets on the build output, no web fonts, no third-party assets.

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { useSite, visit } from './lib/browser.mjs';
import {
  CALCULATOR_ALL_FEATURES_BUDGET,
  CALCULATOR_BUDGET,
  ROLE_PAGE_BUDGET,
  SEARCH_ON_USE_BUDGET,
  budgetProblems,
  calculatorWeight,
  fontAndThirdPartyProblems,
  gzipSize,
  rolePageWeights,
  searchOnUseWeight,
} from './lib/budget-check.mjs';
import { readDocuments } from './lib/documents.mjs';
import { fileToUrlPath, pageKind, publicOrigin, siteUnderTest } from './lib/site.mjs';

const { dir, isFixture } = siteUnderTest();
const origin = publicOrigin(dir);

describe('page weight', () => {
  let documents;
  before(async () => {
    documents = await readDocuments(dir);
  });

  test(`every role page's HTML + CSS is at most ${ROLE_PAGE_BUDGET} bytes gzipped`, (t) => {
    const weights = rolePageWeights(dir, documents, origin);
    assert.ok(weights.length > 0, 'the site has no role pages');
    const heaviest = weights.reduce((max, weight) => (weight.total > max.total ? weight : max));
    t.diagnostic(`${weights.length} role pages; heaviest ${heaviest.path}: ${heaviest.total} bytes (HTML ${heaviest.html} + CSS ${heaviest.css})`);
    const problems = budgetProblems(dir, documents, origin).filter((line) => !line.startsWith('calculator') && !line.startsWith('search'));
    assert.deepEqual(problems, [], problems.join('\n'));
  });

  test(`the calculator's JS + wasm is at most ${CALCULATOR_BUDGET} bytes gzipped for the first results, ${CALCULATOR_ALL_FEATURES_BUDGET} with every feature used`, (t) => {
    const first = calculatorWeight(dir, documents, origin, true);
    const weight = calculatorWeight(dir, documents, origin);
    t.diagnostic(`calculator, first results: JS ${first.js} + wasm ${first.wasm} = ${first.total} bytes gzipped (${first.files.join(', ')})`);
    t.diagnostic(`calculator, every feature used: JS ${weight.js} + wasm ${weight.wasm} = ${weight.total} bytes gzipped (${weight.files.join(', ')})`);
    if (!isFixture) assert.ok(first.wasm > 0, 'the page loads no .wasm file for its first results');
    const problems = budgetProblems(dir, documents, origin).filter((line) => line.startsWith('calculator'));
    assert.deepEqual(problems, [], problems.join('\n'));
  });

  test(`search on first use (engine, libraries, index) is at most ${SEARCH_ON_USE_BUDGET} bytes gzipped`, (t) => {
    const weight = searchOnUseWeight(dir, origin);
    t.diagnostic(`search on first use: scripts ${weight.scripts} + index ${weight.index} = ${weight.total} bytes gzipped (${weight.files.join(', ')})`);
    const problems = budgetProblems(dir, documents, origin).filter((line) => line.startsWith('search'));
    assert.deepEqual(problems, [], problems.join('\n'));
  });

  test('weights per page kind (report)', (t) => {
    const byKind = new Map();
    for (const file of documents.keys()) {
      const kind = pageKind(fileToUrlPath(file));
      const size = gzipSize(dir, file);
      const entry = byKind.get(kind) ?? { count: 0, max: 0 };
      byKind.set(kind, { count: entry.count + 1, max: Math.max(entry.max, size) });
    }
    for (const [kind, { count, max }] of byKind) t.diagnostic(`${kind}: ${count} pages, heaviest HTML ${max} bytes gzipped`);
    assert.ok(byKind.size > 0);
  });

  test('no web fonts and no assets from other origins', () => {
    const problems = fontAndThirdPartyProblems(dir, documents, origin);
    assert.deepEqual(problems, [], problems.join('\n'));
  });
});

describe('the budget counts what the calculator really loads', () => {
  const browser = useSite();

  test('every JS and wasm file the calculator page requests is in the budgeted set, and the on-use module waits for use', async () => {
    const documents = await readDocuments(dir);
    const budgeted = calculatorWeight(dir, documents, origin).files.map((file) => `/${file}`);
    const { page } = await visit(browser.context, browser.origin, '/calculator/?year=2025-26&population=30000&post=clinical-pharmacist,national,52000,0.6', {
      waitUntil: 'networkidle',
    });
    const loaded = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((entry) => new URL(entry.name))
        .filter((url) => /\.(m?js|wasm)$/.test(url.pathname))
        .map((url) => url.pathname),
    );
    await page.close();
    assert.ok(loaded.length > 0, 'the calculator page loaded no script');
    const missing = loaded.filter((path) => !budgeted.includes(path));
    assert.deepEqual(missing, [], `loaded but not budgeted: ${missing.join(', ')}`);
    const firstResults = calculatorWeight(dir, documents, origin, true).files.map((file) => `/${file}`);
    const notLoaded = firstResults.filter((path) => !loaded.includes(path));
    assert.deepEqual(notLoaded, [], `counted for the first results but not loaded: ${notLoaded.join(', ')}`);
    if (!isFixture) {
      const early = loaded.filter((path) => /calc_on_use/.test(path));
      assert.deepEqual(early, [], `loaded before any file or projection was used: ${early.join(', ')}`);
    }
  });
});
