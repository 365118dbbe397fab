// Every internal link and anchor resolves, and the sitemap lists exactly the built pages.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { readDocuments } from './lib/documents.mjs';
import { linkProblems, sitemapProblems } from './lib/link-check.mjs';
import { publicOrigin, siteUnderTest } from './lib/site.mjs';

const { dir } = siteUnderTest();
const origin = publicOrigin(dir);
let documents;
before(async () => {
  documents = await readDocuments(dir);
});

test('every internal link and #anchor resolves', (t) => {
  const problems = linkProblems(dir, documents, origin);
  const checked = [...documents.values()].reduce((sum, facts) => sum + facts.references.length, 0);
  t.diagnostic(`${documents.size} pages, ${checked} references`);
  assert.deepEqual(problems, [], `broken links:\n  ${problems.join('\n  ')}`);
});

test('sitemap.xml lists exactly the built pages (except 404)', () => {
  const problems = sitemapProblems(dir, origin);
  assert.deepEqual(problems, [], problems.join('\n'));
});
