// Every built page is valid HTML according to the Nu HTML Checker.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { htmlErrors } from './lib/html-check.mjs';
import { htmlFiles, siteUnderTest } from './lib/site.mjs';

test('every page passes the Nu HTML Checker', async (t) => {
  const { dir } = siteUnderTest();
  const errors = await htmlErrors(dir);
  t.diagnostic(`vnu: ${htmlFiles(dir).length} pages, ${errors.length} errors`);
  assert.deepEqual(errors, [], `vnu errors:\n  ${errors.join('\n  ')}`);
});
