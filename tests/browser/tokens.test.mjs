// Personal API tokens on the account page, in a real browser (issue 8): a
// member makes a token, sees it once, a program uses it, the member revokes
// it and the program is refused.
//
// JOURNEYER_BIN names the journeyer binary; the store is a temporary SQLite
// file (tests/web/api.test.mjs runs the API on PostgreSQL too).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite } from './site.mjs';

const PASSWORD = 'writer-password-42';

let site, origin, page;

before(async () => {
  site = await startSite({ name: 'tokens', members: { writer: PASSWORD }, config: '[trust]\nseeds = ["writer"]\n' });
  ({ origin, page } = site);
});

after(async () => {
  if (site) await site.stop();
});

// What a program outside the browser gets with the token.
async function me(token) {
  const res = await fetch(`${origin}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, json: await res.json() };
}

test('a member makes an API token on the account page, a program uses it, the member revokes it', async () => {
  await site.logIn('writer');

  await page.getByRole('link', { name: 'Profile', exact: true }).click();
  await page.getByRole('link', { name: 'API tokens' }).click();
  await page.waitForURL(`${origin}/account/tokens`);
  assert.match(await page.locator('main').textContent(), /None\./);
  await page.getByLabel('Name').fill('diary poster');
  await page.getByRole('button', { name: 'Make token' }).click();
  await page.waitForURL(/\/account\/tokens\?made=\d+$/);
  const shown = page.getByLabel('New token', { exact: true });
  const token = (await shown.textContent()).trim();
  assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  assert.match(await page.content(), /shown only this once/);
  assert.equal(await page.getByRole('cell', { name: 'diary poster', exact: true }).count(), 1);
  assert.ok(!page.url().includes(token), 'the token is never in the address');

  // Reloading the page makes no second token and does not show this one again.
  await page.reload();
  assert.equal(await page.getByRole('cell', { name: 'diary poster', exact: true }).count(), 1);
  assert.equal(await shown.count(), 0);
  assert.doesNotMatch(await page.content(), new RegExp(token));
  assert.match(await page.locator('main').textContent(), /shown once, when it was made, and is not shown again/);

  const ok = await me(token);
  assert.equal(ok.status, 200);
  assert.equal(ok.json.name, 'writer');

  // Shown once: the list page never carries the token again.
  await page.goto(`${origin}/account/tokens`);
  assert.doesNotMatch(await page.content(), new RegExp(token));
  await page.getByRole('button', { name: 'Revoke diary poster' }).click();
  await page.waitForURL(`${origin}/account/tokens?revoked=1`);
  assert.match(await page.getByRole('status').textContent(), /revoked/);
  assert.equal(await page.getByRole('cell', { name: 'diary poster', exact: true }).count(), 0);

  const refused = await me(token);
  assert.equal(refused.status, 401);
  assert.equal(refused.json.error.code, 'invalid_token');
});

test('a forged POST cannot make or revoke a token', async () => {
  for (const path of ['/account/tokens', '/account/tokens/1/revoke']) {
    const r = await page.request.post(`${origin}${path}`, { form: { label: 'forged', csrf: 'forged' } });
    assert.equal(r.status(), 403);
  }
});
