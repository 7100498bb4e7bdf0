import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { bar, expect, test, waitConnected } from './fixtures';

// `npm start` as a newcomer meets it (issue 17 point 5): every URL it prints opens a working page — the user pages
// signed in with the bar connected, the Admin page too —, the pages have an icon, and a busy port is one line.

const root = fileURLToPath(new URL('..', import.meta.url));

/** Runs scripts/demo.mjs (what `npm start` runs) with `env`; resolves with its output once `until` matches it. */
function startDemo(env: Record<string, string>, until: RegExp): Promise<{ child: ChildProcess; output: string }> {
  const child = spawn(process.execPath, ['scripts/demo.mjs'], { cwd: root, env: { ...process.env, ...env } });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('demo did not start:\n' + output)), 45_000);
    const take = (chunk: Buffer) => {
      output += chunk;
      if (until.test(output)) {
        clearTimeout(timer);
        resolve({ child, output });
      }
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve({ child, output });
    });
  });
}

test('every URL npm start prints works, signed in where it says so', async ({ browser }) => {
  test.setTimeout(120_000);
  const { child, output } = await startDemo({ PORT: '0' }, /Press Ctrl\+C to stop\./);
  try {
    const urls = Object.fromEntries([...output.matchAll(/^ {2}(\w+): +(http\S+)/gm)].map((m) => [m[1]!, m[2]!]));
    expect(Object.keys(urls)).toEqual(['Alice', 'Bob', 'Admin', 'SPA', 'Big']);
    const signedIn: Record<string, string> = { Alice: 'alice', Bob: 'bob', Admin: 'admin', SPA: 'carol', Big: 'big' };
    for (const [name, url] of Object.entries(urls)) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const response = await page.goto(url);
      expect(response?.status(), name).toBe(200);
      if (name !== 'SPA') {
        await waitConnected(page, 30_000);
        const me = await page.evaluate(
          () =>
            (window as unknown as { WebIM: { instance: { client: { store: { user: { value: { id: string } } } } } } })
              .WebIM.instance.client.store.user.value.id,
        );
        expect(me, name).toBe(signedIn[name]);
      } else {
        await expect(page.locator('#events').getByText('online as carol')).toBeVisible({ timeout: 30_000 });
      }
      await expect(bar(page)).toBeAttached();
      const icon = await page.locator('link[rel="icon"]').getAttribute('href');
      expect(icon, name).toBeTruthy();
      expect((await page.request.get(new URL(icon!, url).href)).status(), name).toBe(200);
      await context.close();
    }
  } finally {
    child.kill('SIGTERM');
  }
});

test('a busy port: one line naming the port and the PORT= way out, exit 1', async ({ mock }) => {
  const port = new URL(mock.siteUrl).port;
  const { child, output } = await startDemo({ PORT: port }, /$^/);
  const printed = output.replace(/^> .*\n|^\s*$/gm, '').trim();
  expect(printed).toMatch(new RegExp(`^demo: port ${port} is already in use .*PORT=\\d+ npm start`));
  expect(printed.split('\n')).toHaveLength(1);
  expect(child.exitCode).toBe(1);
});
