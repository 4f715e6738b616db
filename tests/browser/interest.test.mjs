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
import { mkdir } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSite } from './site.mjs';

const RESULTS = join(dirname(fileURLToPath(import.meta.url)), 'test-results');
const WAIT_MS = 15000;

let site, origin, page;
const PASSWORDS = { seed: 'seed-password-42', rater: 'rating-daily-77', diarist: 'writing-daily-9' };

before(async () => {
  site = await startSite({ name: 'interest-browser', members: PASSWORDS,
                           config: 'name = "Journeyer test"\n[trust]\nseeds = ["seed"]\n' });
  ({ origin, page } = site);
});

after(async () => {
  if (site) assert.equal(await site.stop(), 0, `graceful shutdown on SIGTERM: ${site.output}`);
});

async function rate(value) {
  await site.logIn('rater');
  await page.goto(`${origin}/person/diarist/diary.html`);
  const select = page.getByLabel('Rating, 1 (dull) to 10 (fascinating)');
  if (!(await page.locator('section.rate').textContent()).includes('Your rating:')) {
    // Not rated yet: nothing is chosen, and the browser will not send the form so.
    assert.equal(await select.inputValue(), '');
    assert.equal(await select.evaluate((e) => e.validity.valueMissing), true);
  }
  await select.selectOption(String(value));
  await page.getByRole('button', { name: 'Rate' }).click();
  await page.waitForURL(/\/person\/diarist\/diary\.html\?rated=1$/);
  assert.match(await page.locator('section.rate').textContent(), new RegExp(`Your rating: ${value} out of 10`));
  await site.logOut();
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
  await site.logIn('diarist');
  await page.goto(`${origin}/diary/post`);
  await page.getByLabel('Title (optional)').fill('On flows and cuts');
  await page.getByLabel('Entry').fill('<p>Max flow equals min cut.</p>');
  await page.getByRole('button', { name: 'Post' }).click();
  await page.waitForURL(/\/person\/diarist\/diary\/\d+\.html\?saved=1$/);
  assert.equal(await page.locator('section.rate').count(), 0, 'no rating form on one\'s own diary');
  await site.logOut();

  // The reader (seed) certifies the rater: the rater's taste now counts for them.
  await site.logIn('seed');
  await page.goto(`${origin}/person/rater/`);
  await page.getByLabel('Certify rater as').selectOption('Journeyer');
  await page.getByRole('button', { name: 'Certify' }).click();
  await page.waitForURL(/certified=1/);
  await site.logOut();

  await rate(8);
  await site.logIn('seed');
  assert.equal(await noteFor('8.0'), 'Predicted interest: 8.0 (spread 0.0, confidence 95%)');
  await mkdir(RESULTS, { recursive: true });
  await page.screenshot({ path: join(RESULTS, 'recentlog-interest.png'), fullPage: true });
  await site.logOut();

  // The rater changes their mind; the reader's prediction follows.
  await rate(3);
  await site.logIn('seed');
  assert.equal(await noteFor('3.0'), 'Predicted interest: 3.0 (spread 0.0, confidence 95%)');

  // A threshold above the prediction hides the entry.
  await page.getByLabel('hiding those I would find less interesting than').fill('5');
  await page.getByRole('button', { name: 'Show' }).click();
  await page.waitForURL(/interest=5/);
  assert.equal(await page.locator('article.entry', { hasText: 'On flows and cuts' }).count(), 0);
  assert.match(await page.locator('article.recentlog').textContent(), /1 entry is hidden for you/);

  // The reader's own page of predictions.
  await page.goto(`${origin}/person/seed/ratings`);
  const row = page.locator('table.predictions tbody tr', { hasText: 'diarist' });
  assert.equal(await row.locator('td').nth(1).textContent(), '3.0');
  assert.equal(await row.locator('td').nth(3).textContent(), '95%');
  await page.screenshot({ path: join(RESULTS, 'ratings-page.png'), fullPage: true });
  await site.logOut();

  // Nobody else may look at them: a visitor is asked to log in first.
  const other = await page.request.get(`${origin}/person/seed/ratings`, { maxRedirects: 0 });
  assert.equal(other.status(), 303);
  assert.match(other.headers()['location'], /^\/account\/login\?next=/);
  assert.doesNotMatch(await other.text(), /diarist/);
});
