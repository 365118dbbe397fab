// Checks run inside a loaded page: axe-core, the single h1, the skip link, visible focus.
// Each returns a list of readable problems; an empty list means the page passed.

import { AXE_ROUTE } from './server.mjs';

/** The WCAG tags axe runs: WCAG 2.0, 2.1 and 2.2, levels A and AA. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Runs axe-core on the page. axe is injected with `addScriptTag` from the test server's own
 * origin, so the page's Content-Security-Policy (`script-src 'self'`) allows it unchanged.
 */
export async function axeViolations(page) {
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) await page.addScriptTag({ url: AXE_ROUTE });
  const violations = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }).then((result) => result.violations),
    AXE_TAGS,
  );
  return violations.map(
    (violation) =>
      `axe ${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
        .slice(0, 5)
        .map((node) => node.target.join(' '))
        .join('; ')}`,
  );
}

/** Problems with the page's headings: it must have exactly one `h1`. */
export async function headingProblems(page) {
  const count = await page.locator('h1').count();
  return count === 1 ? [] : [`expected exactly one h1, found ${count}`];
}

/**
 * Problems with the skip link: pressing Tab once from the top of the page must focus a link to
 * an in-page target, and pressing Enter must move focus to that target, which is (or is inside)
 * `main`.
 */
export async function skipLinkProblems(page) {
  await page.evaluate(() => {
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    window.scrollTo(0, 0);
  });
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const element = document.activeElement;
    return {
      tag: element?.tagName.toLowerCase() ?? '',
      href: element?.getAttribute('href') ?? '',
      text: element?.textContent?.trim() ?? '',
    };
  });
  if (first.tag !== 'a' || !first.href.startsWith('#') || first.href.length < 2) {
    return [`Tab once focuses <${first.tag}> "${first.text}" (href ${first.href || 'none'}), not a skip link`];
  }
  const targetId = decodeURIComponent(first.href.slice(1));
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement !== document.querySelector('a[href^="#"]'), null, { timeout: 2000 }).catch(() => {});
  const landed = await page.evaluate((id) => {
    const target = document.getElementById(id);
    const active = document.activeElement;
    return {
      targetExists: Boolean(target),
      targetInMain: Boolean(target?.closest('main')),
      focusOnTarget: active === target,
      activeTag: active?.tagName.toLowerCase() ?? '',
    };
  }, targetId);
  const problems = [];
  if (!landed.targetExists) problems.push(`skip link target #${targetId} does not exist`);
  else if (!landed.targetInMain) problems.push(`skip link target #${targetId} is not main or inside main`);
  if (landed.targetExists && !landed.focusOnTarget) {
    problems.push(`Enter on the skip link leaves focus on <${landed.activeTag}>, not #${targetId} (does it need tabindex="-1"?)`);
  }
  return problems;
}

/**
 * Whether the focused element shows a focus indicator: a visible outline or a box-shadow.
 * Returns `{ visible, description }`.
 */
export async function focusIndicator(page) {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return { visible: false, description: 'nothing focused' };
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow && style.boxShadow !== 'none';
    const label = element.id ? `#${element.id}` : `${element.tagName.toLowerCase()} "${(element.textContent ?? '').trim().slice(0, 40)}"`;
    return { visible: Boolean(outline || shadow), description: label };
  });
}
