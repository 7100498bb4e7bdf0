// Chromium for the benchmarks: Debian's browser through Playwright, one browser process per run.
import { chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/** Launches headless Chromium (one browser process for the whole run, so baselines share the machine state). */
export function launchBrowser() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * A page in its own context (own cookie jar and IndexedDB), CPU-throttled through CDP when `cpuThrottle` > 1,
 * with `initScript` run before the page's own scripts, and `script` served instead of the site's script-tag file.
 */
export async function openBenchPage(browser, url, { cpuThrottle = 1, initScript, script } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  if (initScript) await context.addInitScript(initScript);
  // Another build of the script-tag file (the unminified one `--profile` uses).
  if (script)
    await context.route('**/dist/webim.iife.js', (route) =>
      route.fulfill({ path: script, contentType: 'application/javascript' }),
    );
  const page = await context.newPage();
  if (cpuThrottle > 1) {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuThrottle });
  }
  if (url) await page.goto(url);
  return { context, page, close: () => context.close() };
}

/** Resolves once the page's SDK reports `connected`. */
export async function waitConnected(page, timeout = 30_000) {
  await page.waitForFunction(
    () => window.WebIM?.instance?.client.store.connection.value.state === 'connected',
    undefined,
    { timeout },
  );
}

/** A mock-server control (`/mock/<name>`, JSON body, the controls secret): its JSON answer, or a throw. */
export async function control(server, name, params) {
  const r = await fetch(`${server.siteUrl}/mock/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-mock-secret': server.controlsSecret },
    body: JSON.stringify(params),
  });
  if (!r.ok) throw new Error(`/mock/${name}: ${r.status} ${await r.text()}`);
  return r.json();
}
