// Trust metric speed: the real Advogato graph and synthetic graphs of
// 100,000 accounts / 1,000,000 certificates and 1,000,000 / 10,000,000
// (generated with `journeyer graph generate`'s generator, seed 7). Results
// are reported in docs/performance.md; run with `make bench`.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cstdio>
#include <fstream>
#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <random>

#include "trust/flow.h"
#include "util/big_blocks.h"
#include "trust/generate.h"
#include "trust/interest.h"
#include "trust/metric.h"
#include "trust/parse.h"
#include "util/io.h"

namespace {

using namespace journeyer;
using namespace journeyer::trust;

const std::vector<std::string> kLevels{"Observer", "Apprentice", "Journeyer", "Master"};

double peak_rss_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

// The kernel's share of that (page faults, mostly) and the pages faulted in.
double system_cpu_s() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_stime.tv_sec) + static_cast<double>(u.ru_stime.tv_usec) / 1e6;
}

double minor_faults() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_minflt);
}

double process_cpu_s() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

const StandingGraph& real_graph() {
  static const StandingGraph g = [] {
    auto text = read_input(std::string(JOURNEYER_TEST_DATA) + "/advogato-graph-latest.dot.gz");
    auto parsed = parse_graph(*text, kLevels, "advogato");
    return standing_graph(*parsed);
  }();
  return g;
}

struct Synthetic {
  std::string path;  // the DOT file on disk
  StandingGraph graph;
  TrustConfig config;
};

// Generated once per size and kept for the process: the file is written to
// the temporary folder, as `journeyer graph generate > FILE` would.
const Synthetic& synthetic(std::size_t accounts, std::size_t certs, std::int64_t scale) {
  static std::map<std::size_t, std::unique_ptr<Synthetic>> cache;
  auto& slot = cache[accounts];
  if (!slot) {
    slot = std::make_unique<Synthetic>();
    CertGraph g = generate_graph(accounts, certs, 7);
    slot->path = "/tmp/journeyer-bench-" + std::to_string(accounts) + ".dot";
    std::ofstream(slot->path) << write_dot(g, kLevels);
    slot->graph = standing_graph(g);
    slot->config.seeds = {"u0", "u1", "u2", "u3"};
    slot->config.caps.clear();
    for (std::int64_t c : {100000, 20000, 5000, 1000, 200, 40, 8, 2, 1})
      slot->config.caps.push_back(std::max<std::int64_t>(1, c * scale));
  }
  return *slot;
}

void report(benchmark::State& state, const TrustResult& r) {
  state.counters["apprentice"] = static_cast<double>(r.accepted[1]);
  state.counters["journeyer"] = static_cast<double>(r.accepted[2]);
  state.counters["master"] = static_cast<double>(r.accepted[3]);
  state.counters["peak_rss_MB"] = peak_rss_mb();
}

void BM_RealGraph_AllLevels(benchmark::State& state) {
  const StandingGraph& g = real_graph();
  TrustConfig config;
  for (auto _ : state) {
    auto r = compute(g, config);
    benchmark::DoNotOptimize(r);
    if (state.iterations() == 1) report(state, *r);
  }
}
BENCHMARK(BM_RealGraph_AllLevels)->Unit(benchmark::kMillisecond)->Repetitions(5)->ReportAggregatesOnly(true);

void BM_RealGraph_Read(benchmark::State& state) {
  const std::string path = std::string(JOURNEYER_TEST_DATA) + "/advogato-graph-latest.dot.gz";
  for (auto _ : state) {
    auto text = read_input(path);
    auto parsed = parse_graph(*text, kLevels, "advogato");
    StandingGraph g = standing_graph(*parsed);
    benchmark::DoNotOptimize(g);
  }
}
BENCHMARK(BM_RealGraph_Read)->Unit(benchmark::kMillisecond)->Repetitions(5)->ReportAggregatesOnly(true);

void BM_Synthetic100k_AllLevels(benchmark::State& state) {
  const Synthetic& s = synthetic(100'000, 1'000'000, 1);
  for (auto _ : state) {
    auto r = compute(s.graph, s.config);
    benchmark::DoNotOptimize(r);
    report(state, *r);
  }
}
BENCHMARK(BM_Synthetic100k_AllLevels)->Unit(benchmark::kMillisecond)->Iterations(3)->Repetitions(5)->ReportAggregatesOnly(true);

// Reading a generated graph's DOT file: loading it, parsing it and applying
// the certificate rules, each step's time a counter.
void read_file(benchmark::State& state, const Synthetic& s) {
  for (auto _ : state) {
    auto t0 = std::chrono::steady_clock::now();
    auto text = read_input(s.path);
    auto t1 = std::chrono::steady_clock::now();
    auto parsed = parse_graph(*text, kLevels, s.path);
    auto t2 = std::chrono::steady_clock::now();
    StandingGraph g = standing_graph(*parsed);
    auto t3 = std::chrono::steady_clock::now();
    benchmark::DoNotOptimize(g);
    state.counters["read_ms"] = std::chrono::duration<double, std::milli>(t1 - t0).count();
    state.counters["parse_ms"] = std::chrono::duration<double, std::milli>(t2 - t1).count();
    state.counters["rules_ms"] = std::chrono::duration<double, std::milli>(t3 - t2).count();
  }
}

void BM_Synthetic100k_ReadFile(benchmark::State& state) { read_file(state, synthetic(100'000, 1'000'000, 1)); }
BENCHMARK(BM_Synthetic100k_ReadFile)->Unit(benchmark::kMillisecond)->Iterations(3)->Repetitions(5)->ReportAggregatesOnly(true);

void BM_Synthetic1M_ReadFile(benchmark::State& state) { read_file(state, synthetic(1'000'000, 10'000'000, 10)); }
BENCHMARK(BM_Synthetic1M_ReadFile)->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(3)->ReportAggregatesOnly(true);

// One level at a time, without threads: where the time goes.
void one_level(benchmark::State& state, const Synthetic& s) {
  std::vector<AccountId> seeds{0, 1, 2, 3};
  const auto level = static_cast<LevelIndex>(state.range(0));
  using Clock = std::chrono::steady_clock;
  auto ms = [](Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); };
  for (auto _ : state) {
    auto t0 = Clock::now();
    FlowGraph fg = build_flow_graph(s.graph, seeds);
    auto t1 = Clock::now();
    LevelGraph lg = level_graph(fg, level);
    GreedyFlow flow(lg, s.config.caps);
    auto t2 = Clock::now();
    flow.run();
    auto t3 = Clock::now();
    state.counters["shared_ms"] = ms(t1 - t0);
    state.counters["setup_ms"] = ms(t2 - t1);
    state.counters["search_ms"] = ms(t3 - t2);
    state.counters["accepted"] = static_cast<double>(flow.accepted_count());
    state.counters["relabels"] = static_cast<double>(flow.stats().raises);
    state.counters["arcs_scanned"] = static_cast<double>(flow.stats().arcs_scanned);
    state.counters["exact_relabels"] = static_cast<double>(flow.stats().global_relabels);
    state.counters["failed"] = static_cast<double>(flow.stats().failed_searches);
    state.counters["failed_work"] = static_cast<double>(flow.stats().failed_work);
    state.counters["gaps"] = static_cast<double>(flow.stats().gaps);
    state.counters["nodes"] = static_cast<double>(lg.order.size());
    state.counters["arcs"] = static_cast<double>(lg.arc_count);
  }
}

void BM_Synthetic100k_OneLevel(benchmark::State& state) { one_level(state, synthetic(100'000, 1'000'000, 1)); }
BENCHMARK(BM_Synthetic100k_OneLevel)->Arg(1)->Arg(2)->Arg(3)->Unit(benchmark::kMillisecond)->Iterations(3)->Repetitions(3)->ReportAggregatesOnly(true);

void BM_Synthetic1M_OneLevel(benchmark::State& state) { one_level(state, synthetic(1'000'000, 10'000'000, 10)); }
BENCHMARK(BM_Synthetic1M_OneLevel)->Arg(1)->Arg(2)->Arg(3)->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(3)->ReportAggregatesOnly(true);

void BM_Synthetic1M_AllLevels(benchmark::State& state) {
  const Synthetic& s = synthetic(1'000'000, 10'000'000, 10);
  for (auto _ : state) {
    const double cpu_before = process_cpu_s(), sys_before = system_cpu_s(), faults_before = minor_faults();
    auto r = compute(s.graph, s.config);
    benchmark::DoNotOptimize(r);
    report(state, *r);
    // All threads' CPU time: how well the two cores were used.
    state.counters["process_cpu_s"] = process_cpu_s() - cpu_before;
    state.counters["system_cpu_s"] = system_cpu_s() - sys_before;
    state.counters["faults"] = minor_faults() - faults_before;
    state.counters["kept_MB"] = static_cast<double>(kept_block_bytes()) / (1 << 20);
  }
}
BENCHMARK(BM_Synthetic1M_AllLevels)->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(3)->ReportAggregatesOnly(true);

// Diary interest predictions for every reader: `ratings` random ratings
// (readers uniform, diarists preferential like certificate subjects).
std::vector<Rating> synthetic_ratings(std::size_t accounts, std::size_t count) {
  std::mt19937_64 rng(11);
  std::vector<Rating> out;
  std::vector<AccountId> diarists;
  for (std::size_t i = 0; i < count; ++i) {
    auto reader = static_cast<AccountId>(rng() % accounts);
    AccountId diarist = !diarists.empty() && rng() % 2 ? diarists[rng() % diarists.size()]
                                                       : static_cast<AccountId>(rng() % accounts);
    diarists.push_back(diarist);
    out.push_back({reader, diarist, 1 + static_cast<int>(rng() % 10)});
  }
  return out;
}

void predictions(benchmark::State& state, const StandingGraph& g, std::size_t ratings,
                 double tolerance = kInterestTolerance) {
  std::vector<Rating> r = synthetic_ratings(g.account_count(), ratings);
  for (auto _ : state) {
    InterestModel model(g, r, tolerance);
    auto all = model.all_predictions();
    state.counters["predictions"] = static_cast<double>(all.total());
    benchmark::DoNotOptimize(all);
  }
  state.counters["peak_rss_MB"] = peak_rss_mb();
}

void BM_Interest_RealGraph_100kRatings(benchmark::State& state) { predictions(state, real_graph(), 100'000); }
BENCHMARK(BM_Interest_RealGraph_100kRatings)->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(3)->ReportAggregatesOnly(true);

void BM_Interest_100kMembers_1MRatings(benchmark::State& state) {
  predictions(state, synthetic(100'000, 1'000'000, 1).graph, 1'000'000);
}
BENCHMARK(BM_Interest_100kMembers_1MRatings)->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(3)->ReportAggregatesOnly(true);

// The same at twice the tolerance (2e-2), for the trade-off in interest.h.
void BM_Interest_100kMembers_1MRatings_Tolerance2e2(benchmark::State& state) {
  predictions(state, synthetic(100'000, 1'000'000, 1).graph, 1'000'000, 2e-2);
}
BENCHMARK(BM_Interest_100kMembers_1MRatings_Tolerance2e2)->Unit(benchmark::kMillisecond)->Iterations(1)->Repetitions(3)->ReportAggregatesOnly(true);

}  // namespace

BENCHMARK_MAIN();
