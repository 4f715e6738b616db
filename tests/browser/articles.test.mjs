// Articles, replies and projects in a real browser (issue 8): starts
// `journeyer serve` on a free loopback port with a temporary database; a
// seed certifies two members, one posts an article after a preview, the
// other replies to it and to the reply, the author sees the counts and the
// article in the RSS feed; a member
// creates a project, names a relation and sees it on the person page; an
// Observer has no article form and a forged POST is refused.
//
// JOURNEYER_BIN names the journeyer binary. With JOURNEYER_PG_STATE and
// JOURNEYER_PG_CLUSTER the store is a fresh PostgreSQL database instead.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSite } from './site.mjs';

// Levels are recomputed in the background; a bound for the test, not a measurement.
const LEVEL_WAIT_MS = 15000;
const RESULTS = join(dirname(fileURLToPath(import.meta.url)), 'test-results');
const PASSWORDS = { seed: 'seed-password-42', alice: 'alice-password-42', bob: 'bob-password-42',
                    olive: 'olive-password-42' };

let site, origin, browser, page;
let articleUrl;

before(async () => {
  site = await startSite({
    name: 'articles-browser', members: PASSWORDS,
    config: 'name = "Journeyer test"\n[trust]\nseeds = ["seed"]\n[articles]\ntopics = ["Kernel", "Events"]\n',
  });
  ({ origin, browser, page } = site);
});

after(async () => {
  if (site) assert.equal(await site.stop(), 0, `graceful shutdown on SIGTERM: ${site.output}`);
});

async function logIn(name) {
  await browser.context.clearCookies();
  await site.logIn(name);
}

async function certify(name, level) {
  await page.goto(`${origin}/person/${name}/`);
  await page.getByLabel(`Certify ${name} as`).selectOption(level);
  await page.getByRole('button', { name: 'Certify' }).click();
  await page.waitForURL(`${origin}/person/${name}/?certified=1`);
  for (const start = Date.now(); Date.now() - start < LEVEL_WAIT_MS; await page.waitForTimeout(100)) {
    await page.goto(`${origin}/person/${name}/`);
    if ((await page.locator('strong.level').textContent()).trim() === level) return;
  }
  assert.fail(`${name} did not reach ${level}`);
}

test('the seed certifies the writers', async () => {
  await logIn('seed');
  await certify('alice', 'Journeyer');
  await certify('bob', 'Apprentice');
});

test('a member posts an article after a preview; it is on the front page', async () => {
  await logIn('alice');
  await page.goto(`${origin}/`);
  await page.getByRole('link', { name: 'Post an article' }).click();
  await page.getByLabel('Title').fill('Trust metrics in practice');
  await page.getByLabel('Lead').fill('<p>What <em>flow</em> does to spam.<script>alert(1)</script></p>');
  await page.getByLabel('Body (optional)').fill('<p>The long version.</p>');
  await page.getByLabel('Topic').selectOption('Kernel');
  await page.getByRole('button', { name: 'Preview' }).click();
  const preview = page.getByRole('region', { name: 'Preview' });
  assert.equal(await preview.locator('em').textContent(), 'flow');
  assert.equal(await preview.locator('script').count(), 0);
  await page.getByRole('button', { name: 'Post article' }).click();
  await page.waitForURL(/\/article\/\d+\.html\?posted=1$/);
  articleUrl = page.url().replace(/\?posted=1$/, '');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Trust metrics in practice');
  assert.match(await page.content(), /The long version\./);
  // Going back and sending the same form again makes no second article.
  await page.goBack();
  await page.getByRole('button', { name: 'Post article' }).click();
  await page.waitForURL(/\/article\/\d+\.html\?posted=1$/);
  assert.equal(page.url().replace(/\?posted=1$/, ''), articleUrl);
  await page.goto(`${origin}/article/`);
  assert.equal(await page.getByRole('link', { name: 'Trust metrics in practice', exact: true }).count(), 1);

  await page.goto(`${origin}/`);
  const item = page.locator('article.summary').first();
  assert.match(await item.textContent(), /Posted \d{4}-\d{2}-\d{2} by alice/);
  assert.equal(await item.locator('em').textContent(), 'flow');
  // The link names the article for those who hear the page's links as a list.
  assert.equal(await item.getByRole('link', { name: /^Read more\.\.\. \(no replies yet\)\s*: Trust metrics in practice$/ }).count(), 1,
               await item.locator('a').last().evaluate((a) => a.outerHTML));
});

test('another member replies, and replies to the reply; the author sees the counts', async () => {
  await logIn('bob');
  await page.goto(articleUrl);
  await page.getByLabel('Title').fill('Sybils');
  await page.getByLabel('Your reply').fill('<p>What about <strong>sybils</strong>?</p>');
  await page.getByRole('button', { name: 'Post reply' }).click();
  await page.waitForURL(/#reply-\d+$/);
  const first = page.locator('li.reply').first();
  assert.match(await first.textContent(), /sybils/);
  await first.getByRole('link', { name: 'Reply to this' }).click();
  assert.equal(await page.getByLabel('Title').inputValue(), 'Re: Sybils');
  await page.getByLabel('Your reply').fill('<p>Answering myself.</p>');
  await page.getByRole('button', { name: 'Preview' }).click();
  assert.match(await page.getByRole('region', { name: 'Preview' }).textContent(), /Answering myself\./);
  await page.getByRole('button', { name: 'Post reply' }).click();
  await page.waitForURL(/#reply-\d+$/);
  // The answer is nested in the first reply's thread.
  assert.equal(await page.locator('li.reply ol.thread li.reply').count(), 1);
  assert.match(await page.locator('li.reply ol.thread li.reply').textContent(), /Answering myself\./);
  const anchor = new URL(page.url()).hash;
  assert.equal(await page.locator(`${anchor}`).count(), 1);
  await mkdir(RESULTS, { recursive: true });
  await page.screenshot({ path: join(RESULTS, 'article-thread.png'), fullPage: true });

  await logIn('alice');
  await page.goto(`${origin}/`);
  assert.match(await page.locator('article.summary').first().textContent(),
               /Read more\.\.\. \(2 replies, 2 new\): Trust metrics in practice/);
  await page.getByRole('link', { name: /Read more/ }).first().click();
  assert.equal(await page.locator('li.reply .new').count(), 2);
  await page.goto(`${origin}/`);
  assert.match(await page.locator('article.summary').first().textContent(),
               /Read more\.\.\. \(2 replies, 0 new\): Trust metrics in practice/);

  // The site's RSS feed, linked from the front page, carries the article.
  const rssHref = await page.getByRole('link', { name: 'RSS', exact: true }).first().getAttribute('href');
  assert.equal(rssHref, '/rss/articles.xml');
  const rss = await page.request.get(`${origin}${rssHref}`);
  assert.equal(rss.status(), 200);
  assert.match(rss.headers()['content-type'], /^application\/rss\+xml/);
  const xml = await rss.text();
  assert.match(xml, /<title>Trust metrics in practice<\/title>/);
  const path = new URL(articleUrl).pathname;
  assert.match(xml, new RegExp(`<link>https?://[^<]+${path.replace('.', '\\.')}</link>`));
  const again = await page.request.get(`${origin}${rssHref}`, { headers: { 'If-None-Match': rss.headers()['etag'] } });
  assert.equal(again.status(), 304);
});

test('a member creates a project and names a relation; the person page shows it', async () => {
  await logIn('alice');
  await page.goto(`${origin}/proj/`);
  await page.getByLabel('Name').fill('Flowgraph');
  await page.getByLabel('Homepage').fill('https://flowgraph.example/');
  await page.getByLabel('License').fill('GPL-3.0');
  await page.getByLabel('Description').fill('max-flow tools');
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.waitForURL(`${origin}/proj/Flowgraph/?created=1`);
  assert.equal(await page.getByRole('status').textContent(), 'The project is created.');
  assert.match(await page.content(), /Created \d{4}-\d{2}-\d{2} by <a href="\/person\/alice\/">alice<\/a>/);
  await page.getByLabel('Your relation to Flowgraph').selectOption('Lead Developer');
  await page.getByRole('button', { name: 'Set relation' }).click();
  await page.waitForURL(`${origin}/proj/Flowgraph/?relation=set`);
  assert.equal(await page.getByRole('status').textContent(), 'Your relation to the project is saved.');
  assert.match(await page.locator('ul.developers').textContent(), /alice is a Lead Developer/);
  await page.goto(`${origin}/person/alice/`);
  const projects = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Projects' }) });
  assert.match(await projects.textContent(), /Lead Developer on Flowgraph/);
  await page.goto(`${origin}/proj/`);
  assert.equal(await page.getByRole('link', { name: 'Flowgraph' }).count(), 2);  // all, and recently changed
});

test('an Observer has no article form, and a forged POST is refused', async () => {
  await logIn('olive');
  await page.goto(`${origin}/`);
  assert.equal(await page.getByRole('link', { name: 'Post an article' }).count(), 0);
  const form = await page.goto(`${origin}/article/new`);
  assert.equal(form.status(), 403);
  assert.match(await page.content(), /you need Apprentice level or above/);
  // Her own session's token: the refusal is the level check, not CSRF.
  const csrf = await page.locator('input[name=csrf]').first().inputValue();
  const r = await page.request.post(`${origin}/article/new`, {
    form: { csrf, title: 'Cheap pills', lead: 'spam', submission: 'forged-key', post: '1' } });
  assert.equal(r.status(), 403);
  await page.goto(`${origin}/article/`);
  assert.equal(await page.getByRole('link', { name: 'Cheap pills' }).count(), 0);
  await page.goto(articleUrl);
  assert.equal(await page.getByLabel('Your reply').count(), 0);
  assert.match(await page.content(), /To reply you need Apprentice level or above\./);
});
