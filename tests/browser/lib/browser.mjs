// Headless Debian Chromium driven by playwright-core, plus what every page visit records.
//
// The browser is always `/usr/bin/chromium` (never a downloaded build), with a fresh profile in a
// temporary directory. Requests to any origin other than the test server are recorded and
// aborted, so a page that reaches out to the network fails its test instead of hanging.

import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';
import { siteUnderTest, temporaryDir } from './site.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
  '--disable-dev-shm-usage',
];

/**
 * Launches Chromium with a fresh profile. `options` go to playwright's
 * `launchPersistentContext` (for example `javaScriptEnabled: false`, `viewport`).
 */
export async function launchContext(options = {}) {
  const profile = temporaryDir('arrs-chromium-');
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    ...options,
  });
}

/**
 * Serves a site and opens a browser on it: `{ dir, origin, context, close }`. `dir` defaults to
 * the site under test; `gzip` serves compressible files gzipped, as production hosts do.
 */
export async function openSite({ dir = siteUnderTest().dir, gzip = false, ...contextOptions } = {}) {
  const server = await startServer(dir, { gzip });
  const context = await launchContext(contextOptions);
  await context.route(
    (url) => url.origin !== server.origin && url.protocol !== 'data:' && url.protocol !== 'blob:',
    (route) => route.abort('blockedbyclient'),
  );
  return {
    dir,
    origin: server.origin,
    context,
    close: async () => {
      await context.close();
      await server.close();
    },
  };
}

/**
 * Opens `path` in a new page and records, while the page lives: console errors, uncaught
 * exceptions, requests to other origins, and same-origin responses with an error status (other
 * than the page's own status, which `visit` returns). Resolves to `{ page, response, log }`.
 */
export async function visit(context, origin, path, { waitUntil = 'load' } = {}) {
  const page = await context.newPage();
  const log = { consoleErrors: [], pageErrors: [], foreignRequests: [], failedResponses: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') log.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => log.pageErrors.push(String(error)));
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin !== origin && url.protocol !== 'data:' && url.protocol !== 'blob:') {
      log.foreignRequests.push(request.url());
    }
  });
  const target = new URL(path, origin).href;
  page.on('response', (response) => {
    if (response.status() >= 400 && response.url() !== target) {
      log.failedResponses.push(`${response.status()} ${response.url()}`);
    }
  });
  const response = await page.goto(target, { waitUntil });
  return { page, response, log };
}

/** The problems a visit's log shows, as readable lines (empty when the page behaved). */
export function logProblems(log) {
  return [
    ...log.consoleErrors.map((text) => `console error: ${text}`),
    ...log.pageErrors.map((text) => `uncaught exception: ${text}`),
    ...log.foreignRequests.map((url) => `request to another origin: ${url}`),
    ...log.failedResponses.map((line) => `failed request: ${line}`),
  ];
}

/**
 * Registers `before`/`after` hooks in the current suite that open the site in a browser and close
 * it again. Returns an object that holds `{ dir, origin, context, close }` once the hook ran.
 */
export function useSite(options = {}) {
  const browser = {};
  before(async () => {
    Object.assign(browser, await openSite(options));
  });
  after(async () => browser.close?.());
  return browser;
}
