// Diary interest ratings in a real browser (issue 9): a member rates a
// diary on its page, and a reader who certified that member sees the
// prediction next to the entry on the recent log, sees it follow when the
// rating changes, hides the entry with a threshold, and finds it on their
// private /person/NAME/ratings page. Starts `journeyer serve` on a free
// loopback port with a temporary SQLite database.
//
// JOURNEYER_BIN names the journeyer binary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchChromium, keepOffTheNetwork } from './chromium.mjs';

const BIN = process.env.JOURNEYER_BIN;
if (!BIN) throw new Error('set JOURNEYER_BIN');
const RESULTS = join(dirname(fileURLToPath(import.meta.url)), 'test-results');
// Predictions are recomputed in the background; a bound for the test, not a measurement.
const WAIT_MS = 15000;

let dir, server, origin, browser, page, serverOutput = '';
const PASSWORDS = { seed: 'seed-password-42', rater: 'rating-daily-77', diarist: 'writing-daily-9' };

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'journeyer-interest-browser-'));
  const db = `sqlite:${join(dir, 'site.db')}`;
  const config = join(dir, 'site.toml');
  await writeFile(config, 'name = "Journeyer test"\n[trust]\nseeds = ["seed"]\n');
  for (const [name, password] of Object.entries(PASSWORDS)) {
    execFileSync(BIN, ['admin', 'create', name, '--db', db, '--config', config, '--password-stdin'],
                 { input: password + '\n' });
  }
  server = spawn(BIN, ['serve', '--db', db, '--config', config, '--listen', '127.0.0.1:0'],
                 { stdio: ['ignore', 'pipe', 'pipe'] });
  server.stderr.on('data', (d) => { serverOutput += d; });
  origin = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      serverOutput += d;
      const m = out.match(/on (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) resolve(m[1]);
    });
    server.on('exit', (code) => reject(new Error(`journeyer serve exited (${code}): ${serverOutput}`)));
  });
  browser = await launchChromium();
  await keepOffTheNetwork(browser.context, origin);
  page = browser.context.pages()[0] ?? await browser.context.newPage();
});

after(async () => {
  if (browser) await browser.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.on('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    assert.equal(await exited, 0, `graceful shutdown on SIGTERM: ${serverOutput}`);
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function logIn(name) {
  await page.goto(`${origin}/account/login`);
  await page.getByLabel('Account name').fill(name);
  await page.getByLabel('Password').fill(PASSWORDS[name]);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(`${origin}/person/${name}/`);
}

async function logOut() {
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.waitForURL(`${origin}/`);
}

async function rate(value) {
  await logIn('rater');
  await page.goto(`${origin}/person/diarist/diary.html`);
  await page.getByLabel('Rating, 1 (dull) to 10 (fascinating)').selectOption(String(value));
  await page.getByRole('button', { name: 'Rate' }).click();
  await page.waitForURL(/\/person\/diarist\/diary\.html\?rated=1$/);
  assert.match(await page.locator('section.rate').textContent(), new RegExp(`Your rating: ${value} out of 10`));
  await logOut();
}

// The recent log's note for the diarist's entry, once it shows `expected`.
async function noteFor(expected) {
  let note = '';
  for (const start = Date.now(); Date.now() - start < WAIT_MS;) {
    await page.goto(`${origin}/recentlog.html`);
    const entry = page.locator('article.entry', { hasText: 'On flows and cuts' });
    if (await entry.count()) {
      const n = entry.locator('p.entry-note');
      note = (await n.count()) ? await n.first().textContent() : '';
      if (note.includes(expected)) return note;
    }
    await page.waitForTimeout(200);
  }
  return note;
}

test('a rating reaches a reader who certified the rater, and the reader can hide dull diaries', async () => {
  await logIn('diarist');
  await page.goto(`${origin}/diary/post`);
  await page.getByLabel('Title (optional)').fill('On flows and cuts');
  await page.getByLabel('Entry').fill('<p>Max flow equals min cut.</p>');
  await page.getByRole('button', { name: 'Post' }).click();
  await page.waitForURL(/\/person\/diarist\/diary\/\d+\.html\?saved=1$/);
  assert.equal(await page.locator('section.rate').count(), 0, 'no rating form on one\'s own diary');
  await logOut();

  // The reader (seed) certifies the rater: the rater's taste now counts for them.
  await logIn('seed');
  await page.goto(`${origin}/person/rater/`);
  await page.getByLabel('Certify rater as').selectOption('Journeyer');
  await page.getByRole('button', { name: 'Certify' }).click();
  await page.waitForURL(/certified=1/);
  await logOut();

  await rate(8);
  await logIn('seed');
  assert.equal(await noteFor('8.0'), 'Predicted interest: 8.0 (spread 0.0, confidence 95%)');
  await mkdir(RESULTS, { recursive: true });
  await page.screenshot({ path: join(RESULTS, 'recentlog-interest.png'), fullPage: true });
  await logOut();

  // The rater changes their mind; the reader's prediction follows.
  await rate(3);
  await logIn('seed');
  assert.equal(await noteFor('3.0'), 'Predicted interest: 3.0 (spread 0.0, confidence 95%)');

  // A threshold above the prediction hides the entry.
  await page.getByLabel('hiding those I would find less interesting than').fill('5');
  await page.getByRole('button', { name: 'Show' }).click();
  await page.waitForURL(/interest=5/);
  assert.equal(await page.locator('article.entry', { hasText: 'On flows and cuts' }).count(), 0);
  assert.match(await page.locator('article.recentlog').textContent(), /1 entries are hidden for you/);

  // The reader's own page of predictions.
  await page.goto(`${origin}/person/seed/ratings`);
  const row = page.locator('table.predictions tbody tr', { hasText: 'diarist' });
  assert.equal(await row.locator('td').nth(1).textContent(), '3.0');
  assert.equal(await row.locator('td').nth(3).textContent(), '95%');
  await page.screenshot({ path: join(RESULTS, 'ratings-page.png'), fullPage: true });
  await logOut();

  // Nobody else may look at them.
  const other = await page.request.get(`${origin}/person/seed/ratings`);
  assert.equal(other.status(), 403);
});
