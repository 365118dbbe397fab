// The checks can fail: each test copies the site under test to a temporary directory, breaks the
// copy in one known way, and asserts that the check guarding against that breakage reports it.
// If one of these tests fails, the check it names has stopped catching what it exists to catch.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { logProblems, openSite, visit } from './lib/browser.mjs';
import { budgetProblems, calculatorAssets, fontAndThirdPartyProblems } from './lib/budget-check.mjs';
import { readDocuments } from './lib/documents.mjs';
import { htmlErrors } from './lib/html-check.mjs';
import { linkProblems, sitemapProblems } from './lib/link-check.mjs';
import {
  axeViolations,
  headingProblems,
  printProblems,
  recordStorageWrites,
  skipLinkProblems,
  storageProblems,
} from './lib/page-checks.mjs';
import { headersFileProblems, pageSecurityProblems } from './lib/security-check.mjs';
import { copySite, publicOrigin, rolePaths, siteUnderTest } from './lib/site.mjs';

const site = siteUnderTest();
const origin = publicOrigin(site.dir);
const rolePath = rolePaths(site.dir)[0];
const roleFile = `${rolePath.slice(1)}index.html`;

/** A fresh copy of the site with `edit(copyDir)` applied. */
function brokenCopy(edit) {
  const dir = copySite(site.dir);
  edit(dir);
  return dir;
}

/** Rewrites one file of a copy with `transform(text)`; fails if nothing changed. */
function rewrite(dir, file, transform) {
  const path = join(dir, file);
  const before = readFileSync(path, 'utf8');
  const after = transform(before);
  assert.notEqual(after, before, `could not inject the breakage into ${file}`);
  writeFileSync(path, after);
}

/** Inserts `html` just before `</main>` of a page. */
const intoMain = (html) => (text) => text.replace('</main>', `${html}</main>`);

/** True when some line of `problems` matches `pattern`. */
const reports = (problems, pattern) => problems.some((line) => pattern.test(line));

describe('the browser checks catch a broken page', () => {
  const opened = [];
  const openBroken = async (edit, contextOptions = {}) => {
    const browser = await openSite({ dir: brokenCopy(edit), ...contextOptions });
    opened.push(browser);
    return browser;
  };
  after(async () => {
    for (const browser of opened) await browser.close();
  });

  test('axe reports an image without alt text', async () => {
    const browser = await openBroken((dir) => rewrite(dir, roleFile, intoMain('<img src="/static/missing-alt.png">')));
    const { page } = await visit(browser.context, browser.origin, rolePath);
    const violations = await axeViolations(page);
    assert.ok(reports(violations, /^axe image-alt/), `axe did not report image-alt: ${violations.join('; ')}`);
  });

  test('the heading check reports a second h1', async () => {
    const browser = await openBroken((dir) => rewrite(dir, roleFile, intoMain('<h1>A second page title</h1>')));
    const { page } = await visit(browser.context, browser.origin, rolePath);
    assert.deepEqual(await headingProblems(page), ['expected exactly one h1, found 2']);
  });

  test('the skip-link check reports a skip link whose target is missing', async () => {
    const removeSkipTarget = (text) => {
      const target = /<a [^>]*href="#([^"]+)"[^>]*>\s*Skip/i.exec(text)?.[1];
      return target ? text.replace(` id="${target}"`, '') : text;
    };
    const browser = await openBroken((dir) => rewrite(dir, roleFile, removeSkipTarget));
    const { page } = await visit(browser.context, browser.origin, rolePath);
    const problems = await skipLinkProblems(page);
    assert.ok(reports(problems, /does not exist|not a skip link/), problems.join('; '));
  });

  test('the request log reports a request to another origin and a console error', async () => {
    const browser = await openBroken((dir) => {
      rewrite(dir, roleFile, (text) => text.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/i, ''));
      rewrite(dir, roleFile, intoMain('<img src="https://tracker.invalid/pixel.gif" alt="">'));
      rmSync(join(dir, '_headers'), { force: true });
      writeFileSync(join(dir, 'static-meta-noisy.js'), "console.error('meta: something went wrong');\n");
      rewrite(dir, roleFile, (text) => text.replace('</body>', '<script src="/static-meta-noisy.js"></script></body>'));
    });
    const { page, log } = await visit(browser.context, browser.origin, rolePath, { waitUntil: 'networkidle' });
    await page.close();
    const problems = logProblems(log);
    assert.ok(reports(problems, /request to another origin: https:\/\/tracker\.invalid/), problems.join('; '));
    assert.ok(reports(problems, /console error: meta: something went wrong/), problems.join('; '));
  });

  test('the storage check reports cookie and localStorage writes', async () => {
    const browser = await openBroken((dir) => {
      writeFileSync(join(dir, 'static-meta-writer.js'), "localStorage.setItem('seen', '1'); document.cookie = 'seen=1';\n");
      rewrite(dir, roleFile, (text) => text.replace('</body>', '<script src="/static-meta-writer.js"></script></body>'));
    });
    await browser.context.addInitScript(recordStorageWrites);
    const { page } = await visit(browser.context, browser.origin, rolePath, { waitUntil: 'networkidle' });
    const problems = await storageProblems(page);
    assert.ok(reports(problems, /localStorage\.setItem/), problems.join('; '));
    assert.ok(reports(problems, /document\.cookie/), problems.join('; '));
    assert.ok((await browser.context.cookies()).length > 0, 'context.cookies() sees the cookie');
  });

  test('the print check reports navigation that prints', async () => {
    const browser = await openBroken((dir) => {
      writeFileSync(join(dir, 'print-breaker.css'), '@media print { header nav, form[role="search"] { display: block !important; visibility: visible !important; } }\n');
      rewrite(dir, roleFile, (text) => text.replace('</head>', '<link rel="stylesheet" href="/print-breaker.css"></head>'));
    });
    const { page } = await visit(browser.context, browser.origin, rolePath);
    const { problems } = await printProblems(page);
    assert.ok(reports(problems, /header navigation is printed|search form is printed/), problems.join('; '));
  });
});

describe('the static checks catch a broken build', () => {
  let originalDocuments;
  before(async () => {
    originalDocuments = await readDocuments(site.dir);
  });

  test('vnu reports an unclosed element', async () => {
    const dir = brokenCopy((copy) => rewrite(copy, roleFile, intoMain('<div><span>never closed')));
    const errors = await htmlErrors(dir);
    assert.ok(reports(errors, new RegExp(`^${roleFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:`)), `vnu found: ${errors.join('; ')}`);
  });

  test('the link check reports a link to a missing page and a missing anchor', async () => {
    const dir = brokenCopy((copy) =>
      rewrite(copy, roleFile, intoMain('<p><a href="/roles/no-such-role/">gone</a> <a href="/#no-such-anchor">nowhere</a></p>')),
    );
    const problems = linkProblems(dir, await readDocuments(dir), origin);
    assert.ok(reports(problems, /\/roles\/no-such-role\/, which the build did not write/), problems.join('\n'));
    assert.ok(reports(problems, /no element with id "no-such-anchor"/), problems.join('\n'));
  });

  test('the sitemap check reports a page missing from the sitemap and a listed page not built', () => {
    const dir = brokenCopy((copy) =>
      rewrite(copy, 'sitemap.xml', (xml) => xml.replace(`${origin}${rolePath}</loc>`, `${origin}/roles/ghost/</loc>`)),
    );
    const problems = sitemapProblems(dir, origin);
    assert.ok(reports(problems, new RegExp(`built page ${rolePath} is missing`)), problems.join('\n'));
    assert.ok(reports(problems, /lists \/roles\/ghost\/, which is not a built page/), problems.join('\n'));
  });

  test('the budget check reports a role page padded with a 30 KB comment', async () => {
    const padding = randomBytes(30 * 1024).toString('base64');
    const dir = brokenCopy((copy) => rewrite(copy, roleFile, intoMain(`<!-- ${padding} -->`)));
    const problems = budgetProblems(dir, await readDocuments(dir), origin);
    assert.ok(reports(problems, new RegExp(`^${rolePath}: HTML \\+ CSS weigh`)), problems.join('\n'));
  });

  test('the budget check reports calculator code over 100 KB', async () => {
    const assets = calculatorAssets(site.dir, originalDocuments, origin);
    const grown = assets.find((file) => file.endsWith('.wasm')) ?? assets[0];
    assert.ok(grown, 'the calculator page loads no JS or wasm to grow');
    // Incompressible bytes: in a wasm file they land past the module's end, in JS inside a comment.
    const dir = brokenCopy((copy) => appendFileSync(join(copy, grown), `\n/* ${randomBytes(110 * 1024).toString('base64')} */\n`));
    const problems = budgetProblems(dir, await readDocuments(dir), origin);
    assert.ok(reports(problems, /^calculator: JS \+ wasm weigh/), `grew ${grown}; problems: ${problems.join('\n')}`);
  });

  test('the font and third-party check reports a web font and a script from another origin', async () => {
    const dir = brokenCopy((copy) => {
      writeFileSync(join(copy, 'static-font.woff2'), 'not really a font');
      rewrite(copy, roleFile, (text) => text.replace('</head>', '<script src="https://cdn.invalid/lib.js"></script></head>'));
    });
    const problems = fontAndThirdPartyProblems(dir, await readDocuments(dir), origin);
    assert.ok(reports(problems, /web font file static-font\.woff2/), problems.join('\n'));
    assert.ok(reports(problems, /<script src="https:\/\/cdn\.invalid\/lib\.js"> loads from another origin/), problems.join('\n'));
  });

  test('the CSP check reports inline script, unsafe-inline, wasm-unsafe-eval off the calculator, and a missing _headers', async () => {
    const dir = brokenCopy((copy) => {
      rewrite(copy, roleFile, (text) =>
        text
          .replace(/(<meta http-equiv="Content-Security-Policy" content="[^"]*script-src)/i, "$1 'unsafe-inline' 'wasm-unsafe-eval'")
          .replace('</body>', '<script>window.inline = true;</script></body>'),
      );
      rmSync(join(copy, '_headers'));
    });
    const documents = await readDocuments(dir);
    const problems = pageSecurityProblems(documents);
    assert.ok(reports(problems, new RegExp(`^${roleFile}: inline script`)), problems.join('\n'));
    assert.ok(reports(problems, /script-src allows 'unsafe-inline'/), problems.join('\n'));
    assert.ok(reports(problems, /'wasm-unsafe-eval' outside the calculator/), problems.join('\n'));
    assert.deepEqual(headersFileProblems(dir, documents), ['no _headers file in the build output']);
  });
});

describe('the checks pass on the unbroken site (so the failures above are the breakage)', () => {
  let documents;
  before(async () => {
    documents = await readDocuments(site.dir);
  });

  test('links, sitemap, budgets, fonts and CSP find nothing', () => {
    assert.deepEqual(linkProblems(site.dir, documents, origin), []);
    assert.deepEqual(sitemapProblems(site.dir, origin), []);
    assert.deepEqual(budgetProblems(site.dir, documents, origin), []);
    assert.deepEqual(fontAndThirdPartyProblems(site.dir, documents, origin), []);
    assert.deepEqual(pageSecurityProblems(documents), []);
  });
});
