// Diaries in a real browser (issue 7): a member previews a diary entry
// (the draft survives leaving the page), posts it, and finds it on their
// person page, on the recent log and in their RSS feed; a syndicated entry
// shows its "Syndicated DATE from BLOG" line. Starts `journeyer serve` on a
// free loopback port with a temporary database.
//
// JOURNEYER_BIN names the journeyer binary, JOURNEYER_SYNDICATE the test
// tool that stores a syndicated post (tests/web/syndicate_entry.cpp). With
// JOURNEYER_PG_STATE and JOURNEYER_PG_CLUSTER the store is a fresh
// PostgreSQL database instead of a temporary SQLite file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSite } from './site.mjs';

const SYNDICATE = process.env.JOURNEYER_SYNDICATE;
if (!SYNDICATE) throw new Error('set JOURNEYER_SYNDICATE');
const RESULTS = join(dirname(fileURLToPath(import.meta.url)), 'test-results');
const LEVEL_WAIT_MS = 15000;

let site, origin, page;
const PASSWORDS = { seed: 'seed-password-42', diarist: 'writing-daily-9' };

before(async () => {
  site = await startSite({
    name: 'diary-browser', members: PASSWORDS,
    // The aggregator may fetch from loopback here: in the last test the blog
    // is this very site, its own RSS feed fetched over HTTP.
    config: 'name = "Journeyer test"\n[trust]\nseeds = ["seed"]\n[feeds]\nallow_loopback = true\n',
    // A post the aggregator would have brought in from the member's blog.
    prepare: ({ db }) => execFileSync(SYNDICATE, [db, 'diarist', 'urn:test:post-1', 'https://blog.example/2026/elsewhere',
                                                  'Elsewhere Weekly', 'Written on my blog', '<p>From the <em>blog</em>.</p>']),
  });
  ({ origin, page } = site);
});

after(async () => {
  if (site) assert.equal(await site.stop(), 0, `graceful shutdown on SIGTERM: ${site.output}`);
});

test('a member previews and posts a diary entry and finds it on their page, the recent log and RSS', async () => {
  // A seed certifies the diarist, so that their diary is published as a feed.
  await site.logIn('seed');
  await page.goto(`${origin}/person/diarist/`);
  await page.getByLabel('Certify diarist as').selectOption('Journeyer');
  await page.getByRole('button', { name: 'Certify' }).click();
  await page.waitForURL(/certified=1/);
  await site.logOut();

  await site.logIn('diarist');
  await page.getByRole('link', { name: 'Post to your diary' }).click();
  await page.getByLabel('Title (optional)').fill('Notes on <parsers> & trees');
  await page.getByLabel('Entry').fill('<p>Today I wrote a <strong>parser</strong>.<script>alert(1)</script></p>');
  await page.getByRole('button', { name: 'Preview' }).click();
  const preview = page.getByRole('region', { name: 'Preview' });
  assert.equal(await preview.locator('strong').textContent(), 'parser');
  assert.equal(await preview.locator('script').count(), 0);

  // Leaving the page loses nothing: the preview kept a draft.
  await page.goto(`${origin}/`);
  await page.goto(`${origin}/diary/post`);
  assert.match(await page.content(), /Your unposted draft is restored\./);
  assert.equal(await page.getByLabel('Title (optional)').inputValue(), 'Notes on <parsers> & trees');
  await page.getByRole('button', { name: 'Post' }).click();
  await page.waitForURL(/\/person\/diarist\/diary\/\d+\.html\?saved=1$/);
  const permalink = page.url().replace(/\?saved=1$/, '');
  assert.equal(await page.locator('.entry strong').textContent(), 'parser');

  await page.goto(`${origin}/person/diarist/`);
  assert.match(await page.locator('section.diary').textContent(), /Notes on <parsers> & trees/);
  await mkdir(RESULTS, { recursive: true });
  await page.screenshot({ path: join(RESULTS, 'diary-person-page.png'), fullPage: true });

  // The recent log shows the entry with the member's level (once computed).
  let log = '';
  for (const start = Date.now(); Date.now() - start < LEVEL_WAIT_MS;) {
    await page.goto(`${origin}/recentlog.html`);
    log = await page.locator('article.recentlog').textContent();
    if (/diarist \(Journeyer\)/.test(log)) break;
    await page.waitForTimeout(200);
  }
  assert.match(log, /diarist \(Journeyer\)/);
  assert.match(log, /Notes on <parsers> & trees/);
  await page.screenshot({ path: join(RESULTS, 'recentlog.png'), fullPage: true });

  // The RSS feed: well-formed XML with the entry and its absolute permalink.
  const rss = await page.request.get(`${origin}/person/diarist/rss.xml`);
  assert.equal(rss.status(), 200);
  assert.match(rss.headers()['content-type'], /^application\/rss\+xml/);
  const xml = await rss.text();
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    if (doc.querySelector('parsererror')) return null;
    return [...doc.querySelectorAll('item')].map((i) => ({
      title: i.querySelector('title').textContent,
      guid: i.querySelector('guid').textContent,
    }));
  }, xml);
  assert.ok(parsed, 'the feed parses as XML');
  assert.equal(parsed[0].title, 'Notes on <parsers> & trees');
  assert.ok(permalink.endsWith(new URL(parsed[0].guid).pathname), `${parsed[0].guid} is ${permalink}`);
  // A reader asking again with the ETag gets 304 Not Modified.
  const again = await page.request.get(`${origin}/person/diarist/rss.xml`,
                                       { headers: { 'If-None-Match': rss.headers().etag } });
  assert.equal(again.status(), 304);
  await site.logOut();
});

test('a syndicated entry shows where it came from', async () => {
  await page.goto(`${origin}/person/diarist/diary.html`);
  const line = page.locator('p.syndicated');
  await line.first().waitFor();
  assert.match(await line.first().textContent(), /^Syndicated \d{4}-\d{2}-\d{2} from Elsewhere Weekly$/);
  assert.equal(await line.first().getByRole('link', { name: 'Elsewhere Weekly' }).getAttribute('href'),
               'https://blog.example/2026/elsewhere');
  assert.match(await page.content(), /From the <em>blog<\/em>\./);
});

test("the site's own RSS feed, set as a member's blog on the profile form, comes back through the aggregator", async () => {
  // diarist's diary (posted above) is published as RSS; the seed makes it
  // their blog. Saving the profile asks the aggregator for a pass at once.
  await site.logIn('seed');
  await page.goto(`${origin}/account/profile`);
  await page.getByLabel("Your blog's feed").fill(`${origin}/person/diarist/rss.xml`);
  await page.getByLabel('E-mail (not shown)').fill('seed@example.org');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(`${origin}/person/seed/?saved=1`);
  assert.equal(await page.getByRole('status').textContent(), 'Your profile is saved.');

  // The aggregator runs on its own thread; wait for the entry to appear.
  let entries = '';
  for (const start = Date.now(); Date.now() - start < LEVEL_WAIT_MS;) {
    await page.goto(`${origin}/person/seed/diary.html`);
    entries = await page.locator('main').textContent();
    if (/Syndicated/.test(entries)) break;
    await page.waitForTimeout(200);
  }
  const line = page.locator('p.syndicated').first();
  assert.match(await line.textContent(), /^Syndicated \d{4}-\d{2}-\d{2} from diarist's diary on Journeyer test$/);
  // The blog's title links to the post: the diarist's permalink, absolute
  // (on the site's configured address).
  const href = new URL(await line.getByRole('link').getAttribute('href'));
  assert.match(href.pathname, /^\/person\/diarist\/diary\/\d+\.html$/);
  assert.match(entries, /Notes on <parsers> & trees/);
  // Sanitized on the way in as on the way out: the script never comes back.
  assert.equal(await page.locator('.entry strong').first().textContent(), 'parser');
  assert.equal(await page.locator('main script').count(), 0);

  // The person page shows the feed's status in plain words.
  await page.goto(`${origin}/person/seed/`);
  const status = await page.locator('dd.feed-status').textContent();
  assert.match(status, /diarist's diary on Journeyer test/);
  assert.match(status, /Last fetched: \d{4}-\d{2}-\d{2}/);
  assert.doesNotMatch(status, /last new post: none yet/);
  assert.doesNotMatch(status, /Last fetch failed/);
  await page.screenshot({ path: join(RESULTS, 'syndicated-round-trip.png'), fullPage: true });
  await site.logOut();
});
