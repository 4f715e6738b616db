#include "trust/metric.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <optional>
#include <random>
#include <system_error>
#include <thread>
#include <unordered_map>

#include "trust/flow.h"

namespace journeyer::trust {

namespace {

AccountId find_name(const StandingGraph& g, const std::string& name) {
  for (AccountId a = 0; a < g.account_count(); ++a)
    if (g.names[a] == name) return a;
  return NameTable::kNone;
}

std::vector<AccountId> resolve_seeds(const StandingGraph& g, const TrustConfig& c,
                                     std::vector<std::string>* missing) {
  std::vector<AccountId> ids;
  for (const auto& s : c.seeds) {
    AccountId a = find_name(g, s);
    if (a == NameTable::kNone) {
      if (missing) missing->push_back(s);
    } else if (std::find(ids.begin(), ids.end(), a) == ids.end()) {
      ids.push_back(a);
    }
  }
  return ids;
}

}  // namespace

Status validate(const TrustConfig& c) {
  if (c.seeds.empty()) return Error::invalid_input("the seed list is empty: name at least one seed account");
  for (const auto& s : c.seeds)
    if (s.empty()) return Error::invalid_input("a seed name is empty");
  if (c.caps.empty()) return Error::invalid_input("the capacity list is empty");
  for (auto cap : c.caps)
    if (cap < 1 || cap > kMaxCapacity)
      return Error::invalid_input("capacity " + std::to_string(cap) +
                                  " is not a positive integer up to " + std::to_string(kMaxCapacity));
  if (c.levels.size() < 2 || c.levels.size() > 255)
    return Error::invalid_input("there must be between 2 and 255 levels, lowest first");
  for (std::size_t i = 0; i < c.levels.size(); ++i) {
    if (c.levels[i].empty()) return Error::invalid_input("a level name is empty");
    for (std::size_t j = 0; j < i; ++j)
      if (c.levels[i] == c.levels[j]) return Error::invalid_input("level \"" + c.levels[i] + "\" is named twice");
  }
  return Ok{};
}

Result<TrustResult> compute(const StandingGraph& graph, const TrustConfig& config) {
  Status ok = validate(config);
  if (!ok) return ok.error();
  // Big arrays come from the blocks kept since the last computation; those
  // this one does not use go back to the system at its end.
  big_blocks::Use blocks;
  TrustResult result;
  result.certificates = graph.certificate_count();
  std::vector<AccountId> seeds = resolve_seeds(graph, config, &result.missing_seeds);
  const std::size_t levels = config.levels.size();
  result.accepted.assign(levels, 0);
  result.level.assign(graph.account_count(), 0);

  auto& accepted_by_level = result.accepted_on;
  accepted_by_level.assign(levels, std::vector<std::uint8_t>(graph.account_count(), 0));
  const FlowGraph fg = build_flow_graph(graph, seeds);
  auto finish_level = [&](std::size_t l, const LevelGraph& lg, const GreedyFlow& flow) {
    auto& mark = accepted_by_level[l];
    for (std::uint32_t v : lg.order)
      if (flow.accepted(v)) mark[fg.account[v]] = 1;
    result.accepted[l] = flow.accepted_count();
  };
  auto run_level = [&](std::size_t l) {
    LevelGraph lg = level_graph(fg, static_cast<LevelIndex>(l));
    GreedyFlow flow(lg, config.caps);
    flow.run();
    finish_level(l, lg, flow);
  };
  // The levels are independent. The top level's search is usually the
  // longest: its set-up runs on two cores, then its search runs here while
  // as many workers as there are other cores take the rest, from the top
  // down. A failure in any worker (memory running out, say) reaches the
  // caller once all have stopped, instead of ending the process.
  const std::size_t top = levels - 1;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  std::optional<LevelGraph> top_graph(level_graph(fg, static_cast<LevelIndex>(top), cores));
  std::optional<GreedyFlow> top_flow;
  top_flow.emplace(*top_graph, config.caps, FlowTuning{}, cores);
  std::atomic<std::size_t> next_level{top - 1};
  std::vector<std::exception_ptr> failed(levels);
  auto worker = [&] {
    for (std::size_t l; (l = next_level.fetch_sub(1)) >= 1 && l < levels;) {
      try {
        run_level(l);
      } catch (...) {
        failed[l] = std::current_exception();
      }
    }
  };
  std::vector<std::thread> workers;
  try {
    for (std::size_t i = 1; i < std::min<std::size_t>(cores, levels - 1); ++i) workers.emplace_back(worker);
  } catch (const std::system_error&) {
    // No more threads to be had: this one takes what the others would have.
  }
  try {
    top_flow->run();
    finish_level(top, *top_graph, *top_flow);
  } catch (...) {
    failed[top] = std::current_exception();
  }
  // Its memory goes back before this thread takes another level.
  top_flow.reset();
  top_graph.reset();
  worker();
  for (auto& w : workers) w.join();
  for (const auto& f : failed)
    if (f) std::rethrow_exception(f);

  for (std::size_t l = 1; l < levels; ++l)
    for (AccountId a = 0; a < graph.account_count(); ++a)
      if (accepted_by_level[l][a]) result.level[a] = static_cast<LevelIndex>(l);
  return result;
}

Result<Explanation> explain(const StandingGraph& graph, const TrustConfig& config,
                            const std::string& account) {
  Status ok = validate(config);
  if (!ok) return ok.error();
  AccountId target = find_name(graph, account);
  if (target == NameTable::kNone) return Error::not_found("no account named \"" + account + "\" in the graph");
  Explanation ex;
  std::vector<AccountId> seeds = resolve_seeds(graph, config, &ex.missing_seeds);
  ex.account = account;
  ex.per_level.resize(config.levels.size());
  const FlowGraph fg = build_flow_graph(graph, seeds);
  std::uint32_t local = 0;
  for (std::uint32_t v = 1; v < fg.size(); ++v)
    if (fg.account[v] == target) local = v;
  for (std::size_t l = 1; l < config.levels.size(); ++l) {
    LevelExplanation& le = ex.per_level[l];
    LevelGraph lg = level_graph(fg, static_cast<LevelIndex>(l));
    if (local == 0 || lg.dist[local] == LevelGraph::kUnreachable) {
      le.verdict = LevelExplanation::Verdict::Unreachable;
      continue;
    }
    le.distance = lg.dist[local];
    le.capacity = config.caps[std::min<std::size_t>(le.distance, config.caps.size() - 1)];
    GreedyFlow flow(lg, config.caps);
    flow.run();
    if (flow.accepted(local)) {
      le.verdict = LevelExplanation::Verdict::Accepted;
      ex.level = static_cast<LevelIndex>(l);
      // A chain of certificates carrying flow from the root to the account:
      // breadth-first backwards over flow-carrying certificates.
      std::vector<std::uint32_t> parent(fg.size(), GreedyFlow::kUnreachable), queue{local};
      parent[local] = local;
      for (std::size_t h = 0; h < queue.size() && parent[0] == GreedyFlow::kUnreachable; ++h) {
        std::uint32_t v = queue[h];
        for (std::uint32_t k = lg.in_begin(v); k < lg.in_end[v]; ++k) {
          const FlowGraph::InArc a = fg.in_arc[k];
          if (flow.edge_flow(a.edge) > 0 && parent[a.tail] == GreedyFlow::kUnreachable) {
            parent[a.tail] = v;
            queue.push_back(a.tail);
          }
        }
      }
      for (std::uint32_t v = parent[0]; v != GreedyFlow::kUnreachable; v = parent[v]) {
        le.chain.push_back(graph.names[fg.account[v]]);
        if (v == local) break;
      }
      continue;
    }
    // Rejected: replay up to its turn and look at the residual network then.
    const auto turn = static_cast<std::uint32_t>(std::find(lg.order.begin(), lg.order.end(), local) - lg.order.begin());
    GreedyFlow at_turn(lg, config.caps);
    at_turn.run(turn);
    le.verdict = LevelExplanation::Verdict::Blocked;
    le.accepted_before = at_turn.accepted_count();
    le.root_exhausted = at_turn.root_exhausted();
    if (le.root_exhausted) continue;
    // Saturated accounts on the cut: ancestors of the account on G_l that
    // the source still reaches but that cannot pass anything more on.
    std::vector<std::uint8_t> reach = at_turn.residual_reachable();
    std::vector<std::uint8_t> seen(fg.size(), 0);
    std::vector<std::uint32_t> queue{local}, cut;
    seen[local] = 1;
    for (std::size_t h = 0; h < queue.size(); ++h) {
      std::uint32_t v = queue[h];
      if (v != local && v != 0 && reach[2 * v] && !reach[2 * v + 1]) {
        cut.push_back(v);
        continue;  // the cut separates: look no further behind it
      }
      for (std::uint32_t k = lg.in_begin(v); k < lg.in_end[v]; ++k) {
        const std::uint32_t u = fg.in_arc[k].tail;
        if (!seen[u] && lg.dist[u] != LevelGraph::kUnreachable) {
          seen[u] = 1;
          queue.push_back(u);
        }
      }
    }
    // Priority order: distance on G_l, then name.
    std::vector<std::uint32_t> rank(fg.size(), 0);
    for (std::uint32_t i = 0; i < lg.order.size(); ++i) rank[lg.order[i]] = i;
    std::sort(cut.begin(), cut.end(), [&](std::uint32_t a, std::uint32_t b) { return rank[a] < rank[b]; });
    le.saturated_total = cut.size();
    for (std::size_t i = 0; i < cut.size() && i < kMaxNamed; ++i)
      le.saturated.push_back(graph.names[fg.account[cut[i]]]);
  }
  return ex;
}

Result<std::vector<std::string>> pick_confused(const StandingGraph& graph, const TrustConfig& config,
                                               std::size_t k, std::uint64_t random_seed) {
  auto r = compute(graph, config);
  if (!r) return r.error();
  const LevelIndex top = static_cast<LevelIndex>(config.levels.size() - 1);
  std::vector<AccountId> pool;
  for (AccountId a = 0; a < graph.account_count(); ++a)
    if (r->level[a] == top) pool.push_back(a);
  if (k > pool.size())
    return Error::invalid_input("asked for " + std::to_string(k) + " confused accounts but only " +
                                std::to_string(pool.size()) + " are accepted at " + config.levels[top]);
  std::mt19937_64 rng(random_seed);
  // A partial Fisher-Yates shuffle with our own bounded draw, so the choice
  // is the same with every standard library.
  for (std::size_t i = 0; i < k; ++i) {
    std::size_t j = i + static_cast<std::size_t>(rng() % (pool.size() - i));
    std::swap(pool[i], pool[j]);
  }
  std::vector<std::string> names;
  for (std::size_t i = 0; i < k; ++i) names.push_back(graph.names[pool[i]]);
  return names;
}

std::uint64_t nest_certificates(std::uint64_t sybils, std::uint64_t confused) {
  if (sybils == 0) return 0;  // nothing to certify: none are added
  const std::uint64_t entries = std::min(sybils, confused);
  return confused + entries * (sybils - 1) + (sybils - entries) * std::min<std::uint64_t>(sybils - 1, kNestFanout);
}

Result<AttackResult> simulate_attack(const CertGraph& history, const TrustConfig& config,
                                     const AttackSpec& spec) {
  Status ok = validate(config);
  if (!ok) return ok.error();
  if (spec.sybils > kMaxSybils)
    return Error::too_large("at most " + std::to_string(kMaxSybils) + " fake accounts");
  if (const std::uint64_t certs = nest_certificates(spec.sybils, spec.confused.size()); certs > kMaxNestCertificates)
    return Error::too_large("a nest of " + std::to_string(spec.sybils) + " fake accounts entered by " +
                            std::to_string(spec.confused.size()) + " confused members takes " + std::to_string(certs) +
                            " certificates, and at most " + std::to_string(kMaxNestCertificates) +
                            " can be simulated: choose fewer fakes or fewer confused members");
  CertGraph attacked = history;
  const AccountId real_count = static_cast<AccountId>(history.accounts.size());
  std::vector<AccountId> confused;
  for (const auto& name : spec.confused) {
    AccountId a = history.accounts.find(name);
    if (a == NameTable::kNone) return Error::not_found("no account named \"" + name + "\" to confuse");
    // Named twice, it would count twice in the bound but certify one fake.
    if (std::find(confused.begin(), confused.end(), a) != confused.end())
      return Error::invalid_input("the confused account \"" + name + "\" is named twice");
    confused.push_back(a);
  }
  // Fake names that cannot collide with real ones.
  std::string prefix = "sybil-";
  while (true) {
    bool clash = false;
    for (AccountId a = 0; a < real_count && !clash; ++a)
      clash = history.accounts.name(a).compare(0, prefix.size(), prefix) == 0;
    if (!clash) break;
    prefix += "x";
  }
  const LevelIndex top = static_cast<LevelIndex>(config.levels.size() - 1);
  const LevelIndex entry_level = spec.level == 0 ? top : std::min(spec.level, top);
  const std::size_t n = spec.sybils;
  attacked.accounts.reserve(real_count + n);
  for (std::size_t i = 0; i < n; ++i) attacked.accounts.intern(prefix + std::to_string(i));
  auto fake = [&](std::size_t i) { return static_cast<AccountId>(real_count + i); };
  if (n > 0) {
    std::vector<std::uint8_t> entry(n, 0);
    for (std::size_t i = 0; i < confused.size(); ++i) {
      attacked.certificates.push_back({confused[i], fake(i % n), entry_level});
      entry[i % n] = 1;
    }
    const std::size_t fan = std::min(n - 1, kNestFanout);
    for (std::size_t i = 0; i < n; ++i) {
      if (entry[i]) {
        for (std::size_t j = 0; j < n; ++j)
          if (j != i) attacked.certificates.push_back({fake(i), fake(j), top});
      } else {
        for (std::size_t d = 1; d <= fan; ++d) attacked.certificates.push_back({fake(i), fake((i + d) % n), top});
      }
    }
  }
  StandingGraph g = standing_graph(attacked);
  auto r = compute(g, config);
  if (!r) return r.error();

  AttackResult out;
  out.confused = spec.confused;
  out.missing_seeds = std::move(r->missing_seeds);
  const std::size_t levels = config.levels.size();
  out.fakes_accepted.assign(levels, 0);
  out.real_accepted.assign(levels, 0);
  out.bound.assign(levels, 0);
  for (std::size_t l = 1; l < levels; ++l) {
    for (AccountId a = 0; a < g.account_count(); ++a) {
      if (r->level[a] < l) continue;
      ++(a >= real_count ? out.fakes_accepted[l] : out.real_accepted[l]);
    }
  }
  // Levien's bound: the capacities of the confused accounts, at their
  // distance on each level's graph (fakes change no real distance). Above
  // the confused accounts' certificates no flow enters the nest.
  std::vector<AccountId> seeds = resolve_seeds(g, config, nullptr);
  const FlowGraph fg = build_flow_graph(g, seeds);
  std::unordered_map<AccountId, std::uint32_t> local;
  for (std::uint32_t v = 1; v < fg.size(); ++v) local[fg.account[v]] = v;
  std::vector<AccountId> distinct = confused;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  for (std::size_t l = 1; l <= entry_level; ++l) {
    LevelGraph lg = level_graph(fg, static_cast<LevelIndex>(l));
    for (AccountId c : distinct) {
      auto it = local.find(c);
      if (it == local.end() || lg.dist[it->second] == LevelGraph::kUnreachable) continue;
      out.bound[l] += config.caps[std::min<std::size_t>(lg.dist[it->second], config.caps.size() - 1)];
    }
  }
  return out;
}

}  // namespace journeyer::trust
