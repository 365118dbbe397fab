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

/**
 * Init script (`context.addInitScript`): runs before any page script and records every cookie
 * write, web-storage write, IndexedDB open and CSP violation in `window.__storageWrites`.
 */
export function recordStorageWrites() {
  const writes = [];
  Object.defineProperty(window, '__storageWrites', { value: writes });
  for (const method of ['setItem', 'removeItem', 'clear']) {
    const original = Storage.prototype[method];
    Storage.prototype[method] = function recorded(...args) {
      writes.push(`${this === window.localStorage ? 'localStorage' : 'sessionStorage'}.${method}(${args.join(', ')})`);
      return original.apply(this, args);
    };
  }
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  Object.defineProperty(Document.prototype, 'cookie', {
    get() {
      return cookie.get.call(this);
    },
    set(value) {
      writes.push(`document.cookie = ${value}`);
      cookie.set.call(this, value);
    },
  });
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function recordedOpen(...args) {
    writes.push(`indexedDB.open(${args[0]})`);
    return open.apply(this, args);
  };
  document.addEventListener('securitypolicyviolation', (event) => {
    writes.push(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || 'inline code'}`);
  });
}

/** What a page (loaded after `recordStorageWrites` was added) wrote to cookies or storage. */
export async function storageProblems(page) {
  const found = await page.evaluate(() => ({
    writes: window.__storageWrites ?? ['the storage recorder did not run'],
    local: window.localStorage.length,
    session: window.sessionStorage.length,
  }));
  const problems = [...found.writes];
  if (found.local) problems.push(`localStorage holds ${found.local} items`);
  if (found.session) problems.push(`sessionStorage holds ${found.session} items`);
  return problems;
}

/**
 * In print media: navigation, search and skip link must be hidden, and every visible link to
 * another site inside `main` (the cited sources) must print its URL. Resolves to
 * `{ problems, cited }` (the number of such links).
 */
export async function printProblems(page) {
  await page.emulateMedia({ media: 'print' });
  return page.evaluate(() => {
    const problems = [];
    const shown = (element) => element.checkVisibility({ visibilityProperty: true, opacityProperty: true }) && element.getClientRects().length > 0;
    const hide = [
      ['header navigation', document.querySelectorAll('header nav')],
      ['search form', document.querySelectorAll('form[role="search"]')],
      ['search results', document.querySelectorAll('#search-results')],
      ['skip link', document.querySelectorAll('a[href="#main"], .skip-link')],
    ];
    for (const [name, elements] of hide) {
      for (const element of elements) if (shown(element)) problems.push(`${name} is printed`);
    }
    if (document.querySelectorAll('form[role="search"]').length === 0) problems.push('no search form on the page');
    const cited = [...document.querySelectorAll('main a[href^="http"]')].filter(shown);
    for (const link of cited) {
      const printed = `${link.innerText} ${getComputedStyle(link, '::after').content}`;
      if (!printed.includes(link.href) && !printed.includes(link.getAttribute('href'))) {
        problems.push(`source link "${link.innerText.trim().slice(0, 50)}" prints without its URL ${link.getAttribute('href')}`);
      }
    }
    return { problems, cited: cited.length };
  });
}
