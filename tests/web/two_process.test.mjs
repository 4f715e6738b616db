// Beyond one machine (issue 6): two `journeyer serve` processes on one
// PostgreSQL database behind nginx as the load balancer. A certificate given
// through the balancer shows up as the same new level through both
// processes, and a session made on one is good on the other. Only one
// process computes levels (it holds PostgreSQL's advisory lock, and says so
// in its log); the other adopts what it publishes, and takes over when the
// computing process goes away.
//
// Needs JOURNEYER_BIN, JOURNEYER_PG_STATE and JOURNEYER_PG_CLUSTER (see
// tests/web/CMakeLists.txt); nginx from Debian.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { FormClient } from '../browser/site.mjs';

const BIN = process.env.JOURNEYER_BIN;
const NGINX = process.env.JOURNEYER_NGINX || '/usr/sbin/nginx';
// A bound for the test, not a measurement: levels reach both processes well within it.
const LEVEL_WAIT_MS = 15000;

let dir, db;
const children = [];
const origins = [];
const logs = [];  // each serve process's output, by origin index
const serves = [];
let balancer;

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

function startServe(config) {
  const child = spawn(BIN, ['serve', '--db', db, '--config', config, '--listen', '127.0.0.1:0'],
                      { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  serves.push(child);
  const log = { text: '' };
  logs.push(log);
  child.stderr.on('data', (d) => { log.text += d; });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d) => {
      log.text += d;
      const m = log.text.match(/on (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`journeyer serve exited (${code}): ${log.text}`)));
  });
}

async function waitFor(url) {
  for (let i = 0; i < 100; ++i) {
    try { if ((await fetch(url)).ok) return; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not come up`);
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'journeyer-two-process-'));
  db = execFileSync(process.env.JOURNEYER_PG_CLUSTER,
                    ['createdb', process.env.JOURNEYER_PG_STATE, `web_two_${process.pid}`]).toString().trim();
  const config = join(dir, 'site.toml');
  await writeFile(config, '[trust]\nseeds = ["seed"]\n');
  execFileSync(BIN, ['admin', 'create', 'seed', '--db', db, '--config', config, '--password-stdin'],
               { input: 'seed-password-42\n' });
  execFileSync(BIN, ['admin', 'create', 'target', '--db', db, '--config', config]);
  origins.push(await startServe(config));
  origins.push(await startServe(config));
  const port = await freePort();
  await mkdir(join(dir, 'nginx'));
  const conf = join(dir, 'nginx', 'nginx.conf');
  const upstreams = origins.map((o) => `server ${o.replace('http://', '')};`).join(' ');
  await writeFile(conf, `daemon off; pid ${dir}/nginx/nginx.pid; error_log ${dir}/nginx/error.log;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/nginx/body; proxy_temp_path ${dir}/nginx/proxy;
  fastcgi_temp_path ${dir}/nginx/fastcgi; uwsgi_temp_path ${dir}/nginx/uwsgi; scgi_temp_path ${dir}/nginx/scgi;
  upstream journeyer { ${upstreams} }
  server { listen 127.0.0.1:${port}; location / { proxy_pass http://journeyer; proxy_set_header Host $host; } }
}
`);
  const nginx = spawn(NGINX, ['-e', `${dir}/nginx/error.log`, '-p', `${dir}/nginx`, '-c', conf], { stdio: 'ignore' });
  children.push(nginx);
  balancer = `http://127.0.0.1:${port}`;
  await waitFor(`${balancer}/`);
});

after(async () => {
  for (const c of children.reverse()) {
    if (c.exitCode !== null) continue;
    const exited = new Promise((resolve) => c.on('exit', resolve));
    c.kill('SIGTERM');
    await exited;
  }
  if (dir) await rm(dir, { recursive: true, force: true });
});

// How many times each serve process computed the levels, from its log.
const computations = () => logs.map((l) => (l.text.match(/levels computed here/g) || []).length);

async function levelVia(origin, name) {
  const res = await fetch(`${origin}/person/${name}/`);
  const m = (await res.text()).match(/<strong class="level">([^<]+)<\/strong>/);
  return m ? m[1] : '';
}

test('a certificate through the balancer shows the same new level through both processes', async () => {
  for (const o of origins) assert.equal(await levelVia(o, 'target'), 'Observer');
  const seed = new FormClient(balancer);
  await seed.get('/account/login');
  assert.equal((await seed.post('/account/login', { name: 'seed', password: 'seed-password-42' })).status, 303);
  // The session lives in the database: good on either process.
  for (const o of origins) assert.match((await seed.get('/person/target/', o)).body, /Certify target as/);
  // The process that does not compute only asks the other to: its
  // certificate page does not wait, and says the levels are on their way.
  await seed.get('/person/target/', origins[1]);
  const direct = await seed.post('/person/target/certify', { level: 'Apprentice' }, origins[1]);
  assert.equal(direct.status, 303);
  assert.equal(direct.location, '/person/target/?certified=pending');
  await seed.get('/person/target/', origins[1]);
  assert.equal((await seed.post('/person/target/certify', { level: 'Master' })).status, 303);
  const levels = [];
  for (const o of origins) {
    let level = await levelVia(o, 'target');
    for (const start = Date.now(); level !== 'Master' && Date.now() - start < LEVEL_WAIT_MS;) {
      await new Promise((r) => setTimeout(r, 100));
      level = await levelVia(o, 'target');
    }
    levels.push(level);
  }
  assert.deepEqual(levels, ['Master', 'Master']);
  // One process computed (at start and after the certificate); the other
  // never did, and adopted the levels the first published.
  assert.ok(computations()[0] >= 2, logs[0].text);
  assert.equal(computations()[1], 0, logs[1].text);
  assert.match(logs[1].text, /another process computes the levels/);
  assert.match(logs[1].text, /adopted from another process/);
});

async function waitForLevel(origin, name, want) {
  let level = await levelVia(origin, name);
  for (const start = Date.now(); level !== want && Date.now() - start < LEVEL_WAIT_MS;) {
    await new Promise((r) => setTimeout(r, 100));
    level = await levelVia(origin, name);
  }
  return level;
}

test('when the computing process stops, the other takes over', async () => {
  const first = serves[0];
  const exited = new Promise((resolve) => first.on('exit', resolve));
  first.kill('SIGTERM');
  await exited;
  const before = computations()[1];
  const seed = new FormClient(origins[1]);
  await seed.get('/account/login');
  assert.equal((await seed.post('/account/login', { name: 'seed', password: 'seed-password-42' })).status, 303);
  await seed.get('/person/target/');
  assert.equal((await seed.post('/person/target/certify', { level: 'Journeyer' })).status, 303);
  assert.equal(await waitForLevel(origins[1], 'target', 'Journeyer'), 'Journeyer');
  assert.ok(computations()[1] > before, logs[1].text);
});
