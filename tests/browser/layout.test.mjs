// Layout in chromium at common widths: the header of a logged-in member or
// administrator is one row at 1024px, its links look alike (none
// underlined until hovered), and no page scrolls sideways on a 375px phone:
// wide tables (the audit log) scroll in their own box.
//
// JOURNEYER_BIN names the journeyer binary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, FormClient } from './site.mjs';

const MEMBERS = { alice: 'alice-pass-1234', boss: 'boss-pass-1234' };
let site, origin, page;

before(async () => {
  site = await startSite({ name: 'layout', members: MEMBERS,
                           config: 'name = "Journeyer demo"\nadmins = ["boss"]\n[trust]\nseeds = ["boss"]\n' });
  ({ origin, page } = site);
});

after(async () => {
  if (site) assert.equal(await site.stop(), 0, `graceful shutdown on SIGTERM: ${site.output}`);
});

// The tops of the header's links and buttons (brand, site links, account
// links, the log-out button): one row when they are all about the same.
async function headerRows() {
  return page.evaluate(() => {
    const tops = [...document.querySelectorAll('header.site a:not(.skip), header.site button')]
      .map((e) => e.getBoundingClientRect())
      .map((r) => Math.round(r.top + r.height / 2));
    const rows = [];
    for (const t of tops) if (!rows.some((r) => Math.abs(r - t) <= 8)) rows.push(t);
    return rows.length;
  });
}

async function sidewaysScroll() {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

for (const who of ['alice', 'boss']) {
  test(`${who}'s header is one row at 1024px, with its links alike`, async () => {
    await site.logIn(who);
    try {
      for (const width of [1280, 1024]) {
        await page.setViewportSize({ width, height: 800 });
        await page.goto(`${origin}/person/${who}/`);
        assert.equal(await headerRows(), 1, `one row at ${width}px`);
      }
      const decoration = (locator) => locator.evaluate((e) => getComputedStyle(e).textDecorationLine);
      assert.equal(await decoration(page.getByRole('button', { name: 'Log out' })), 'none');
      assert.equal(await decoration(page.getByRole('link', { name: 'Profile', exact: true })), 'none');
      // Narrower, it wraps into rows, but the page keeps its width.
      for (const width of [768, 375]) {
        await page.setViewportSize({ width, height: 800 });
        await page.goto(`${origin}/person/${who}/`);
        assert.equal(await sidewaysScroll(), 0, `no sideways scroll at ${width}px`);
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
      await site.logOut();
    }
  });
}

test('no page scrolls sideways on a 375px phone; the audit log scrolls in its own box', async () => {
  await site.logIn('boss');
  try {
    await page.setViewportSize({ width: 375, height: 800 });
    for (const path of ['/', '/person/', '/person/alice/', '/person/boss/', '/proj/', '/admin/']) {
      await page.goto(`${origin}${path}`);
      assert.equal(await sidewaysScroll(), 0, `${path} keeps to the phone's width`);
    }
    // The audit log is wider than the phone: its box scrolls instead.
    await page.goto(`${origin}/admin/`);
    const box = page.locator('div.wide', { has: page.getByRole('columnheader', { name: 'Detail' }) });
    const { scrollWidth, clientWidth } = await box.evaluate((e) => ({ scrollWidth: e.scrollWidth, clientWidth: e.clientWidth }));
    assert.ok(scrollWidth > clientWidth, `the audit log is ${scrollWidth}px in a ${clientWidth}px box`);
  } finally {
    await page.setViewportSize({ width: 1280, height: 800 });
    await site.logOut();
  }
});

// A 20-deep chain of answers, the deepest as wide as a phone allows: the
// indentation stops at six levels and the page keeps the phone's width.
test('a deep thread keeps to a 375px phone, its deepest answers readable', async () => {
  const boss = new FormClient(origin);
  await boss.get('/account/login');
  assert.equal((await boss.post('/account/login', { name: 'boss', password: MEMBERS.boss })).status, 303);
  const form = await boss.get('/article/new');
  const key = (body) => body.match(/name="submission" value="([^"]+)"/)[1];
  const posted = await boss.post('/article/new', { title: 'Deep', lead: 'A long talk.', submission: key(form.body), post: '1' });
  assert.equal(posted.status, 303);
  const article = posted.location.split('?')[0];
  const base = article.replace(/\.html$/, '');
  let parent = '';
  for (let i = 1; i <= 20; i++) {
    const f = await boss.get(`${base}/reply${parent ? `?to=${parent}` : ''}`);
    const fields = { title: `Level ${i}`, body: `<p>Answer number ${i}, long enough to need a line of its own.</p>`,
                     submission: key(f.body), post: '1' };
    if (parent) fields.to = parent;
    const r = await boss.post(`${base}/reply`, fields);
    assert.equal(r.status, 303, r.body);
    parent = r.location.split('#reply-')[1];
  }
  try {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.goto(`${origin}${article}`);
    assert.equal(await sidewaysScroll(), 0, 'the thread keeps to the phone\'s width');
    const deepest = page.locator(`#reply-${parent} .reply-body`);
    const width = await deepest.evaluate((e) => e.getBoundingClientRect().width);
    assert.ok(width > 250, `the deepest answer is ${width}px wide`);
    await assert.doesNotReject(deepest.getByText('Answer number 20').waitFor());
    // It says whom it answers, where the indentation no longer does.
    assert.equal(await page.locator(`#reply-${parent}`).getByRole('link', { name: 'Level 19' }).count(), 1);
  } finally {
    await page.setViewportSize({ width: 1280, height: 800 });
  }
});
