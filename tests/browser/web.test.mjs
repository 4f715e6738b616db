// The web site in a real browser (issue 6): starts `journeyer serve` on a
// free loopback port with a temporary SQLite database, then creates an
// account, edits the profile, certifies a member as a seed and sees their
// level change, logs out, and checks that a visitor cannot certify. Saves
// screenshots of a person page in tests/browser/test-results/.
//
// JOURNEYER_BIN names the journeyer binary. With JOURNEYER_PG_STATE and
// JOURNEYER_PG_CLUSTER (tests/support/pg-cluster and the state file of the
// cluster ctest started) the store is a fresh PostgreSQL database instead of
// a temporary SQLite file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSite } from './site.mjs';

const RESULTS = join(dirname(fileURLToPath(import.meta.url)), 'test-results');
const SEED_PASSWORD = 'seed-password-42';

let site, origin, browser, page;

before(async () => {
  site = await startSite({ name: 'web-browser', members: { seed: SEED_PASSWORD },
                           config: 'name = "Journeyer test"\nadmins = ["boss"]\n[trust]\nseeds = ["seed"]\n' });
  ({ origin, browser, page } = site);
});

after(async () => {
  if (site) assert.equal(await site.stop(), 0, `graceful shutdown on SIGTERM: ${site.output}`);
});

async function levelOf(name) {
  await page.goto(`${origin}/person/${name}/`);
  return (await page.locator('strong.level').textContent()).trim();
}

test('a new member signs up, edits the profile, is certified by a seed and logs out', async () => {
  await page.goto(`${origin}/`);
  await page.getByRole('link', { name: 'Create account' }).click();
  // A mistake first: the field at fault is marked invalid, described by the
  // message, and has the focus when the page comes back.
  await page.getByLabel('Account name').fill('walker');
  await page.getByLabel('E-mail').fill('walker@example.org');
  await page.getByLabel('Password', { exact: true }).fill('walking-far-7');
  await page.getByLabel('Password again').fill('walking-far-8');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForSelector('#form-error');
  // The browser moves the focus to an autofocus field when it next renders
  // the page, a moment after the page is there: wait for it to leave the body.
  await page.waitForFunction(() => document.activeElement && document.activeElement !== document.body,
                             null, { timeout: 5000 });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'password2');
  const again = page.getByLabel('Password again');
  assert.equal(await again.getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator(`#${await again.getAttribute('aria-describedby')}`).textContent(), /differ/);
  assert.equal(await page.locator('[aria-invalid]').count(), 1);
  await page.getByLabel('Account name').fill('walker');
  await page.getByLabel('E-mail').fill('walker@example.org');
  await page.getByLabel('Password', { exact: true }).fill('walking-far-7');
  await page.getByLabel('Password again').fill('walking-far-7');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(`${origin}/person/walker/`);
  // Their own page: nothing to certify there.
  assert.equal(await page.locator('#certify').count(), 0);

  await page.getByRole('link', { name: 'Profile', exact: true }).click();
  await page.getByLabel('Name', { exact: true }).fill('Walker Texas');
  await page.getByLabel('Homepage').fill('https://walker.example/');
  await page.getByLabel('Notes').fill('<p>I write <em>parsers</em>.<script>alert(1)</script> ' +
                                      '<a href="javascript:alert(2)">not a link</a></p>');
  await page.getByRole('button', { name: 'Preview' }).click();
  const preview = page.getByRole('region', { name: 'Preview' });
  assert.equal((await preview.locator('em').textContent()), 'parsers');
  assert.equal(await preview.locator('script').count(), 0);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(`${origin}/person/walker/?saved=1`);
  assert.equal(await page.getByRole('status').textContent(), 'Your profile is saved.');
  assert.equal(await page.locator('.notes em').textContent(), 'parsers');
  // What was a script link keeps its words but does not look like a link.
  const dead = page.locator('.notes a', { hasText: 'not a link' });
  assert.equal(await dead.getAttribute('href'), null);
  const [deadColor, textColor] = await dead.evaluate((a) => [getComputedStyle(a).color,
                                                             getComputedStyle(a.parentElement).color]);
  assert.equal(deadColor, textColor);
  assert.match(await page.content(), /Walker Texas/);
  assert.equal(await levelOf('walker'), 'Observer');
  await site.logOut();

  await site.logIn('seed', SEED_PASSWORD);
  await page.goto(`${origin}/person/walker/`);
  // The level list is as wide as a short form, not the whole page.
  const select = await page.getByLabel('Certify walker as').boundingBox();
  const section = await page.locator('section.certify').boundingBox();
  assert.ok(select.width < section.width / 2, `select ${select.width}px of ${section.width}px`);
  await page.getByLabel('Certify walker as').selectOption('Journeyer');
  await page.getByRole('button', { name: 'Certify' }).click();
  await page.waitForURL(`${origin}/person/walker/?certified=1`);
  assert.match(await page.content(), /You have certified walker as Journeyer\./);
  // The page the certificate leads to already shows the new level.
  assert.match(await page.content(), /the levels on this page include it/);
  assert.equal((await page.locator('strong.level').textContent()).trim(), 'Journeyer');
  assert.match(await page.content(), /seed<\/a> certified walker as Journeyer/);
  await site.logOut();

  await page.goto(`${origin}/person/walker/`);
  assert.match(await page.content(), /\[ Certification disabled because you're not logged in\. \]/);
});

test('a visitor cannot certify: no form, and a forged POST is refused', async () => {
  await browser.context.clearCookies();
  await page.goto(`${origin}/person/seed/`);
  assert.equal(await page.locator('form[action$="/certify"]').count(), 0);
  assert.match(await page.content(), /Certification disabled because you're not logged in/);
  // A forged POST from the visitor's own browser, with and without a token.
  for (const csrf of ['forged', '']) {
    const r = await page.request.post(`${origin}/person/seed/certify`,
                                      { form: { level: 'Master', csrf } });
    assert.equal(r.status(), 403);
  }
  await page.goto(`${origin}/person/seed/`);
  assert.match(await page.content(), /Others have certified seed as follows:<\/h3>\s*\n?\s*<p class="muted">None\.<\/p>/);
});

test('pages carry the security headers and no script', async () => {
  const r = await page.goto(`${origin}/person/walker/`);
  const headers = r.headers();
  assert.match(headers['content-security-policy'], /frame-ancestors 'none'/);
  assert.doesNotMatch(headers['content-security-policy'], /unsafe-inline/);
  assert.equal(headers['x-content-type-options'], 'nosniff');
  assert.ok(headers['referrer-policy']);
  assert.equal(await page.locator('script').count(), 0);
});

test('a page asks for nothing the site does not have (its style sheet, its icon)', async () => {
  const failed = [];
  const listener = (response) => { if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`); };
  page.on('response', listener);
  try {
    for (const path of ['/', '/person/walker/', '/article/']) {
      await page.goto(`${origin}${path}`);
      await page.waitForLoadState('networkidle');
    }
  } finally {
    page.off('response', listener);
  }
  assert.deepEqual(failed, []);
  // The icon the page names (else browsers ask for /favicon.ico, which is not there).
  const href = await page.locator('head link[rel="icon"]').getAttribute('href');
  const icon = await page.request.get(new URL(href, page.url()).href);
  assert.equal(icon.status(), 200);
  assert.equal(icon.headers()['content-type'], 'image/svg+xml');
  assert.match(await icon.text(), /^<svg /);
});

test('screenshots of a person page, wide and on a phone', async () => {
  await mkdir(RESULTS, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${origin}/person/walker/`);
  await page.screenshot({ path: join(RESULTS, 'person-wide.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: join(RESULTS, 'person-phone.png'), fullPage: true });
  // Readable on a phone: nothing wider than the screen.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than a phone`);
});
