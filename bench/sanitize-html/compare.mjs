// Journeyer's sanitizer and sanitize-html (npm, on htmlparser2) side by side,
// in one run, on the same generated corpus and hostile inputs, with an
// equivalent policy (Advogato's diary allowlist plus code, href with http,
// https, mailto or relative URLs, rel="nofollow ugc" on links, text of
// dropped tags kept, script-like content dropped).
//
//   node compare.mjs PATH/TO/html_bench     (a Release build of bench/html_bench.cpp)
//
// Not run by `make test`: it prints figures for docs/performance.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sanitizeHtml from 'sanitize-html';

const bench = process.argv[2];
if (!bench) {
  console.error('usage: node compare.mjs PATH/TO/html_bench');
  process.exit(2);
}

const POLICY = {
  allowedTags: ['a', 'b', 'blockquote', 'br', 'cite', 'code', 'div', 'em', 'i', 'li', 'ol', 'p', 'pre', 'strong',
                'tt', 'ul'],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: true,
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'template', 'noscript', 'title', 'iframe', 'noembed', 'noframes'],
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow ugc' }) },
};

const MiB = 1024 * 1024;
const MIN_SECONDS = 2;

// CPU time of the whole process (Google Benchmark reports CPU time too), so
// that other work on the machine does not tilt the comparison.
function cpuSeconds() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

function timeLoop(fn, bytes) {
  fn();  // warm up the JIT
  let iterations = 0;
  const start = cpuSeconds();
  let elapsed = 0;
  do {
    fn();
    ++iterations;
    elapsed = cpuSeconds() - start;
  } while (elapsed < MIN_SECONDS && iterations < 10000);
  return { mibPerSecond: (bytes * iterations) / elapsed / MiB, msPerRun: (elapsed * 1000) / iterations };
}

const dir = mkdtempSync(join(tmpdir(), 'journeyer-html-bench-'));
try {
  execFileSync(bench, ['--write-corpus', dir]);
  const corpus = readdirSync(join(dir, 'corpus')).sort().map((f) => readFileSync(join(dir, 'corpus', f), 'utf8'));
  const hostile = readdirSync(join(dir, 'hostile')).sort().map((f) => ({
    name: f.replace(/\.html$/, ''),
    input: readFileSync(join(dir, 'hostile', f), 'utf8'),
  }));

  // Journeyer: Google Benchmark's JSON.
  const run = spawnSync(bench, ['--benchmark_format=json', '--benchmark_min_time=1'], { maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`html_bench failed: ${run.stderr}`);
  const results = JSON.parse(run.stdout.toString('utf8')).benchmarks;
  const ourRss = (/peak RSS: (\d+) KiB/.exec(run.stderr.toString('utf8')) || [])[1];
  const ours = (name) => results.find((b) => b.name === name || b.label === name);

  const corpusBytes = corpus.reduce((n, s) => n + Buffer.byteLength(s), 0);
  const theirs = timeLoop(() => { for (const s of corpus) sanitizeHtml(s, POLICY); }, corpusBytes);
  const j = ours('BM_SanitizeDiaryCorpus');

  console.log(`corpus: ${corpus.length} diary entries, ${(corpusBytes / 1024).toFixed(0)} KiB`);
  console.log('');
  console.log('| input (CPU time) | Journeyer (gumbo) | sanitize-html ' + sanitizeVersion() + ' |');
  console.log('|---|---|---|');
  console.log(`| diary corpus | ${(j.bytes_per_second / MiB).toFixed(1)} MiB/s | ${theirs.mibPerSecond.toFixed(1)} MiB/s |`);
  for (const h of hostile) {
    const b = ours(h.name);
    const bytes = Buffer.byteLength(h.input);
    const t = timeLoop(() => sanitizeHtml(h.input, POLICY), bytes);
    const ourMs = b.cpu_time;  // the benchmark's unit is ms
    const note = b.refused ? ' (refused)' : '';
    console.log(`| ${h.name} (${(bytes / 1024).toFixed(0)} KiB) | ${ourMs.toFixed(2)} ms${note} | ${t.msPerRun.toFixed(2)} ms |`);
  }
  console.log('');
  console.log(`peak RSS, whole process: Journeyer (html_bench, every benchmark above) ${(ourRss / 1024).toFixed(0)} MiB, ` +
              `sanitize-html (node) ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
  console.log(`Journeyer parser peak on one corpus entry: ${j.parser_peak_KiB.toFixed(0)} KiB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function sanitizeVersion() {
  return JSON.parse(readFileSync(new URL('./node_modules/sanitize-html/package.json', import.meta.url))).version;
}
