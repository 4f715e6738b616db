// The doors for programs over real HTTP (issue 8): Advogato's XML-RPC,
// driven as an old client drives it (raw XML bodies), and the JSON API
// with personal API tokens made and revoked on the account page. Bad input
// throughout: malformed XML, wrong types, missing and revoked tokens, a
// cookie without a token, oversized bodies, too many requests. An article
// posted on the web gets replies (and a reply to a reply) over the JSON API.
//
// JOURNEYER_BIN names the journeyer binary. With JOURNEYER_PG_STATE and
// JOURNEYER_PG_CLUSTER the store is a fresh PostgreSQL database instead of
// a temporary SQLite file (see tests/web/CMakeLists.txt).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, FormClient } from '../browser/site.mjs';

// Levels are recomputed in the background; a bound for the test, not a measurement.
const LEVEL_WAIT_MS = 15000;
const API_PER_MINUTE = 40;
const PASSWORDS = { seed: 'seed-password-42', alice: 'alice-password-42', bob: 'bob-password-42' };

let site, origin;

before(async () => {
  site = await startSite({
    name: 'api', members: PASSWORDS, browser: false,
    config: `name = "Journeyer API test"\nlogin_per_minute = 1000\n` +
            `api_per_minute = ${API_PER_MINUTE}\napi_anonymous_per_minute = 100000\n` +
            `[trust]\nseeds = ["seed"]\n`,
  });
  origin = site.origin;
});

after(async () => {
  if (site) await site.stop();
});

// ---- A browser-like client for the account page (cookies, CSRF) ----------

class Browser extends FormClient {
  constructor() { super(origin); }
  async logIn(name) {
    await this.get('/account/login');
    const r = await this.post('/account/login', { name, password: PASSWORDS[name] });
    assert.equal(r.status, 303, `log in as ${name}`);
  }
  // Makes a token on the account page; returns the token shown once.
  async makeToken(label) {
    await this.get('/account/tokens');
    const made = await this.post('/account/tokens', { label });
    assert.equal(made.status, 303);
    const r = await this.get(made.location);
    const m = r.body.match(/<code class="token"[^>]*>([^<]+)<\/code>/);
    assert.ok(m, 'the new token is shown');
    return m[1];
  }
  async revoke(label) {
    const page = await this.get('/account/tokens');
    const rows = [...page.body.matchAll(/<td>([^<]*)<\/td>[\s\S]*?action="(\/account\/tokens\/\d+\/revoke)"/g)];
    const row = rows.find((r) => r[1] === label);
    assert.ok(row, `a token called ${label} is listed`);
    const r = await this.post(row[2], {});
    assert.equal(r.status, 303);
  }
}

// ---- XML-RPC as an old client writes it ----------------------------------

function xmlEscape(s) { return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'); }
function xmlValue(v) {
  if (typeof v === 'number') return `<value><int>${v}</int></value>`;
  return `<value><string>${xmlEscape(v)}</string></value>`;
}
function methodCall(method, params) {
  return `<?xml version='1.0'?>\n<methodCall>\n<methodName>${method}</methodName>\n<params>\n` +
         params.map((p) => `<param>\n${xmlValue(p)}\n</param>\n`).join('') + '</params>\n</methodCall>\n';
}
async function rawXmlRpc(body, contentType = 'text/xml') {
  const res = await fetch(`${origin}/XMLRPC`, { method: 'POST', body, headers: { 'content-type': contentType } });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}
function unescape(s) { return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&'); }
// The answer as a small value: {fault: {code, message}} or the value.
function readResponse(text) {
  const fault = text.match(/<fault>[\s\S]*<name>faultCode<\/name>\s*<value><int>(-?\d+)<\/int>[\s\S]*<name>faultString<\/name>\s*<value><string>([\s\S]*?)<\/string>/);
  if (fault) return { fault: { code: Number(fault[1]), message: unescape(fault[2]) } };
  const values = [...text.matchAll(/<value><(int|string|dateTime\.iso8601|boolean)>([\s\S]*?)<\/\1><\/value>/g)]
    .map((m) => (m[1] === 'int' ? Number(m[2]) : unescape(m[2])));
  if (/<array>/.test(text)) return values;
  if (values.length !== 1) throw new Error(`unexpected response: ${text}`);
  return values[0];
}
async function call(method, ...params) {
  const r = await rawXmlRpc(methodCall(method, params));
  assert.equal(r.status, 200, `XML-RPC answers 200 even for faults: ${r.text}`);
  assert.match(r.type, /^text\/xml/);
  return readResponse(r.text);
}

// ---- The JSON API ----------------------------------------------------------

async function api(method, path, { token, body, raw, contentType, cookie } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (cookie) headers.cookie = cookie;
  if (body !== undefined || raw !== undefined) headers['content-type'] = contentType ?? 'application/json';
  const res = await fetch(`${origin}/api/v1${path}`, {
    method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, json, text, headers: res.headers };
}
function assertError(r, status, code) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.json?.error?.code, code, r.text);
  assert.ok(r.json.error.message.length > 10, 'the message says what is wrong');
}

async function waitForLevel(name, level) {
  let seen;
  for (const start = Date.now(); Date.now() - start < LEVEL_WAIT_MS;) {
    seen = (await api('GET', `/people/${name}`)).json.level;
    if (seen === level) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(seen, level);
}

// ---- Tests -----------------------------------------------------------------

test('XML-RPC: an old client logs in, posts, edits and reads its diary', async () => {
  const cookie = await call('authenticate', 'alice', PASSWORDS.alice);
  assert.equal(typeof cookie, 'string');
  assert.equal(await call('checkcookie', cookie), 1);
  assert.equal(await call('diary.len', 'alice'), 0);
  assert.equal(await call('diary.set', cookie, -1, '<p>Hello <script>alert(1)</script><b>world</b> &amp; all</p>'), 1);
  assert.equal(await call('diary.len', 'alice'), 1);
  const html = await call('diary.get', 'alice', 0);
  assert.match(html, /<b>world<\/b>/);
  assert.doesNotMatch(html, /script/);
  const dates = await call('diary.getDates', 'alice', 0);
  assert.equal(dates.length, 2);
  for (const d of dates) assert.match(d, /^\d{8}T\d\d:\d\d:\d\d$/);
  // Edit entry 0; then index == len adds a second entry.
  assert.equal(await call('diary.set', cookie, 0, '<p>Hello again</p>'), 1);
  assert.match(await call('diary.get', 'alice', 0), /Hello again/);
  assert.equal(await call('diary.set', cookie, 1, '<p>Second</p>'), 1);
  assert.equal(await call('diary.len', 'alice'), 2);
  assert.match(await call('diary.get', 'alice', 1), /Second/);
  // The entries are the same ones the JSON API and the person page show.
  const entries = (await api('GET', '/people/alice/diary')).json.entries;
  assert.deepEqual(entries.map((e) => e.index), [1, 0]);
  assert.match(entries[1].html, /Hello again/);
  assert.equal(await call('user.exists', 'alice'), 1);
  assert.equal(await call('user.exists', 'nobody-here'), 0);
  assert.equal(await call('cert.get', 'bob'), 'Observer');
  assert.equal(await call('cert.get', 'seed'), 'Master');
});

test('XML-RPC: bad input gets a clear fault, and nothing changes', async () => {
  const faults = [
    [await rawXmlRpc('<methodCall><methodName>diary.len</methodName>'), -32700, /not well-formed/],
    [await rawXmlRpc('this is not XML'), -32700, /not well-formed/],
    [await rawXmlRpc('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY big "aaaaaaaa">]><methodCall><methodName>user.exists</methodName><params><param><value>&big;</value></param></params></methodCall>'),
     -32700, /document type declaration/],
    [await rawXmlRpc('<methodCall><name>diary.len</name></methodCall>'), -32600, /methodName/],
    [await rawXmlRpc(methodCall('diary.get', ['alice', 'zero'])), -32602, /parameter 2 must be an int, not string/],
    [await rawXmlRpc(methodCall('diary.len', [7])), -32602, /parameter 1 must be a string, not int/],
    [await rawXmlRpc(methodCall('diary.len', [])), -32602, /takes 1 parameter, not 0/],
    [await rawXmlRpc(methodCall('diary.delete', ['alice', 0])), -32601, /no method diary\.delete/],
    [await rawXmlRpc(methodCall('diary.get', ['alice', 99])), 4, /no diary entry 99/],
    [await rawXmlRpc(methodCall('diary.len', ['nobody-here'])), 1, /no member called nobody-here/],
    [await rawXmlRpc(methodCall('authenticate', ['alice', 'wrong password'])), 2, /Wrong name or password/],
    [await rawXmlRpc(methodCall('diary.set', ['not-a-cookie', -1, '<p>x</p>'])), 2, /cookie is unknown/],
  ];
  for (const [r, code, message] of faults) {
    assert.equal(r.status, 200);
    const { fault } = readResponse(r.text);
    assert.ok(fault, r.text);
    assert.equal(fault.code, code, fault.message);
    assert.match(fault.message, message);
  }
  const cookie = await call('authenticate', 'alice', PASSWORDS.alice);
  const before = await call('diary.len', 'alice');
  assert.equal((await call('diary.set', cookie, 57, '<p>x</p>')).fault.code, 4);
  // An entry over 256 KiB is refused with a fault; a body over the server's
  // limit (800 KiB) is refused before it is parsed.
  const big = '<p>' + 'x'.repeat(257 * 1024) + '</p>';
  const tooLarge = readResponse((await rawXmlRpc(methodCall('diary.set', [cookie, -1, big]))).text);
  assert.equal(tooLarge.fault?.code, 4);
  assert.equal(tooLarge.fault.message, 'The entry is too long (at most 256 KiB).');
  // An entry that sanitizes to nothing (all script) is refused too.
  const blank = await call('diary.set', cookie, -1, '<script>alert(1)</script><p> </p>');
  assert.equal(blank.fault?.code, 4);
  assert.match(blank.fault.message, /would show nothing/);
  const huge = await rawXmlRpc(methodCall('diary.set', [cookie, -1, 'x'.repeat(900 * 1024)]));
  assert.equal(huge.status, 413);
  assert.equal(await call('diary.len', 'alice'), before);
  assert.equal((await fetch(`${origin}/XMLRPC`)).status, 405);
});

test('XML-RPC: a cookie revoked on the account page stops working', async () => {
  const cookie = await call('authenticate', 'bob', PASSWORDS.bob);
  assert.equal(await call('checkcookie', cookie), 1);
  const bob = new Browser();
  await bob.logIn('bob');
  const page = await bob.get('/account/tokens');
  assert.match(page.body, /XML-RPC \(authenticate\)/);
  assert.doesNotMatch(page.body, new RegExp(cookie), 'the cookie itself is never shown again');
  await bob.revoke('XML-RPC (authenticate)');
  assert.equal(await call('checkcookie', cookie), 0);
  const r = await call('diary.set', cookie, -1, '<p>after revoking</p>');
  assert.equal(r.fault.code, 2);
  assert.equal(await call('diary.len', 'bob'), 0);
});

test('JSON API: a token from the account page posts, edits and pages through the diary', async () => {
  const bob = new Browser();
  await bob.logIn('bob');
  const token = await bob.makeToken('diary script');
  assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  const me = await api('GET', '/me', { token });
  assert.equal(me.status, 200);
  assert.equal(me.json.name, 'bob');
  assert.equal(me.json.token.label, 'diary script');

  const posted = await api('POST', '/diary', { token, body: { title: 'One', body: '<p>first <em>entry</em><img src=x onerror=alert(1)></p>' } });
  assert.equal(posted.status, 201, posted.text);
  assert.equal(posted.json.index, 0);
  assert.equal(posted.headers.get('location'), '/api/v1/people/bob/diary/0');
  for (const n of [2, 3, 4]) assert.equal((await api('POST', '/diary', { token, body: { body: `entry *${n}*`, format: 'markdown' } })).status, 201);
  const edited = await api('PUT', '/diary/0', { token, body: { title: 'One (edited)', body: '<p>first, edited</p>' } });
  assert.equal(edited.status, 200, edited.text);

  const one = await api('GET', '/people/bob/diary/0');
  assert.equal(one.json.title, 'One (edited)');
  assert.equal(one.json.html, '<p>first, edited</p>');
  const md = await api('GET', '/people/bob/diary/3');
  assert.match(md.json.html, /<em>4<\/em>/);

  // Pages of two, newest first, each entry once.
  const seen = [];
  let cursor = '';
  for (let pages = 0; pages < 5; ++pages) {
    const page = await api('GET', `/people/bob/diary?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(page.status, 200, page.text);
    assert.equal(page.json.count, 4);
    seen.push(...page.json.entries.map((e) => e.index));
    if (!page.json.next_cursor) break;
    cursor = page.json.next_cursor;
  }
  assert.deepEqual(seen, [3, 2, 1, 0]);
  // The person page shows the entry too, sanitized.
  const person = await bob.get('/person/bob/');
  assert.doesNotMatch(person.body, /onerror/);
});

test('JSON API: members page by cursor; profiles, levels and certificates', async () => {
  const names = [];
  let cursor = '';
  for (let pages = 0; pages < 10; ++pages) {
    const page = await api('GET', `/people?limit=1${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    assert.equal(page.status, 200, page.text);
    assert.ok(page.json.people.length <= 1);
    names.push(...page.json.people.map((p) => p.name));
    if (!page.json.next_cursor) break;
    cursor = page.json.next_cursor;
  }
  assert.deepEqual(names, ['alice', 'bob', 'seed']);

  const seedBrowser = new Browser();
  await seedBrowser.logIn('seed');
  const seedToken = await seedBrowser.makeToken('certifier');
  const cert = await api('POST', '/people/alice/certificates', { token: seedToken, body: { level: 'Journeyer' } });
  assert.equal(cert.status, 200, cert.text);
  assert.deepEqual(cert.json, { issuer: 'seed', subject: 'alice', level: 'Journeyer' });
  const certs = await api('GET', '/people/alice/certificates');
  assert.deepEqual(certs.json.received.map((c) => [c.issuer, c.level]), [['seed', 'Journeyer']]);
  assert.deepEqual((await api('GET', '/people/seed/certificates')).json.given.map((c) => c.subject), ['alice']);
  await waitForLevel('alice', 'Journeyer');
  assert.equal(await call('cert.get', 'alice'), 'Journeyer');
  const alice = await api('GET', '/people/alice');
  assert.equal(alice.json.name, 'alice');
  assert.equal(alice.json.diary_entries, 2);
  assert.equal(alice.json.email, undefined, 'no e-mail address for programs');

  // Certifying yourself, an unknown level, an unknown member.
  assertError(await api('POST', '/people/seed/certificates', { token: seedToken, body: { level: 'Master' } }), 403, 'forbidden');
  const wizard = await api('POST', '/people/alice/certificates', { token: seedToken, body: { level: 'Wizard' } });
  assertError(wizard, 400, 'invalid');
  assert.equal(wizard.json.error.message,
               'Unknown level "Wizard". The levels are Observer, Apprentice, Journeyer, Master.');
  assertError(await api('POST', '/people/nobody-here/certificates', { token: seedToken, body: { level: 'Master' } }), 404, 'no_such_member');
});

test('JSON API: missing, bad and revoked tokens, a cookie alone, bad bodies', async () => {
  const alice = new Browser();
  await alice.logIn('alice');
  const token = await alice.makeToken('to revoke');
  const count = async () => (await api('GET', '/people/alice')).json.diary_entries;
  const before = await count();

  assertError(await api('POST', '/diary', { body: { body: 'no token' } }), 401, 'missing_token');
  assertError(await api('POST', '/diary', { token: 'x'.repeat(43), body: { body: 'bad token' } }), 401, 'invalid_token');
  // A logged-in browser's cookie (and its CSRF token) never authorizes a write.
  assertError(await api('POST', '/diary', { cookie: alice.cookieHeader(), body: { body: 'cookie only', csrf: alice.csrf } }), 401, 'missing_token');
  const form = await fetch(`${origin}/api/v1/diary`, {
    method: 'POST', headers: { cookie: alice.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ body: 'a form', csrf: alice.csrf }).toString(),
  });
  assert.equal(form.status, 401);

  const broken = await api('POST', '/diary', { token, raw: '{"body": "unterminated' });
  assertError(broken, 400, 'bad_json');
  // Says where, in the parser's words, without the parser's own tag.
  assert.match(broken.json.error.message, /^The request body is not JSON: parse error at line 1, column 23: /);
  assert.doesNotMatch(broken.json.error.message, /json\.exception/);
  assertError(await api('POST', '/diary', { token, raw: '[1, 2]' }), 400, 'bad_json');
  // A field given twice is refused, not guessed at (which "body" was meant?).
  const twice = await api('POST', '/diary', { token, raw: '{"body": "first", "title": "t", "body": "second"}' });
  assertError(twice, 400, 'bad_json');
  assert.equal(twice.json.error.message, 'The request body gives the field "body" twice; give it once.');
  assertError(await api('POST', '/diary', { token, body: { body: 5 } }), 400, 'wrong_type');
  assertError(await api('POST', '/diary', { token, body: { title: 'no body' } }), 400, 'missing_field');
  const latex = await api('POST', '/diary', { token, body: { body: 'x', format: 'latex' } });
  assertError(latex, 400, 'invalid');
  assert.equal(latex.json.error.message, 'The format must be "html" or "markdown".');
  assertError(await api('POST', '/diary', { token, raw: 'body=x', contentType: 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type');
  assertError(await api('POST', '/diary', { token, body: { body: 'x'.repeat(257 * 1024) } }), 413, 'too_large');
  assertError(await api('POST', '/diary', { token, body: { body: 'x'.repeat(900 * 1024) } }), 413, 'too_large');
  assertError(await api('PUT', '/diary/99', { token, body: { body: 'x' } }), 404, 'no_such_entry');
  assertError(await api('GET', '/people/nobody-here'), 404, 'no_such_member');
  assertError(await api('GET', '/people/alice/diary/99'), 404, 'no_such_entry');
  assertError(await api('GET', '/people?limit=1000'), 400, 'bad_limit');
  assertError(await api('GET', '/people/alice/diary?cursor=soon'), 400, 'bad_cursor');
  assertError(await api('GET', '/nothing/here'), 404, 'not_found');
  const put = await api('PUT', '/people');
  assert.equal(put.headers.get('allow'), 'GET, HEAD');
  assertError(put, 405, 'method_not_allowed');
  const del = await api('DELETE', '/diary/1', { token });
  assert.equal(del.headers.get('allow'), 'PUT');
  assertError(del, 405, 'method_not_allowed');
  assert.equal(await count(), before, 'nothing was written');

  assert.equal((await api('GET', '/me', { token })).status, 200);
  await alice.revoke('to revoke');
  assertError(await api('GET', '/me', { token }), 401, 'invalid_token');
  assertError(await api('POST', '/diary', { token, body: { body: 'after revoking' } }), 401, 'invalid_token');
  assert.equal(await count(), before);
});

test('JSON API: a token is rate limited, and others are not held up', async () => {
  const bob = new Browser();
  await bob.logIn('bob');
  const busy = await bob.makeToken('busy');
  const calm = await bob.makeToken('calm');
  for (let i = 0; i < API_PER_MINUTE; ++i) assert.equal((await api('GET', '/me', { token: busy })).status, 200);
  const limited = await api('GET', '/me', { token: busy });
  assertError(limited, 429, 'rate_limited');
  assert.equal(limited.headers.get('retry-after'), '60');
  assert.equal((await api('GET', '/me', { token: calm })).status, 200);
});

test('JSON API: the OpenAPI document, and articles and projects (empty here)', async () => {
  const doc = await api('GET', '/openapi.json');
  assert.equal(doc.status, 200);
  assert.match(doc.json.openapi, /^3\./);
  assert.ok(doc.json.paths['/people/{name}/diary']);
  const articles = await api('GET', '/articles');
  assert.deepEqual(articles.json, { articles: [], next_cursor: null });
  assertError(await api('GET', '/articles/1'), 404, 'no_such_article');
  assert.deepEqual((await api('GET', '/projects')).json, { projects: [], next_cursor: null });
  assertError(await api('GET', '/projects/nothing'), 404, 'no_such_project');
});

test('JSON API: an article posted on the web, a reply and a reply to it over the API, read back; bad replies', async () => {
  // alice is a Journeyer by now (the seed certified her above), so she may post.
  const alice = new Browser();
  await alice.logIn('alice');
  const form = await alice.get('/article/new');
  assert.equal(form.status, 200, form.body);
  const submission = form.body.match(/name="submission" value="([^"]+)"/)?.[1];
  assert.ok(submission, 'the form carries a one-time key');
  const posted = await alice.post('/article/new', {
    submission, title: 'Trust over HTTP', lead: '<p>What the <em>lead</em> says</p>', body: '<p>The body.</p>',
    format: 'html', post: '1',
  });
  assert.equal(posted.status, 303, posted.body);
  const id = Number(posted.location?.match(/^\/article\/(\d+)\.html/)?.[1]);
  assert.ok(id > 0, `redirected to the article: ${posted.location}`);
  const listed = await api('GET', '/articles');
  assert.deepEqual(listed.json.articles.map((a) => [a.id, a.title, a.author]), [[id, 'Trust over HTTP', 'alice']]);

  const seed = new Browser();
  await seed.logIn('seed');
  const seedToken = await seed.makeToken('replies');
  const aliceToken = await alice.makeToken('replies');
  const path = `/articles/${id}/replies`;
  const first = await api('POST', path, {
    token: seedToken,
    body: { title: 'Welcome', body: '<p>A <b>first</b> reply<img src=x onerror=alert(1)></p>', submission_key: 'retry-1' },
  });
  assert.equal(first.status, 201, first.text);
  assert.equal(first.headers.get('location'), `/api/v1/articles/${id}`);
  const answerBody = { title: 'Re: Welcome', body: '<p>Thank you.</p>', parent: first.json.id, submission_key: 'retry-1' };
  const answer = await api('POST', path, { token: aliceToken, body: answerBody });
  assert.equal(answer.status, 201, answer.text);
  assert.notEqual(answer.json.id, first.json.id, "the seed's key never finds alice's reply");
  // Sent again, as a client retrying does: the same reply, not a second one.
  const again = await api('POST', path, { token: aliceToken, body: answerBody });
  assert.equal(again.json.id, answer.json.id);

  const read = await api('GET', `/articles/${id}`);
  assert.equal(read.status, 200, read.text);
  assert.equal(read.json.reply_count, 2);
  assert.deepEqual(read.json.replies.map((r) => [r.id, r.author, r.title, r.parent]),
                   [[first.json.id, 'seed', 'Welcome', null], [answer.json.id, 'alice', 'Re: Welcome', first.json.id]]);
  // The article page threads them (the answer in a list inside the first
  // reply), sanitized.
  const page = await alice.get(`/article/${id}.html`);
  const at = (reply) => page.body.indexOf(`id="reply-${reply}"`);
  assert.ok(at(first.json.id) >= 0 && at(answer.json.id) > at(first.json.id), page.body);
  assert.match(page.body.slice(at(first.json.id), at(answer.json.id)), /<ol class="thread">/);
  assert.match(page.body, /Replies \(2\)/);
  assert.doesNotMatch(page.body, /onerror/);

  // Bad replies: a clear error each, and nothing written.
  const bob = new Browser();
  await bob.logIn('bob');
  const observerToken = await bob.makeToken('observer');  // bob is still an Observer
  const revoked = await seed.makeToken('revoked');
  await seed.revoke('revoked');
  const ok = { title: 'x', body: '<p>y</p>' };
  assertError(await api('POST', path, { body: ok }), 401, 'missing_token');
  assertError(await api('POST', path, { token: revoked, body: ok }), 401, 'invalid_token');
  assertError(await api('POST', path, { token: observerToken, body: ok }), 403, 'forbidden');
  assertError(await api('POST', path, { token: seedToken, body: { title: 7, body: '<p>y</p>' } }), 400, 'wrong_type');
  assertError(await api('POST', path, { token: seedToken, body: { title: 'x', body: ['<p>y</p>'] } }), 400, 'wrong_type');
  assertError(await api('POST', path, { token: seedToken, body: { ...ok, parent: 'first' } }), 400, 'wrong_type');
  assertError(await api('POST', path, { token: seedToken, body: { ...ok, parent: 1.5 } }), 400, 'wrong_type');
  assertError(await api('POST', path, { token: seedToken, body: { ...ok, submission_key: 12 } }), 400, 'wrong_type');
  assertError(await api('POST', path, { token: seedToken, body: { ...ok, submission_key: 'k'.repeat(65) } }), 400, 'invalid');
  assertError(await api('POST', path, { token: seedToken, body: { title: 'x' } }), 400, 'missing_field');
  assertError(await api('POST', path, { token: seedToken, body: { title: '', body: '<p>y</p>' } }), 400, 'invalid');
  const blank = await api('POST', path, { token: seedToken, body: { title: 'x', body: '<script>alert(1)</script>' } });
  assertError(blank, 400, 'invalid');
  assert.match(blank.json.error.message, /would show nothing/);
  assertError(await api('POST', path, { token: seedToken, body: { ...ok, parent: 999999 } }), 404, 'no_such_reply');
  assertError(await api('POST', '/articles/999999/replies', { token: seedToken, body: ok }), 404, 'no_such_article');
  assertError(await api('POST', path, { token: seedToken, raw: '{"title": "x", "body": ' }), 400, 'bad_json');
  assertError(await api('POST', path, { token: seedToken, raw: 'title=x&body=y', contentType: 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type');
  const end = await api('GET', `/articles/${id}`, { token: seedToken });
  assert.equal(end.json.replies.length, 2, 'nothing was written');
});
