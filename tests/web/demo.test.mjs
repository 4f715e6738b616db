// `make demo`'s script (scripts/demo), as a newcomer meets it: the first
// run imports the real Advogato graph, makes the demo accounts, prints their
// passwords and serves the site; a second run reuses the database, and the
// same passwords still log in. It runs in a copy of the files the script
// reads (so the repository's demo/ folder is left alone), with
// JOURNEYER_BIN naming the binary and JOURNEYER_LISTEN a free loopback port.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { FormClient, BIN } from '../browser/site.mjs';

const SOURCE = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ACCOUNTS = ['admin', 'seed', 'alice', 'erin', 'peggy'];
const work = mkdtempSync(join(tmpdir(), 'journeyer-demo-'));
for (const dir of ['scripts', 'demo', 'tests/data']) mkdirSync(join(work, dir), { recursive: true });
copyFileSync(join(SOURCE, 'scripts/demo'), join(work, 'scripts/demo'));
copyFileSync(join(SOURCE, 'demo/site.toml'), join(work, 'demo/site.toml'));
symlinkSync(join(SOURCE, 'tests/data/advogato-graph-latest.dot.gz'), join(work, 'tests/data/advogato-graph-latest.dot.gz'));

// Every server a run started, so that none outlives the test, whatever
// fails: each runs in a process group of its own (the script execs
// journeyer serve), which the end of the file kills.
const started = new Set();
function killAll() {
  for (const child of started) {
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone already */ }
  }
  started.clear();
}
process.on('exit', killAll);
after(() => {
  killAll();
  rmSync(work, { recursive: true, force: true });
});

function freePort() {
  return new Promise((done, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => done(port));
    });
  });
}

// One run of the script on a free port, until the site answers (or the
// script stops, or SERVE_WAIT_MS pass).
const SERVE_WAIT_MS = 90_000;
async function startDemo() {
  const port = await freePort();
  const child = spawn('bash', [join(work, 'scripts/demo')], {
    env: { ...process.env, JOURNEYER_BIN: BIN, JOURNEYER_LISTEN: `127.0.0.1:${port}` },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  started.add(child);
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const exited = new Promise((done) => child.on('exit', (code) => {
    started.delete(child);
    done(code);
  }));
  const serving = await new Promise((done) => {
    const timer = setTimeout(() => done(false), SERVE_WAIT_MS);
    const look = () => {
      if (!/serving .* on http/.test(output)) return;
      clearTimeout(timer);
      done(true);
    };
    child.stdout.on('data', look);
    exited.then(() => {
      clearTimeout(timer);
      done(false);
    });
  });
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGTERM');
    return exited;
  };
  return { serving, output: () => output, origin: `http://127.0.0.1:${port}`, stop };
}

// Runs the script until the site answers; returns what it printed, the
// passwords it listed, the site's origin and a stop() that answers the
// server's exit code. The free port is looked up before the script binds
// it, so another program may take it in between: then the run is tried
// again on another.
async function runDemo() {
  if (!BIN) throw new Error('set JOURNEYER_BIN to the journeyer binary');
  for (let attempt = 1; ; ++attempt) {
    const run = await startDemo();
    if (run.serving) {
      const output = run.output();
      const passwords = {};
      for (const m of output.matchAll(/^ {2}(\w+)\s+(\S+)\s{3}/gm)) passwords[m[1]] = m[2];
      return { output, passwords, origin: run.origin, stop: run.stop };
    }
    await run.stop();
    const output = run.output();
    if (attempt < 3 && /cannot listen on/.test(output)) continue;
    throw new Error(`scripts/demo did not serve the site:\n${output}`);
  }
}

async function logIn(origin, name, password) {
  const c = new FormClient(origin);
  await c.get('/account/login');
  const r = await c.post('/account/login', { name, password });
  return { client: c, ...r };
}

test('make demo: the first run fills a database, lists the demo accounts and serves the site', { timeout: 120_000 }, async () => {
  const run = await runDemo();
  try {
    assert.match(run.output, /importing the Advogato certificate graph/);
    assert.deepEqual(Object.keys(run.passwords).sort(), [...ACCOUNTS].sort(), run.output);
    for (const p of Object.values(run.passwords)) assert.ok(p.length >= 12, `a password worth the name: ${p}`);
    assert.match(run.output, new RegExp(`Open ${run.origin}/`));

    const home = await fetch(run.origin + '/');
    assert.equal(home.status, 200);
    assert.match(await home.text(), /Journeyer demo/);
    // The real graph's levels: raph is one of Advogato's seeds.
    const raph = await (await fetch(run.origin + '/person/raph/')).text();
    assert.match(raph, /raph is currently certified at <strong class="level">Master<\/strong> level/);

    const seed = await logIn(run.origin, 'seed', run.passwords.seed);
    assert.equal(seed.status, 303, seed.body);
    assert.equal(seed.location, '/person/seed/');
    const wrong = await logIn(run.origin, 'seed', run.passwords.seed + 'x');
    assert.notEqual(wrong.status, 303, 'a wrong password does not log in');
  } finally {
    assert.equal(await run.stop(), 0, 'the server stops cleanly on SIGTERM');
  }
});

test('make demo: a second run reuses the database and the same passwords', { timeout: 120_000 }, async () => {
  const run = await runDemo();
  try {
    assert.match(run.output, /reusing .*site\.db/);
    assert.doesNotMatch(run.output, /importing/);
    assert.deepEqual(Object.keys(run.passwords).sort(), [...ACCOUNTS].sort(), run.output);
    const alice = await logIn(run.origin, 'alice', run.passwords.alice);
    assert.equal(alice.status, 303, alice.body);
    assert.equal(alice.location, '/person/alice/');
  } finally {
    assert.equal(await run.stop(), 0);
  }
});
