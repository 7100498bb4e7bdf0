#!/usr/bin/env node
// `node scripts/screenshots.mjs [outDir]`: the README's pictures, taken from the real demo in real Chromium.
// Alice on the demo forum with two chats (Bob, Carol) and the lobby room open as tabs, a conversation on screen and
// the buddy list beside it; once at 1280×800 (docs/screenshot.png) and once as a 390×844 phone
// (docs/screenshot-phone-chat.png, -page.png with the bar and its tabs, -buddies.png). Builds dist/ when stale.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { distIsStale } from './stale.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? join(root, 'docs'));
mkdirSync(out, { recursive: true });

if (distIsStale(root)) {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const { startMockServer } = await import(pathToFileURL(join(root, 'dist', 'mock-server', 'index.js')).href);
const { launchBrowser, waitConnected } = await import('../bench/lib/browser.mjs');

const server = await startMockServer({ port: 0, imPort: 0, root, controls: true, onError: () => undefined });
const browser = await launchBrowser();
const bar = (page) => page.getByRole('region', { name: 'Chat' });

async function open(user, viewport, extra = {}) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, ...extra });
  const page = await context.newPage();
  await page.goto(`${server.siteUrl}/demo/index.html?user=${user}`);
  await waitConnected(page);
  return page;
}

/** On a phone the chat window covers the bar: put it away first (its tab stays). */
async function closeWindow(page) {
  if (page.viewportSize().width > 600) return; // on a desktop the window and a pane sit side by side
  const close = bar(page).getByRole('button', { name: 'Close chat', exact: true });
  if (await close.isVisible()) await close.click();
}

async function openBuddies(page) {
  await closeWindow(page);
  const button = bar(page).getByRole('button', { name: /^Buddies/ });
  if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
  await bar(page).getByRole('dialog', { name: 'Buddies' }).waitFor();
}

async function chatWith(page, name) {
  await openBuddies(page);
  await bar(page)
    .getByRole('treeitem', { name: new RegExp(`^${name}`) })
    .click();
  const window = bar(page).getByRole('dialog', { name, exact: true });
  await window.waitFor();
  return window;
}

async function say(window, text) {
  const box = window.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

async function openRoom(page, name) {
  await closeWindow(page);
  await bar(page).getByRole('button', { name: 'Rooms' }).click();
  await bar(page)
    .getByRole('list', { name: 'Your rooms' })
    .getByRole('button', { name: new RegExp(`^${name}\\b`) })
    .click();
  await bar(page).getByRole('dialog', { name, exact: true }).waitFor();
}

/** Alice's session: Bob and Carol online, a short conversation with Bob, Carol's chat and the lobby as tabs. */
async function stage(viewport, extra) {
  await fetch(`${server.siteUrl}/mock/reset`, { method: 'POST', headers: { 'x-mock-secret': server.controlsSecret } }); // fresh seed data: no history from an earlier stage
  const bob = await open('bob', { width: 1280, height: 800 });
  const carol = await open('carol', { width: 1280, height: 800 });
  const alice = await open('alice', viewport, extra);
  const toBob = await chatWith(alice, 'Bob');
  await say(toBob, 'Hi Bob! Are you coming to the spring planting day on Saturday?');
  const toAlice = await chatWith(bob, 'Alice');
  await toAlice.getByText(/spring planting day/).waitFor();
  await say(toAlice, 'Yes, with two trays of tomato seedlings');
  await say(toAlice, 'Trail map is here: https://example.org/trails');
  await toBob.getByText(/example\.org/).waitFor();
  await say(await chatWith(carol, 'Alice'), 'Can you bring the spare gloves?');
  await openRoom(alice, 'Lobby');
  await chatWith(alice, 'Carol');
  await chatWith(alice, 'Bob');
  return alice;
}

try {
  const desktop = await stage({ width: 1280, height: 800 });
  await openBuddies(desktop);
  await desktop.waitForTimeout(400); // transitions settle
  await desktop.screenshot({ path: join(out, 'screenshot.png') });
  console.log(`wrote ${join(out, 'screenshot.png')}`);

  const phone = await stage({ width: 390, height: 844 }, { isMobile: true, hasTouch: true });
  await phone.waitForTimeout(400);
  await phone.screenshot({ path: join(out, 'screenshot-phone-chat.png') });
  await closeWindow(phone);
  await phone.waitForTimeout(400);
  await phone.screenshot({ path: join(out, 'screenshot-phone-page.png') });
  await openBuddies(phone);
  await phone.waitForTimeout(400);
  await phone.screenshot({ path: join(out, 'screenshot-phone-buddies.png') });
  console.log(
    `wrote ${join(out, 'screenshot-phone-chat.png')}, screenshot-phone-page.png and screenshot-phone-buddies.png`,
  );
} finally {
  await browser.close();
  await server.close();
}
