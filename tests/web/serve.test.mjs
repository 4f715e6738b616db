// `journeyer serve` over real HTTP. --base-url: the address a site is
// reached at can differ from the one in its configuration (the demo on
// another port, a site behind a proxy); links in feeds and FOAF use the
// address given, an https address marks the session cookie Secure, and a
// bad one is refused before the server starts. And what a person at a
// browser gets for a request the site cannot read (a form too large, an
// address that is not UTF-8): a page of the site saying so, not bare text.
//
// JOURNEYER_BIN names the journeyer binary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect } from 'node:net';
import { startSite, FormClient, BIN } from '../browser/site.mjs';

const PASSWORDS = { alice: 'alice-password-42' };
const MAX_BODY_KIB = 800;
const ANONYMOUS_PER_MINUTE = 3;
let site;

before(async () => {
  site = await startSite({
    name: 'baseurl', members: PASSWORDS, browser: false,
    // The test connects from 127.0.0.1, as a reverse proxy on the same machine would.
    config: `name = "Base URL test"\nbase_url = "http://127.0.0.1:8080"\ntrusted_proxies = ["127.0.0.1"]\n` +
            `api_anonymous_per_minute = ${ANONYMOUS_PER_MINUTE}\n[trust]\nseeds = ["alice"]\n`,
    serveArgs: ['--base-url', 'https://community.example/'],
  });
});

after(async () => {
  if (site) await site.stop();
});

test('feeds and FOAF link to the address given, not the configuration\'s', async () => {
  const expected = {
    '/rss.xml': 'https://community.example/', '/atom.xml': 'https://community.example/',
    '/person/alice/rss.xml': 'https://community.example/person/alice/',
    '/person/alice/foaf.rdf': 'https://community.example/person/alice/',
  };
  for (const [path, link] of Object.entries(expected)) {
    const r = await fetch(site.origin + path);
    assert.equal(r.status, 200, path);
    const body = await r.text();
    assert.ok(body.includes(link), `${path} links to ${link}: ${body.slice(0, 600)}`);
    assert.doesNotMatch(body, /127\.0\.0\.1:8080/, path);
    assert.doesNotMatch(body, /community\.example\/\//, `${path}: no doubled slash`);
  }
});

test('an https address marks the session cookie Secure', async () => {
  const c = new FormClient(site.origin);
  await c.get('/account/login');
  const r = await fetch(site.origin + '/account/login', {
    method: 'POST', redirect: 'manual',
    body: new URLSearchParams({ name: 'alice', password: PASSWORDS.alice, csrf: c.csrf }).toString(),
    headers: { cookie: c.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(r.status, 303);
  const session = r.headers.getSetCookie().find((h) => /Secure/.test(h) && /HttpOnly/.test(h));
  assert.ok(session, `a Secure session cookie: ${r.headers.getSetCookie().join(' | ')}`);
});

test('an address that is not http or https, or names no host, is refused before serving', () => {
  const cases = [['ftp://community.example', /--base-url: base_url must start with http:\/\/ or https:\/\//],
                 ['https://', /--base-url: base_url must name a host/],
                 ['http:///path', /--base-url: base_url must name a host/]];
  for (const [url, message] of cases) {
    const r = spawnSync(BIN, ['serve', '--db', site.db, '--config', site.config, '--listen', '127.0.0.1:0',
                              '--base-url', url], { encoding: 'utf8', timeout: 20000 });
    assert.equal(r.status, 2, `${url}: ${r.stderr}`);
    assert.match(r.stderr, message, url);
  }
});

test('a form too large to read gets a page of the site, for the member logged in', async () => {
  const c = new FormClient(site.origin);
  await c.get('/account/login');
  const login = await c.post('/account/login', { name: 'alice', password: PASSWORDS.alice });
  assert.equal(login.status, 303);
  await c.get('/diary/post');
  const r = await fetch(site.origin + '/diary/post', {
    method: 'POST', redirect: 'manual',
    body: new URLSearchParams({ title: 'Huge', body: 'x'.repeat((MAX_BODY_KIB + 100) * 1024), csrf: c.csrf, save: '1' })
      .toString(),
    headers: { cookie: c.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(r.status, 413);
  assert.match(r.headers.get('content-type'), /^text\/html/);
  const body = await r.text();
  assert.match(body, new RegExp(`larger than this site takes \\(${MAX_BODY_KIB} KiB\\)`));
  assert.match(body, /nothing was saved/);
  assert.match(body, /href="\/person\/alice\/"/, 'the header knows who is logged in');
  // Nothing was posted, and the site goes on serving.
  assert.equal((await c.get('/person/alice/diary.html')).body.includes('Huge'), false);
});

test('an address that cannot be read gets a page of the site', async () => {
  for (const path of ['/person/%FF/', '/person/alice/?x=%FF']) {
    const r = await fetch(site.origin + path);
    assert.equal(r.status, 400, path);
    assert.match(r.headers.get('content-type'), /^text\/html/, path);
    assert.match(await r.text(), /This address cannot be read: .*UTF-8/, path);
  }
  // A method the address does not take: a page of the site, and the methods it does take.
  for (const [path, method, allow] of [['/account/login', 'PUT', 'GET, HEAD, POST'],
                                       ['/account/login', 'DELETE', 'GET, HEAD, POST'],
                                       ['/person/alice/', 'PATCH', 'GET, HEAD'],
                                       ['/person/alice/certify', 'GET', 'POST']]) {
    const r = await fetch(site.origin + path, { method, redirect: 'manual' });
    assert.equal(r.status, 405, `${method} ${path}`);
    assert.equal(r.headers.get('allow'), allow, `${method} ${path}`);
    assert.match(r.headers.get('content-type'), /^text\/html/, `${method} ${path}`);
    assert.match(await r.text(), /This address does not take that kind of request/, `${method} ${path}`);
  }
  // An address that is not there at all stays a 404, whatever the method.
  assert.equal((await fetch(site.origin + '/no/such/page', { method: 'DELETE' })).status, 404);
});

test('behind a trusted proxy, each visitor named by X-Forwarded-For has limits of their own', async () => {
  // Every XML-RPC call counts against the limit per address (no page cache in front).
  const call = '<?xml version="1.0"?><methodCall><methodName>user.exists</methodName>' +
               '<params><param><value><string>alice</string></value></param></params></methodCall>';
  const limited = async (forwarded) => {
    const headers = { 'content-type': 'text/xml' };
    if (forwarded) headers['x-forwarded-for'] = forwarded;
    const r = await fetch(site.origin + '/XMLRPC', { method: 'POST', headers, body: call });
    assert.equal(r.status, 200);
    return /Too many requests from your address/.test(await r.text());
  };
  for (let i = 0; i < ANONYMOUS_PER_MINUTE; ++i) assert.equal(await limited('198.51.100.1'), false, `call ${i + 1}`);
  assert.equal(await limited('198.51.100.1'), true, 'the first visitor has used up the limit');
  // Writing another address in front does not escape it: the proxy appends the one it saw.
  assert.equal(await limited('192.0.2.50, 198.51.100.1'), true);
  // Another visitor behind the same proxy is not limited by the first.
  assert.equal(await limited('198.51.100.2'), false);
  // Requests without the header count as the proxy's own address.
  assert.equal(await limited(undefined), false);
  // A proxy that adds its own header line after the visitor's: the lines are
  // one list, and the proxy's line, last, names the visitor.
  const twoLines = (visitorLine) => new Promise((resolve, reject) => {
    const { port } = new URL(site.origin);
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(`POST /XMLRPC HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\n` +
                   `X-Forwarded-For: ${visitorLine}\r\nX-Forwarded-For: 198.51.100.1\r\n` +
                   `Content-Length: ${Buffer.byteLength(call)}\r\nConnection: close\r\n\r\n${call}`);
    });
    let answer = '';
    socket.on('data', (d) => { answer += d; });
    socket.on('end', () => resolve(/Too many requests from your address/.test(answer)));
    socket.on('error', reject);
  });
  assert.equal(await twoLines('203.0.113.9'), true, 'a first line of its own does not escape the limit');
  assert.equal(await twoLines('203.0.113.10'), true);
});

test('a trusted proxy that is not an IP address is refused before the server starts', () => {
  const config = join(site.dir, 'proxy-by-name.toml');
  writeFileSync(config, 'trusted_proxies = ["proxy.example"]\n');
  const r = spawnSync(BIN, ['serve', '--config', config, '--db', site.db, '--listen', '127.0.0.1:0'],
                      { encoding: 'utf8', timeout: 20000 });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /trusted_proxies: "proxy.example" is not an IP address/);
});


// Password reset by mail: [mail] names a sendmail-compatible program (here a
// script that keeps what it is given), and the link it carries works once.
test('a member who forgot the password gets a link by mail and chooses a new one', async () => {
  let mailDir;
  const mailSite = await startSite({
    name: 'mail', browser: false,
    config: '',  // written by prepare, which knows the folder
    prepare: async ({ dir, db, config }) => {
      mailDir = dir;
      const sendmail = join(dir, 'sendmail');
      // The message lands whole, by a rename, once the program has read it.
      writeFileSync(sendmail, `#!/bin/sh\nprintf '%s\\n' "$@" > "${dir}/mail-args"\ncat > "${dir}/mail.part"\n` +
                              `mv "${dir}/mail.part" "${dir}/mail"\n`, { mode: 0o700 });
      writeFileSync(config, `name = "Mail test"\n[mail]\nsendmail = "${sendmail}"\nfrom = "site@mail.example"\n`);
      spawnSync(BIN, ['admin', 'create', 'forgetful', '--db', db, '--config', config, '--email', 'forgetful@mail.example',
                      '--password-stdin'], { input: 'first-password-42\n' });
    },
  });
  try {
    const c = new FormClient(mailSite.origin);
    await c.get('/account/reset');
    const asked = await c.post('/account/reset', { name: 'forgetful' });
    assert.equal(asked.status, 200);
    assert.match(asked.body, /a link to choose a new password is on its way/);
    // Mail goes out from a thread of its own, after the answer.
    for (let i = 0; i < 200 && !existsSync(join(mailDir, 'mail')); ++i) await new Promise((r) => setTimeout(r, 50));
    const mail = readFileSync(join(mailDir, 'mail'), 'utf8');
    assert.equal(readFileSync(join(mailDir, 'mail-args'), 'utf8'), '-oi\n-f\nsite@mail.example\nforgetful@mail.example\n');
    assert.match(mail, /^From: site@mail\.example\nTo: forgetful@mail\.example\nSubject: Password reset for forgetful on Mail test\n/);
    const link = mail.match(/https?:\/\/[^/\s]+(\/account\/reset\/[A-Za-z0-9_-]+)/);
    assert.ok(link, mail);
    assert.equal((await c.get(link[1])).status, 200);
    const chosen = await c.post(link[1], { password: 'second-password-42', password2: 'second-password-42' });
    assert.equal(chosen.status, 303);
    assert.equal(chosen.location, '/account/login?reset=1');
    // The link worked once; the new password works, the old one no more.
    assert.equal((await c.get(link[1])).status, 404);
    const fresh = new FormClient(mailSite.origin);
    await fresh.get('/account/login');
    assert.equal((await fresh.post('/account/login', { name: 'forgetful', password: 'first-password-42' })).status, 403);
    assert.equal((await fresh.post('/account/login', { name: 'forgetful', password: 'second-password-42' })).status, 303);
  } finally {
    await mailSite.stop();
  }
});

// What an operator gets wrong is said before the site serves anyone.
test('a mail program that cannot run is refused before the server starts', () => {
  const config = join(site.dir, 'no-sendmail.toml');
  writeFileSync(config, '[mail]\nsendmail = "/nonexistent/sendmail"\nfrom = "site@mail.example"\n');
  const r = spawnSync(BIN, ['serve', '--config', config, '--db', site.db, '--listen', '127.0.0.1:0'],
                      { encoding: 'utf8', timeout: 20000 });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /mail\.sendmail \/nonexistent\/sendmail cannot be run: No such file or directory/);
  writeFileSync(config, '[mail]\nsendmail = "/usr/bin"\nfrom = "site@mail.example"\n');  // a folder
  const folder = spawnSync(BIN, ['serve', '--config', config, '--db', site.db, '--listen', '127.0.0.1:0'],
                           { encoding: 'utf8', timeout: 20000 });
  assert.equal(folder.status, 2, folder.stderr);
  assert.match(folder.stderr, /mail\.sendmail \/usr\/bin cannot be run: not a program file/);
});

test('a second server on the same SQLite database is refused, and the first goes on serving', async () => {
  const link = join(site.dir, 'link.db');
  symlinkSync(join(site.dir, 'site.db'), link);
  for (const db of [site.db, `sqlite:${link}`]) {
    const r = spawnSync(BIN, ['serve', '--config', site.config, '--db', db, '--listen', '127.0.0.1:0'],
                        { encoding: 'utf8', timeout: 5000 });
    assert.equal(r.status, 1, `${db}: ${r.stderr}`);
    assert.ok(r.stderr.includes(`another journeyer serve is already serving ${db} (a SQLite database serves one ` +
                                'process; use PostgreSQL for several)'), r.stderr);
    assert.doesNotMatch(r.stderr + r.stdout, /levels computed|on http:\/\//);
  }
  const page = await fetch(site.origin + '/person/alice/');
  assert.equal(page.status, 200);
  assert.match(await page.text(), /alice/);
  // Commands that are not servers still work beside it.
  const dump = spawnSync(BIN, ['export', '--db', site.db], { encoding: 'utf8', timeout: 20000 });
  assert.equal(dump.status, 0, dump.stderr);
  assert.match(dump.stdout, /"table":"level_history"/);
});

// Starts `journeyer serve` on `db` and resolves once it is serving.
function serving(db) {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['serve', '--db', db, '--config', site.config, '--listen', '127.0.0.1:0'],
                        { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`not serving: ${out}`)); }, 20000);
    const look = (d) => {
      out += d;
      if (/on http:\/\/127\.0\.0\.1:\d+\//.test(out)) { clearTimeout(timer); resolve(child); }
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`exited with ${code}: ${out}`)); });
  });
}

test('the lock goes with the server: one killed outright or stopped can be started again at once', async () => {
  const db = `sqlite:${join(site.dir, 'restart.db')}`;
  for (const signal of ['SIGKILL', 'SIGTERM']) {
    const child = await serving(db);
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await gone;
  }
  const last = await serving(db);
  const gone = new Promise((resolve) => last.once('exit', resolve));
  last.kill('SIGTERM');
  await gone;
});

test('a server that cannot listen stops before it computes and records the levels', async () => {
  // On a copy of the site's database (the site itself holds its own), at
  // the address the site is listening on.
  const copy = join(site.dir, 'listen-copy.db');
  const backup = spawnSync(BIN, ['db', 'backup', '--db', site.db, copy], { encoding: 'utf8', timeout: 20000 });
  assert.equal(backup.status, 0, backup.stderr);
  const computations = () => {
    const dump = spawnSync(BIN, ['export', '--db', `sqlite:${copy}`], { encoding: 'utf8', timeout: 20000 });
    assert.equal(dump.status, 0, dump.stderr);
    return dump.stdout.split('\n').filter((l) => l.includes('"table":"level_history"')).length;
  };
  const before = computations();
  assert.ok(before >= 1, `the copy holds the ${before} level counts the site recorded`);
  const port = new URL(site.origin).port;
  const r = spawnSync(BIN, ['serve', '--config', site.config, '--db', `sqlite:${copy}`, '--listen', `127.0.0.1:${port}`],
                      { encoding: 'utf8', timeout: 20000 });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /cannot listen on 127\.0\.0\.1:\d+/);
  assert.doesNotMatch(r.stderr, /levels computed/);
  assert.equal(computations(), before);
});

test('admin create: an address mail cannot reach is refused, and a made-up password is as long as the site asks', () => {
  const config = join(site.dir, 'long-passwords.toml');
  writeFileSync(config, 'min_password_chars = 24\n[trust]\nseeds = ["alice", "gardener"]\n');
  const refused = spawnSync(BIN, ['admin', 'create', 'mallory', '--db', site.db, '--config', config, '--email', 'x <y@mail.example>'],
                            { encoding: 'utf8', timeout: 20000 });
  assert.equal(refused.status, 2, refused.stderr);
  assert.match(refused.stderr, /--email: Enter an e-mail address like name@example\.org\./);
  const made = spawnSync(BIN, ['admin', 'create', 'gardener', '--db', site.db, '--config', config],
                         { encoding: 'utf8', timeout: 20000 });
  assert.equal(made.status, 0, made.stderr);
  const [name, password] = made.stdout.trim().split('\t');
  assert.equal(name, 'gardener');
  assert.equal(password.length, 24);
  assert.equal(made.stderr, '', 'a seed is not told it lacks administrator rights');
  const member = spawnSync(BIN, ['admin', 'create', 'plainmember', '--db', site.db, '--config', config],
                           { encoding: 'utf8', timeout: 20000 });
  assert.equal(member.status, 0, member.stderr);
  assert.match(member.stderr, /plainmember is a member like any other; list it in admins of .*long-passwords\.toml/);
});

test('admin rename-project: a project saved under a name no address carries is renamed from the command line', async () => {
  // Saved before the name rule refused backslashes: written straight into the database.
  const file = site.db.replace(/^sqlite:/, '');
  const sql = (statement) => spawnSync('sqlite3', [file, statement], { encoding: 'utf8', timeout: 20000 });
  const inserted = sql("INSERT INTO projects (name, name_key, created, created_by, modified, modified_by) " +
                       "SELECT 'Old\\Tools', 'old\\tools', 1700000000, id, 1700000000, id FROM accounts LIMIT 1");
  assert.equal(inserted.status, 0, inserted.stderr);
  assert.equal((await fetch(`${site.origin}/proj/Old%5CTools/`)).status, 400, 'no address reaches it');
  const rename = (...args) => spawnSync(BIN, ['admin', 'rename-project', ...args, '--db', site.db],
                                        { encoding: 'utf8', timeout: 20000 });
  const bad = rename('Old\\Tools', 'Still\\Bad');
  assert.equal(bad.status, 2, bad.stderr);
  assert.match(bad.stderr, /a project name cannot contain '\/' or '\\'/);
  const unknown = rename('No such project', 'Anything');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /there is no project called No such project/);
  const done = rename('Old\\Tools', '  Old Tools ');
  assert.equal(done.status, 0, done.stderr);
  assert.equal(done.stdout, 'journeyer: the project Old\\Tools is now called Old Tools\n');
  const page = await fetch(`${site.origin}/proj/Old%20Tools/`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<h1>Old Tools<\/h1>/);
  assert.match(sql("SELECT action || ' ' || target || ' ' || detail FROM audit_log ORDER BY id DESC LIMIT 1").stdout,
               /^project\.rename proj\/Old\\Tools Old Tools/);
});
