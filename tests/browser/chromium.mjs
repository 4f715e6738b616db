// Shared by the browser tests: Debian's chromium, driven by playwright-core,
// headless, with a fresh profile and nothing that talks to the network on
// its own. Pages come from a loopback server the test starts; every other
// request is aborted.
import { chromium } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';

export const CHROMIUM = process.env.JOURNEYER_CHROMIUM || '/usr/bin/chromium';

const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// Returns { context, close }: a browser context on a fresh --user-data-dir.
export async function launchChromium() {
  const profile = await mkdtemp(join(tmpdir(), 'journeyer-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

// A loopback HTTP server for pages the test registers by path.
// Returns { origin, pages: Map<path, html>, close }.
export async function startPageServer() {
  const pages = new Map();
  const server = http.createServer((req, res) => {
    const body = pages.get(new URL(req.url, 'http://127.0.0.1').pathname);
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, pages, close: () => new Promise((resolve) => server.close(resolve)) };
}

// Aborts every request that is not for the test's own server.
export async function keepOffTheNetwork(context, origin) {
  await context.route('**/*', (route) =>
    route.request().url().startsWith(origin + '/') ? route.continue() : route.abort());
}
