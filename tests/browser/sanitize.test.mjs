// The sanitizer's output in a real browser (issue 4): every attack output
// is loaded in chromium in a page that records any script execution, any
// navigation and any request; none may happen, and the DOM the browser
// builds holds only the diary policy's elements, attributes and URL
// schemes. Every benign output shows the same text as its input.
//
// JOURNEYER_HTML_CASES names the html_cases program (tests/html), which
// prints the tables with the sanitizer's output as JSON.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { launchChromium, startPageServer, keepOffTheNetwork } from './chromium.mjs';

const casesProgram = process.env.JOURNEYER_HTML_CASES;
if (!casesProgram) throw new Error('set JOURNEYER_HTML_CASES to the html_cases program');
const cases = JSON.parse(execFileSync(casesProgram, { maxBuffer: 64 << 20 }).toString('utf8'));

const DIARY_ELEMENTS = new Set(['a', 'b', 'blockquote', 'br', 'cite', 'code', 'div', 'em', 'i', 'li', 'ol', 'p',
                                'pre', 'strong', 'tt', 'ul']);
const DIARY_ATTRIBUTES = new Set(['href', 'rel']);
const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);
// Long enough for load-time handlers (onerror, onload, animation begin, marquee start) to fire.
const SETTLE_MS = 150;

// Runs in every frame before any of its own script: script that calls one
// of these is recorded in the test, even if it then navigates away.
const TRAPS = `
  for (const name of ['alert', 'confirm', 'prompt', 'print', 'open']) {
    window[name] = (...args) => { window.__journeyerRecord(name + '(' + args.join(',') + ')'); };
  }
`;

function page(body) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>case</title></head>
<body><div id="content">${body}</div></body></html>`;
}

// Pages load side by side; each case gets a fresh one.
const CONCURRENCY = 4;

let browser, server;
const recorders = new Map();  // page -> the events seen on it

before(async () => {
  server = await startPageServer();
  server.pages.set('/favicon.ico', '');
  browser = await launchChromium();
  await keepOffTheNetwork(browser.context, server.origin);
  await browser.context.exposeBinding('__journeyerRecord', ({ page }, what) =>
    recorders.get(page)?.push(`script ran: ${what}`));
  await browser.context.addInitScript(TRAPS);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

// Loads `body` in a fresh page, pokes every element, and returns what
// happened and what the browser built (dom is null if the page went away).
async function load(name, body, settleMs = SETTLE_MS) {
  const path = `/case/${encodeURIComponent(name)}`;
  const url = server.origin + path;
  server.pages.set(path, page(body));
  const tab = await browser.context.newPage();
  const events = [];
  recorders.set(tab, events);
  tab.on('request', (req) => {
    if (req.url() !== url && !req.url().endsWith('/favicon.ico')) events.push(`request: ${req.url()}`);
  });
  tab.on('framenavigated', (frame) => {
    if (frame.url() !== url) events.push(`navigation: ${frame.url()}`);
  });
  tab.on('popup', (p) => events.push(`a new window opened: ${p.url()}`));
  tab.on('dialog', (d) => {
    events.push(`dialog: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  try {
    await tab.goto(url, { waitUntil: 'load' });
    let dom = null;
    try {
      // Handlers that need a reader's action: hover, focus and click every
      // element except links (a link's href is checked below instead).
      dom = await tab.evaluate(() => {
        const root = document.getElementById('content');
        for (const el of root.querySelectorAll('*')) {
          for (const type of ['mouseover', 'mouseenter', 'focus', 'toggle', 'animationstart']) {
            el.dispatchEvent(new Event(type, { bubbles: true }));
          }
          if (el.localName !== 'a' && typeof el.click === 'function') el.click();
        }
        return {
          elements: [...root.querySelectorAll('*')].map((el) => ({
            name: el.localName,
            ns: el.namespaceURI,
            attributes: [...el.attributes].map((a) => a.name),
            protocol: el.localName === 'a' && el.hasAttribute('href') ? new URL(el.href).protocol : null,
          })),
          text: root.innerText,
        };
      });
    } catch (e) {
      events.push(`the page went away: ${String(e.message).split('\n')[0]}`);
    }
    await tab.waitForTimeout(settleMs);
    return { dom, events: [...events] };
  } finally {
    recorders.delete(tab);
    await tab.close();
  }
}

function policyViolations(dom) {
  if (dom === null) return ['the page was replaced'];
  const bad = [];
  for (const el of dom.elements) {
    if (el.ns !== 'http://www.w3.org/1999/xhtml') bad.push(`<${el.name}> in ${el.ns}`);
    if (!DIARY_ELEMENTS.has(el.name)) bad.push(`element <${el.name}>`);
    for (const a of el.attributes) if (!DIARY_ATTRIBUTES.has(a)) bad.push(`attribute ${a} on <${el.name}>`);
    if (el.protocol !== null && !LINK_PROTOCOLS.has(el.protocol)) bad.push(`link to ${el.protocol}`);
  }
  return bad;
}

// The harness must be able to see an attack: raw payloads trip it.
test('controls: unsanitized payloads are caught', async () => {
  const fired = await load('control-onerror', '<img src="/missing.png" onerror="alert(1)">');
  assert.ok(fired.events.some((e) => e.startsWith('script ran: alert')), JSON.stringify(fired.events));
  const clicked = await load('control-onclick', '<b onclick="confirm(2)">x</b>');
  assert.ok(clicked.events.some((e) => e.startsWith('script ran: confirm')), JSON.stringify(clicked.events));
  // A loaded machine may take a while to follow the refresh.
  const moved = await load('control-refresh', '<meta http-equiv="refresh" content="0;url=/elsewhere">', 3000);
  assert.ok(moved.events.some((e) => e.startsWith('navigation')), JSON.stringify(moved.events));
  const fetched = await load('control-request', '<link rel="stylesheet" href="/style.css">');
  assert.ok(fetched.events.some((e) => e.startsWith('request')), JSON.stringify(fetched.events));
  const scheme = await load('control-scheme', '<a href="javascript:alert(3)">x</a><svg></svg>');
  assert.deepEqual(policyViolations(scheme.dom).sort(),
                   ['<svg> in http://www.w3.org/2000/svg', 'element <svg>', 'link to javascript:'].sort());
});

test('attack outputs run nothing, go nowhere, and hold only the policy', { concurrency: CONCURRENCY }, async (t) => {
  assert.ok(cases.attacks.length >= 100, `only ${cases.attacks.length} attack cases`);
  await Promise.all(cases.attacks.map((c) => t.test(c.name, async () => {
    const r = await load(`attack-${c.name}`, c.output);
    assert.deepEqual(r.events, [], `${c.name}: ${c.output}`);
    assert.deepEqual(policyViolations(r.dom), [], `${c.name}: ${c.output}`);
  })));
});

test('benign outputs show the same text as their inputs', { concurrency: CONCURRENCY }, async (t) => {
  await Promise.all(cases.benign.map((c) => t.test(c.name, async () => {
    const [input, output] = await Promise.all([load(`benign-in-${c.name}`, c.input),
                                               load(`benign-out-${c.name}`, c.output)]);
    assert.equal(output.dom.text, input.dom.text, c.name);
    assert.ok(output.dom.text.length > 0, c.name);
    assert.deepEqual(output.events, [], c.name);
    assert.deepEqual(policyViolations(output.dom), [], c.name);
  })));
});
