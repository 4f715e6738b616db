// One engine version's side of bench/ab/compare: compiled once per version
// and per role (A or B) with -Djourneyer=journeyer_<role> against that
// version's src/, so that two versions of the trust engine live in one
// process. VAR names the role.
#include <chrono>

#include "trust/flow.h"
#include "trust/generate.h"
#include "trust/graph.h"
#include "trust/metric.h"

namespace {

using namespace journeyer;
using namespace journeyer::trust;

// The 1M / 10M graph and configuration of bench/trust_bench.cpp.
struct Setup {
  StandingGraph graph;
  TrustConfig config;
  std::vector<AccountId> seeds;
  FlowGraph flow_graph;
};

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

#define AB_CAT2(a, b) a##b
#define AB_CAT(a, b) AB_CAT2(a, b)

extern "C" void* AB_CAT(VAR, _setup)() {
  auto* s = new Setup;
  s->graph = standing_graph(generate_graph(1'000'000, 10'000'000, 7));
  s->config.seeds = {"u0", "u1", "u2", "u3"};
  s->config.caps.clear();
  for (std::int64_t c : {100000, 20000, 5000, 1000, 200, 40, 8, 2, 1}) s->config.caps.push_back(c * 10);
  for (AccountId a = 0; a < s->graph.account_count(); ++a)
    for (const auto& name : s->config.seeds)
      if (s->graph.names[a] == name) s->seeds.push_back(a);
  s->flow_graph = build_flow_graph(s->graph, s->seeds);
  return s;
}

// One level's search (its set-up not counted); *accepted gets its count.
extern "C" double AB_CAT(VAR, _level)(void* p, int level, std::size_t* accepted) {
  auto* s = static_cast<Setup*>(p);
  LevelGraph lg = level_graph(s->flow_graph, static_cast<LevelIndex>(level));
  GreedyFlow flow(lg, s->config.caps);
  const auto t0 = std::chrono::steady_clock::now();
  flow.run();
  const double ms = ms_since(t0);
  *accepted = flow.accepted_count();
  return ms;
}

// compute() for all levels; *accepted gets the Master and Journeyer counts.
extern "C" double AB_CAT(VAR, _all)(void* p, std::size_t* accepted) {
  auto* s = static_cast<Setup*>(p);
  const auto t0 = std::chrono::steady_clock::now();
  auto r = compute(s->graph, s->config);
  const double ms = ms_since(t0);
  *accepted = r ? r->accepted[3] * 1'000'000'000ull + r->accepted[2] : 0;
  return ms;
}

// Building the shared graph of all levels alone; *accepted gets its size
// (accounts, then certificates) for the comparison of the two versions.
extern "C" double AB_CAT(VAR, _shared)(void* p, std::size_t* accepted) {
  auto* s = static_cast<Setup*>(p);
  const auto t0 = std::chrono::steady_clock::now();
  FlowGraph fg = build_flow_graph(s->graph, s->seeds);
  const double ms = ms_since(t0);
  *accepted = fg.size() * 1'000'000'000ull + fg.out_head.size();
  return ms;
}
