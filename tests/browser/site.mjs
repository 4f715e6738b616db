// Shared by the tests that run `journeyer serve` (tests/browser/*.test.mjs,
// tests/web/api.test.mjs): a temporary folder with the site's config,
// members made with `journeyer admin create`, the server on a free loopback
// port, chromium on it (unless asked not to), logging in and out through
// the pages, and a stop that tells whether the server shut down cleanly.
//
// JOURNEYER_BIN names the journeyer binary. With JOURNEYER_PG_STATE and
// JOURNEYER_PG_CLUSTER the store is a fresh PostgreSQL database instead of
// a temporary SQLite file (see tests/web/CMakeLists.txt).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BIN = process.env.JOURNEYER_BIN;

// Starts a site and returns it (a Site). name: a short word for the folder
// and the database; config: the text of site.toml; members: { name:
// password }, made before the server starts; prepare({ dir, db, config }):
// more setup before it starts (importing a graph, a syndicated post);
// browser: false for no chromium; serveArgs: more options for serve.
export async function startSite({ name, config, members = {}, prepare, browser = true, serveArgs = [] }) {
  if (!BIN) throw new Error('set JOURNEYER_BIN to the journeyer binary');
  const site = new Site(name, members, serveArgs);
  try {
    await site.start(config, prepare, browser);
  } catch (e) {
    await site.stop();
    throw e;
  }
  return site;
}

class Site {
  constructor(name, members, serveArgs = []) {
    this.name = name;
    this.members = members;
    this.serveArgs = serveArgs;
    this.output = '';  // what the server wrote, for failure messages
  }

  async start(configText, prepare, withBrowser) {
    this.dir = await mkdtemp(join(tmpdir(), `journeyer-${this.name}-`));
    this.db = `sqlite:${join(this.dir, 'site.db')}`;
    if (process.env.JOURNEYER_PG_STATE) {
      const database = `${this.name.replace(/[^a-z0-9]/g, '_')}_${process.pid}`;
      this.db = execFileSync(process.env.JOURNEYER_PG_CLUSTER,
                             ['createdb', process.env.JOURNEYER_PG_STATE, database]).toString().trim();
    }
    this.config = join(this.dir, 'site.toml');
    await writeFile(this.config, configText);
    for (const [member, password] of Object.entries(this.members)) {
      execFileSync(BIN, ['admin', 'create', member, '--db', this.db, '--config', this.config, '--password-stdin'],
                   { input: password + '\n' });
    }
    if (prepare) await prepare({ dir: this.dir, db: this.db, config: this.config });

    this.server = spawn(BIN, ['serve', '--db', this.db, '--config', this.config, '--listen', '127.0.0.1:0',
                              ...this.serveArgs],
                        { stdio: ['ignore', 'pipe', 'pipe'] });
    this.server.stderr.on('data', (d) => { this.output += d; });
    this.origin = await new Promise((resolve, reject) => {
      let out = '';
      this.server.stdout.on('data', (d) => {
        out += d;
        this.output += d;
        const m = out.match(/on (http:\/\/127\.0\.0\.1:\d+)\//);
        if (m) resolve(m[1]);
      });
      this.server.on('exit', (code) => reject(new Error(`journeyer serve exited (${code}): ${this.output}`)));
    });

    if (withBrowser) {
      // Loaded only here, so that tests without a browser need no playwright.
      const { launchChromium, keepOffTheNetwork } = await import('./chromium.mjs');
      this.browser = await launchChromium();
      await keepOffTheNetwork(this.browser.context, this.origin);
      this.page = this.browser.context.pages()[0] ?? await this.browser.context.newPage();
    }
  }

  // Logs in through the login page (the password: the one the member was
  // made with, unless given).
  async logIn(name, password = this.members[name]) {
    const page = this.page;
    await page.goto(`${this.origin}/account/login`);
    await page.getByLabel('Account name').fill(name);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(`${this.origin}/person/${name}/`);
  }

  async logOut() {
    await this.page.getByRole('button', { name: 'Log out' }).click();
    await this.page.waitForURL(`${this.origin}/`);
  }

  // Closes chromium, stops the server with SIGTERM and removes the folder.
  // Returns the server's exit code (0: it shut down cleanly).
  async stop() {
    if (this.browser) await this.browser.close();
    let code = this.server?.exitCode ?? null;
    if (this.server && this.server.exitCode === null && this.server.signalCode === null) {
      const exited = new Promise((resolve) => this.server.on('exit', (c) => resolve(c)));
      this.server.kill('SIGTERM');
      code = await exited;
    }
    if (this.dir) await rm(this.dir, { recursive: true, force: true });
    return code;
  }
}

// A client for the site's forms over plain HTTP, without a browser: keeps
// cookies like one (a Max-Age=0 cookie is dropped) and the last CSRF token
// a page carried, and sends it with every POST. Redirects are not followed:
// the answer's status and Location are what tests look at. `origin` may be
// given per request (several processes sharing one database).
export class FormClient {
  constructor(origin) { this.origin = origin; this.cookies = new Map(); this.csrf = ''; }
  cookieHeader() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '); }
  keep(res) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      if (/Max-Age=0/.test(c)) this.cookies.delete(pair.slice(0, eq)); else this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  }
  async read(res) {
    this.keep(res);
    const body = await res.text();
    const m = body.match(/name="csrf" value="([^"]+)"/);
    if (m) this.csrf = m[1];
    return { status: res.status, location: res.headers.get('location'), body };
  }
  async get(path, origin = this.origin) {
    return this.read(await fetch(origin + path, { headers: { cookie: this.cookieHeader() }, redirect: 'manual' }));
  }
  async post(path, fields, origin = this.origin) {
    return this.read(await fetch(origin + path, {
      method: 'POST', redirect: 'manual', body: new URLSearchParams({ ...fields, csrf: this.csrf }).toString(),
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
    }));
  }
}
