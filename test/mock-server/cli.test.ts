import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/mock-server/args';
import { ROOT, until } from './helpers';

describe('CLI arguments', () => {
  it('parses every documented flag, with a space or =', () => {
    expect(
      parseArgs([
        '--port',
        '0',
        '--im-port=0',
        '--grace',
        '100',
        '--hold',
        '200',
        '--keepalive=300',
        '--host',
        '0.0.0.0',
        '--generation',
        '3',
      ]),
    ).toEqual({
      port: 0,
      imPort: 0,
      grace: 100,
      hold: 200,
      keepalive: 300,
      host: '0.0.0.0',
      generation: 3,
    });
    expect(parseArgs(['--no-controls', '--domain', 'forum.test', '--apikey', 'k'])).toEqual({
      controls: false,
      domain: 'forum.test',
      apikey: 'k',
    });
    expect(parseArgs(['--controls'])).toEqual({ controls: true });
    expect(parseArgs(['--controls-secret=s3cret'])).toEqual({ controls: true, controlsSecret: 's3cret' });
  });

  it.each([
    ['--port'],
    ['--port', 'x'],
    ['--controls-secret'],
    ['--grace', '-1'],
    ['--generation', '4'],
    ['--frobnicate'],
  ])('refuses %j', (...argv) => {
    expect(() => parseArgs(argv)).toThrow();
  });
});

describe('npm run mock', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGKILL');
  });

  it('builds, starts on free ports, prints both URLs, serves, and stops on SIGTERM', async () => {
    child = spawn(
      process.execPath,
      [join(ROOT, 'scripts', 'mock.mjs'), '--port', '0', '--im-port', '0', '--grace', '500', '--controls'],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    const exited = new Promise<number | null>((resolve) => child?.on('exit', (code) => resolve(code)));

    await until(`three lines (stderr: ${err})`, () => out.split('\n').length >= 4, 15_000);
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^site: http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines[1]).toMatch(/^im: http:\/\/127\.0\.0\.1:\d+$/);
    const site = lines[0].slice('site: '.length);
    const im = lines[1].slice('im: '.length);
    expect(site).not.toBe(im);

    expect(lines[2]).toMatch(/^controls: [0-9a-f]{32}$/);
    const secret = lines[2].slice('controls: '.length);
    expect((await fetch(`${site}/mock/state`)).status).toBe(403);
    expect(await (await fetch(`${site}/mock/state`, { headers: { 'x-mock-secret': secret } })).json()).toEqual({
      users: {},
    });
    const reply = (await (
      await fetch(`${site}/webim/online`, {
        method: 'POST',
        headers: { cookie: 'webim_uid=alice', 'x-requested-with': 'XMLHttpRequest' },
      })
    ).json()) as {
      connection: { jsonpd: string; websocket: string };
    };
    expect(reply.connection.jsonpd).toBe(`${im}/v5/packets`);
    expect(reply.connection.websocket).toBe(`${im.replace('http', 'ws')}/v5/wsocket`);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
