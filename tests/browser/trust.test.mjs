// Making trust visible (issue 9), in a real browser: the picture of a
// member's certification neighbourhood on /person/NAME/trust, the attack
// simulation on /trust/attack, and the chart of members per level over time
// on /trust/. A small graph with known names is imported into a temporary
// SQLite database, and `journeyer serve` runs on a free loopback port.
//
// JOURNEYER_BIN names the journeyer binary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startSite, BIN } from './site.mjs';

const LEVEL_WAIT_MS = 15000;
const SEED_PASSWORD = 'seed-password-42';

const GRAPH = `digraph G {
  seed -> alice [level="Master"];
  seed -> bob [level="Journeyer"];
  alice -> carol [level="Master"];
  bob -> carol [level="Apprentice"];
  erin -> carol [level="Master"];
  carol -> dave [level="Journeyer"];
  frank -> erin [level="Journeyer"];
}
`;

let site, origin, page;

before(async () => {
  site = await startSite({
    name: 'trust-browser', members: { seed: SEED_PASSWORD }, config: 'name = "Journeyer test"\n[trust]\nseeds = ["seed"]\n',
    prepare: async ({ dir, db }) => {
      await writeFile(join(dir, 'graph.dot'), GRAPH);
      execFileSync(BIN, ['import', 'advogato-graph', join(dir, 'graph.dot'), '--db', db]);
    },
  });
  ({ origin, page } = site);
});

// The exit code is not checked here: graphviz's fontconfig keeps memory to
// the end, which the leak checker of a sanitizer build reports.
after(async () => {
  if (site) await site.stop();
});

// Whether the <img> on the page has loaded an image.
async function loaded(img) {
  return img.evaluate((el) => el.complete && el.naturalWidth > 0);
}

test('the neighbourhood picture shows who certified the member and whom they certified', async () => {
  const r = await page.goto(`${origin}/person/carol/trust`);
  assert.equal(r.status(), 200);
  const img = page.getByRole('img', { name: /Certificates around carol/ });
  assert.ok(await loaded(img), 'the picture loads');
  const certifiers = await page.locator('ul.certifiers a').allTextContents();
  assert.deepEqual(certifiers.sort(), ['alice', 'bob', 'erin']);
  assert.deepEqual(await page.locator('ul.certified a').allTextContents(), ['dave']);

  // The picture itself: an SVG document with the names, the chain in orange.
  const svg = await page.goto(`${origin}/person/carol/trust.svg`);
  assert.equal(svg.headers()['content-type'], 'image/svg+xml');
  assert.match(svg.headers()['content-security-policy'], /default-src 'none'/);
  const names = await page.locator('g.node text').allTextContents();
  for (const n of ['carol', 'alice', 'bob', 'erin', 'dave', 'seed', 'frank']) assert.ok(names.includes(n), `${n} in ${names}`);
  const stroke = async (title) =>
    page.locator('g.edge', { has: page.locator('title', { hasText: title }) }).locator('path').first().getAttribute('stroke');
  assert.equal(await stroke('alice->carol'), '#d94801');
  assert.equal(await stroke('seed->alice'), '#d94801');
  assert.notEqual(await stroke('bob->carol'), '#d94801');
  assert.equal(await page.locator('script').count(), 0);
});

test('the attack page admits no more fakes than Levien\'s bound', async () => {
  await page.goto(`${origin}/trust/attack`);
  await page.getByLabel('Fake accounts').fill('500');
  await page.getByLabel('Or name them').fill('alice bob');
  await page.getByLabel('They certify a fake as').selectOption('Master');
  await page.getByRole('button', { name: 'Run the simulation' }).click();
  await page.waitForURL(/\/trust\/attack\?/);
  const rows = page.locator('table.attack tbody tr');
  assert.equal(await rows.count(), 3);  // Master, Journeyer, Apprentice
  for (let i = 0; i < 3; ++i) {
    const fakes = Number(await rows.nth(i).locator('td.fakes-in').textContent());
    const bound = Number(await rows.nth(i).locator('td.bound').textContent());
    assert.ok(fakes <= bound, `${fakes} fakes admitted, bound ${bound}`);
  }
  assert.ok(Number(await rows.nth(0).locator('td.bound').textContent()) > 0);
  assert.match(await page.locator('p.sentence').textContent(), /Of the 500 fake accounts, \d+ got in/);

  // Out of bounds: a clear message, no simulation.
  await page.goto(`${origin}/trust/attack?fakes=99999999&confused=1&level=Master`);
  assert.match(await page.locator('.error').textContent(), /between 1 and/);
});

test('the chart of members per level grows with each computation', async () => {
  await page.goto(`${origin}/account/login`);
  await page.getByLabel('Account name').fill('seed');
  await page.getByLabel('Password').fill(SEED_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL(`${origin}/person/seed/`);
  await page.goto(`${origin}/person/dave/`);
  await page.getByLabel('Certify dave as').selectOption('Master');
  await page.getByRole('button', { name: 'Certify' }).click();
  await page.waitForURL(/certified=1/);
  let rows = 0;
  for (const start = Date.now(); rows < 2 && Date.now() - start < LEVEL_WAIT_MS;) {
    await page.goto(`${origin}/trust/`);
    rows = await page.locator('table.history tbody tr').count();
    if (rows < 2) await page.waitForTimeout(100);
  }
  assert.ok(rows >= 2, 'two computations recorded');
  const img = page.getByRole('img', { name: /Members per level over time/ });
  assert.ok(await loaded(img), 'the chart loads');
  await page.goto(`${origin}/trust/levels.svg`);
  assert.equal(await page.locator('polyline').count(), 3);  // one line per level above Observer
  assert.ok((await page.locator('text.legend').allTextContents()).some((t) => /^Master \(\d+\)$/.test(t)));
});

// On a phone (375 px wide): the page itself never scrolls sideways; wide
// tables and the pictures scroll inside their own boxes, and the pictures
// keep a size whose labels can be read.
test('on a phone\'s width the trust pages fit, and wide parts scroll in their own box', async () => {
  await page.setViewportSize({ width: 375, height: 740 });
  try {
    const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);
    await page.goto(`${origin}/trust/`);
    assert.ok(await page.locator('table.history tbody tr').count() >= 1);
    assert.ok(await fits(), '/trust/ scrolls sideways');
    const chart = page.getByRole('img', { name: /Members per level over time/ });
    assert.ok(await loaded(chart));
    assert.equal((await chart.boundingBox()).width, 720, 'the chart keeps its own width');
    const box = page.locator('.picture-scroll');
    assert.ok(await box.evaluate((el) => el.scrollWidth > el.clientWidth), 'the chart scrolls in its box');

    await page.goto(`${origin}/trust/attack?fakes=500&names=alice+bob&level=Master`);
    assert.equal(await page.locator('table.attack tbody tr').count(), 3);
    assert.ok(await fits(), 'the attack results scroll sideways');

    await page.goto(`${origin}/person/carol/trust`);
    const picture = page.getByRole('img', { name: /Certificates around carol/ });
    assert.ok(await loaded(picture));
    const natural = await picture.evaluate((el) => el.naturalWidth);
    assert.ok((await picture.boundingBox()).width >= natural, 'the picture keeps its own width');
    assert.ok(await fits(), 'the neighbourhood page scrolls sideways');
  } finally {
    await page.setViewportSize({ width: 1280, height: 720 });  // Playwright's default
  }
});
