// Safe HTML throughput (docs/performance.md, "Safe HTML"): the sanitizer on
// a generated corpus of diary-sized entries and on hostile inputs.
//
//   html_bench [benchmark flags]       run the benchmarks
//   html_bench --write-corpus DIR      write the corpus and the hostile
//                                      inputs as files, for the side-by-side
//                                      run with sanitize-html (bench/sanitize-html/)
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "html/markdown.h"
#include "html/sanitize.h"

namespace {

using namespace journeyer::html;

// Deterministic pseudo-random numbers (a 64-bit LCG): the same corpus on
// every machine and run.
struct Random {
  std::uint64_t state;
  std::uint32_t next() {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::uint32_t>(state >> 33);
  }
  std::size_t below(std::size_t n) { return next() % n; }
};

constexpr std::size_t kCorpusEntries = 300;

const char* const kWords[] = {
    "the",
    "trust",
    "metric",
    "hacking",
    "on",
    "GNOME",
    "today",
    "release",
    "patch",
    "kernel",
    "free",
    "software",
    "diary",
    "certified",
    "Journeyer",
    "Master",
    "Apprentice",
    "weekend",
    "wrote",
    "fixed",
    "bug",
    "in",
    "parser",
    "caf\xC3\xA9",
    "na\xC3\xAFve",
    "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E",
    "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D",
    "\xF0\x9F\x9A\x80",
    "and",
    "a",
    "of",
    "to",
    "with",
    "that",
    "is",
    "for",
    "it",
    "was",
    "community",
    "server",
};

std::string words(Random& r, std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) {
    if (i) s += ' ';
    s += kWords[r.below(std::size(kWords))];
  }
  return s;
}

std::string inline_run(Random& r) {
  std::string s;
  std::size_t pieces = 4 + r.below(8);
  for (std::size_t i = 0; i < pieces; ++i) {
    switch (r.below(14)) {
      case 0:
        s += "<a href=\"http://www.example.org/" + words(r, 1) + "/" + std::to_string(r.below(1000)) + "\">" +
             words(r, 2) + "</a>";
        break;
      case 1:
        s += "<b>" + words(r, 2) + "</b>";
        break;
      case 2:
        s += "<i>" + words(r, 1) + "</i>";
        break;
      case 3:
        s += "<em>" + words(r, 2) + "</em>";
        break;
      case 4:
        s += "<code>x &lt; y &amp;&amp; z</code>";
        break;
      case 5:
        s += " &amp; caf&eacute; &mdash; ";
        break;
      case 6:
        s += "<person>raph</person>";
        break;
      case 7:
        s += "<span style=\"color: red\">" + words(r, 2) + "</span>";
        break;  // dropped, text kept
      case 8:
        s += "<br>";
        break;
      case 9:
        s += "<font face=\"Arial\">" + words(r, 2) + "</font>";
        break;
      default:
        s += words(r, 6 + r.below(12));
        break;
    }
    s += ' ';
  }
  return s;
}

std::string diary_entry(Random& r) {
  std::string s;
  std::size_t blocks = 3 + r.below(12);
  for (std::size_t b = 0; b < blocks; ++b) {
    switch (r.below(12)) {
      case 0:
        s += "<ul>\n";
        for (std::size_t i = 0, n = 2 + r.below(5); i < n; ++i) s += "<li>" + inline_run(r) + "</li>\n";
        s += "</ul>\n";
        break;
      case 1:
        s += "<blockquote><p>" + inline_run(r) + "</p></blockquote>\n";
        break;
      case 2:
        s += "<pre><code>for (int i = 0; i &lt; n; ++i) {\n  sum += a[i] &amp; mask;\n}</code></pre>\n";
        break;
      case 3:
        s += "<img src=\"http://www.example.org/photo.jpg\" alt=\"photo\" width=\"200\">\n";
        break;
      case 4:
        s += "<h2>" + words(r, 3) + "</h2>\n";
        break;
      case 5:
        s += "<div class=\"note\">" + inline_run(r) + "</div>\n";
        break;
      case 6:
        if (r.below(4) == 0) s += "<script>document.write('hi')</script>\n";
        break;
      default:
        s += "<p>" + inline_run(r) + inline_run(r) + "</p>\n";
        break;
    }
  }
  return s;
}

const std::vector<std::string>& corpus() {
  static const std::vector<std::string> entries = [] {
    Random r{42};
    std::vector<std::string> v;
    for (std::size_t i = 0; i < kCorpusEntries; ++i) v.push_back(diary_entry(r));
    return v;
  }();
  return entries;
}

std::string repeat(std::string_view s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

struct Hostile {
  const char* name;
  std::string input;
};

// Hostile inputs at the diary limits (256 KiB, 4096 tags).
const std::vector<Hostile>& hostile() {
  static const std::vector<Hostile> inputs = [] {
    std::vector<Hostile> v;
    v.push_back({"nested_div_4000", repeat("<div>", 4000) + "x"});
    v.push_back({"nested_ul_li_2000", repeat("<ul><li>", 2000) + "x"});
    std::string b;
    for (int i = 0; i < 4000; ++i) b += "<b a=" + std::to_string(i) + ">";
    v.push_back({"nested_b_distinct_4000", b + "x"});
    v.push_back({"nested_div_50000_refused", repeat("<div>", 50000)});
    v.push_back({"lt_a_no_gt_256k_refused", repeat("<a", 128 * 1024)});
    v.push_back({"attributes_256k_one_tag_refused", "<p" + repeat(" a=b", 64 * 1024 - 1) + ">"});
    std::string bomb = "<p>";
    for (int i = 0; i < 1000; ++i) bomb += "<b a=" + std::to_string(i) + ">";
    v.push_back({"formatting_bomb_refused", bomb + "</p>" + repeat("<p>x</p>", 1500)});
    v.push_back({"plain_text_256k", repeat("just words & more words. ", 10000)});
    v.push_back({"flat_p_4000", repeat("<p>para", 4000)});
    return v;
  }();
  return inputs;
}

const Policy& diary() {
  static const Policy p = *named_policy("diary");
  return p;
}

void BM_SanitizeDiaryCorpus(benchmark::State& state) {
  std::size_t bytes = 0, parser_peak = 0;
  for (const auto& e : corpus()) bytes += e.size();
  for (auto _ : state) {
    for (const auto& e : corpus()) {
      auto r = sanitize_with_report(e, diary());
      if (!r) state.SkipWithError(r.error().message().c_str());
      parser_peak = std::max(parser_peak, r->report.parser_bytes);
      benchmark::DoNotOptimize(r->html.str().data());
    }
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.counters["entries"] = static_cast<double>(corpus().size());
  state.counters["corpus_KiB"] = static_cast<double>(bytes) / 1024;
  state.counters["parser_peak_KiB"] = static_cast<double>(parser_peak) / 1024;
}
BENCHMARK(BM_SanitizeDiaryCorpus)->Unit(benchmark::kMillisecond);

void BM_MarkdownCorpus(benchmark::State& state) {
  // The same prose as Markdown: paragraphs, emphasis, links, lists, code.
  static const std::vector<std::string> md = [] {
    Random r{7};
    std::vector<std::string> v;
    for (std::size_t i = 0; i < kCorpusEntries; ++i) {
      std::string s;
      for (std::size_t b = 0, n = 3 + r.below(12); b < n; ++b) {
        s += words(r, 20) + " *" + words(r, 2) + "* [" + words(r, 2) + "](http://www.example.org/" +
             std::to_string(r.below(999)) + ") `a < b` " + words(r, 15) + "\n\n";
        if (r.below(4) == 0) s += "- " + words(r, 5) + "\n- " + words(r, 5) + "\n\n";
        if (r.below(6) == 0) s += "    code & <more>\n\n";
      }
      v.push_back(s);
    }
    return v;
  }();
  std::size_t bytes = 0;
  for (const auto& e : md) bytes += e.size();
  for (auto _ : state)
    for (const auto& e : md) {
      auto r = markdown_to_html(e, diary());
      if (!r) state.SkipWithError(r.error().message().c_str());
      benchmark::DoNotOptimize(r->str().data());
    }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_MarkdownCorpus)->Unit(benchmark::kMillisecond);

void BM_Hostile(benchmark::State& state) {
  const Hostile& h = hostile()[static_cast<std::size_t>(state.range(0))];
  state.SetLabel(h.name);
  bool refused = false;
  std::size_t parser = 0;
  for (auto _ : state) {
    auto r = sanitize_with_report(h.input, diary());
    refused = !r;
    if (r) parser = r->report.parser_bytes;
    benchmark::DoNotOptimize(refused);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * h.input.size()));
  state.counters["input_KiB"] = static_cast<double>(h.input.size()) / 1024;
  state.counters["refused"] = refused;
  state.counters["parser_KiB"] = static_cast<double>(parser) / 1024;
}
BENCHMARK(BM_Hostile)->DenseRange(0, 8)->Unit(benchmark::kMillisecond);

int write_corpus(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir / "corpus");
  std::filesystem::create_directories(dir / "hostile");
  for (std::size_t i = 0; i < corpus().size(); ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "entry-%03zu.html", i);
    std::ofstream(dir / "corpus" / name, std::ios::binary) << corpus()[i];
  }
  for (const auto& h : hostile())
    std::ofstream(dir / "hostile" / (std::string(h.name) + ".html"), std::ios::binary) << h.input;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::strcmp(argv[1], "--write-corpus") == 0) return write_corpus(argv[2]);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::fprintf(stderr, "peak RSS: %ld KiB\n", usage.ru_maxrss);
  return 0;
}
