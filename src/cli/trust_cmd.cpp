// `journeyer trust`, `journeyer trust explain`, `journeyer trust attack`.
#include <chrono>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/flags.h"
#include "trust/metric.h"
#include "trust/parse.h"
#include "util/io.h"

namespace journeyer::cli {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

struct Loaded {
  trust::CertGraph history;  // as read from a file, if asked for; else empty
  trust::StandingGraph standing;
  double read_ms = 0;
};

// From a file (--graph) or a site's database (--db), exactly one of them.
// The history read from a file is kept only when `keep_history`: else its
// memory, and the file's, goes back to the big blocks before the
// computation, which takes its arrays from them instead of from fresh pages.
Result<Loaded> load(const std::string& path, const std::string& db, const trust::TrustConfig& config,
                    bool keep_history = false) {
  if (path.empty() == db.empty())
    return Error::invalid_input("trust: give exactly one of --graph FILE and --db URL");
  auto t0 = Clock::now();
  if (!db.empty()) {
    auto store = open_existing(db);
    if (!store) return store.error();
    auto g = (*store)->load_trust_graph(storage::GraphOptions{.include_aliases = true});
    if (!g) return g.error();
    Loaded out;
    out.standing = std::move(*g->graph);
    out.read_ms = ms_since(t0);
    return out;
  }
  auto text = read_input(path);
  if (!text) return text.error();
  auto parsed = trust::parse_graph(*text, config.levels, path == "-" ? "<stdin>" : path);
  if (!parsed) return parsed.error();
  Loaded out;
  out.standing = trust::standing_graph(*parsed);
  if (keep_history) out.history = std::move(*parsed);
  out.read_ms = ms_since(t0);
  return out;
}

void warn_missing(const std::vector<std::string>& missing) {
  for (const auto& s : missing) std::fprintf(stderr, "journeyer: warning: seed \"%s\" is not in the graph\n", s.c_str());
}

struct TrustOptions {
  std::string graph;
  std::string db;
  TrustFlags flags;
  bool json = false;
  bool names = false;
};

int run_trust(const TrustOptions& o) {
  auto config = o.flags.config();
  if (!config) return report(config.error());
  auto loaded = load(o.graph, o.db, *config);
  if (!loaded) return report(loaded.error());
  auto t0 = Clock::now();
  auto result = trust::compute(loaded->standing, *config);
  double compute_ms = ms_since(t0);
  if (!result) return report(result.error());
  warn_missing(result->missing_seeds);
  const auto& levels = config->levels;
  if (o.json) {
    nlohmann::ordered_json j;
    j["accounts"] = loaded->standing.account_count();
    j["certificates"] = result->certificates;
    nlohmann::ordered_json acc = nlohmann::ordered_json::object();
    for (std::size_t l = 1; l < levels.size(); ++l) acc[levels[l]] = result->accepted[l];
    j["accepted"] = acc;
    if (o.names) {
      // Account names are distinct: append them in order, without the
      // linear search ordered_json's operator[] makes for every new key
      // (quadratic: hours on a million names).
      nlohmann::ordered_json names = nlohmann::ordered_json::object();
      auto& list = static_cast<nlohmann::ordered_json::object_t::Container&>(
          names.get_ref<nlohmann::ordered_json::object_t&>());
      list.reserve(loaded->standing.account_count());
      for (std::size_t a = 0; a < loaded->standing.account_count(); ++a)
        list.emplace_back(loaded->standing.names[a], levels[result->level[a]]);
      j["levels"] = std::move(names);
    }
    std::printf("%s\n", j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace).c_str());
    return kExitOk;
  }
  // With --names standard output is the list alone, NAME<TAB>LEVEL lines a
  // program can read; the summary goes to standard error.
  FILE* summary = o.names ? stderr : stdout;
  std::fprintf(summary, "%zu %s, %zu standing %s; seeds %s; capacities %s\n", loaded->standing.account_count(),
               loaded->standing.account_count() == 1 ? "account" : "accounts", result->certificates,
               result->certificates == 1 ? "certificate" : "certificates", o.flags.seeds.c_str(),
               o.flags.caps.c_str());
  std::fprintf(summary, "Accepted on each level's graph:\n");
  for (std::size_t l = 1; l < levels.size(); ++l)
    std::fprintf(summary, "  %-12s %zu\n", levels[l].c_str(), result->accepted[l]);
  std::vector<std::size_t> at(levels.size(), 0);
  for (auto l : result->level) ++at[l];
  std::fprintf(summary, "Members by level:\n");
  for (std::size_t l = levels.size(); l-- > 0;) std::fprintf(summary, "  %-12s %zu\n", levels[l].c_str(), at[l]);
  if (o.names)
    for (std::size_t a = 0; a < loaded->standing.account_count(); ++a)
      std::printf("%s\t%s\n", loaded->standing.names[a].c_str(), levels[result->level[a]].c_str());
  std::fprintf(summary, "Read in %.1f ms, computed in %.1f ms.\n", loaded->read_ms, compute_ms);
  return kExitOk;
}

struct ExplainOptions {
  TrustOptions base;
  std::string account;
};

int run_explain(const ExplainOptions& o) {
  auto config = o.base.flags.config();
  if (!config) return report(config.error());
  auto loaded = load(o.base.graph, o.base.db, *config);
  if (!loaded) return report(loaded.error());
  auto ex = trust::explain(loaded->standing, *config, o.account);
  if (!ex) return report(ex.error());
  warn_missing(ex->missing_seeds);
  const auto& levels = config->levels;
  using V = trust::LevelExplanation::Verdict;
  if (o.base.json) {
    nlohmann::ordered_json j;
    j["account"] = ex->account;
    j["level"] = levels[ex->level];
    nlohmann::ordered_json per = nlohmann::ordered_json::object();
    for (std::size_t l = 1; l < levels.size(); ++l) {
      const auto& le = ex->per_level[l];
      nlohmann::ordered_json x;
      x["verdict"] = le.verdict == V::Accepted ? "accepted" : le.verdict == V::Blocked ? "blocked" : "unreachable";
      if (le.verdict != V::Unreachable) {
        x["distance"] = le.distance;
        x["capacity"] = le.capacity;
      }
      if (le.verdict == V::Accepted) x["chain"] = le.chain;
      if (le.verdict == V::Blocked) {
        x["root_exhausted"] = le.root_exhausted;
        x["accepted_before"] = le.accepted_before;
        x["saturated"] = le.saturated;
        x["saturated_total"] = le.saturated_total;
      }
      per[levels[l]] = x;
    }
    j["per_level"] = per;
    std::printf("%s\n", j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace).c_str());
    return kExitOk;
  }
  std::printf("%s is certified at %s level.\n", ex->account.c_str(), levels[ex->level].c_str());
  for (std::size_t l = levels.size() - 1; l >= 1; --l) {
    const auto& le = ex->per_level[l];
    std::printf("%s: ", levels[l].c_str());
    if (le.verdict == V::Unreachable) {
      std::printf("not accepted: no chain of %s-or-better certificates reaches it from a seed.\n",
                  levels[l].c_str());
    } else if (le.verdict == V::Accepted) {
      std::printf("accepted at distance %u (capacity %lld); its unit came along ", le.distance,
                  static_cast<long long>(le.capacity));
      for (std::size_t i = 0; i < le.chain.size(); ++i)
        std::printf("%s%s", i ? " -> " : "", le.chain[i].c_str());
      std::printf(".\n");
    } else if (le.root_exhausted) {
      std::printf("not accepted: reachable at distance %u, but the seeds' whole capacity went to the %zu "
                  "accounts ahead of it in priority order.\n", le.distance, le.accepted_before);
    } else {
      std::printf("not accepted: reachable at distance %u, but every route to it runs through accounts "
                  "whose capacity was used by the %zu accounts ahead of it; saturated on the cut (%zu):",
                  le.distance, le.accepted_before, le.saturated_total);
      for (const auto& s : le.saturated) std::printf(" %s", s.c_str());
      if (le.saturated_total > le.saturated.size()) std::printf(" ...");
      std::printf("\n");
    }
    if (l == 1) break;
  }
  return kExitOk;
}

struct AttackOptions {
  TrustOptions base;
  std::size_t sybils = 0;
  std::size_t confused = 0;
  std::string confused_names;
  bool names_given = false;  // --confused-names, even empty
  std::uint64_t random_seed = 1;
};

int run_attack(const AttackOptions& o) {
  auto config = o.base.flags.config();
  if (!config) return report(config.error());
  auto loaded = load(o.base.graph, o.base.db, *config, /*keep_history=*/true);
  if (!loaded) return report(loaded.error());
  trust::AttackSpec spec;
  spec.sybils = o.sybils;
  if (o.names_given) {
    auto names = split_list(o.confused_names, "confused account");
    if (!names) return report(names.error());
    spec.confused = *names;
  } else {
    auto picked = trust::pick_confused(loaded->standing, *config, o.confused, o.random_seed);
    if (!picked) return report(picked.error());
    spec.confused = *picked;
  }
  // A database holds only the standing certificates: they are the history.
  auto r = loaded->history.accounts.size() > 0
               ? trust::simulate_attack(loaded->history, *config, spec)
               : trust::simulate_attack(trust::history_of(loaded->standing), *config, spec);
  if (!r) return report(r.error());
  warn_missing(r->missing_seeds);
  const auto& levels = config->levels;
  if (o.base.json) {
    nlohmann::ordered_json j;
    j["sybils"] = o.sybils;
    j["confused"] = r->confused;
    nlohmann::ordered_json per = nlohmann::ordered_json::object();
    for (std::size_t l = 1; l < levels.size(); ++l)
      per[levels[l]] = {{"fakes_accepted", r->fakes_accepted[l]},
                        {"bound", r->bound[l]},
                        {"real_accepted", r->real_accepted[l]}};
    j["per_level"] = per;
    std::printf("%s\n", j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace).c_str());
    return kExitOk;
  }
  std::printf("%zu fake %s certifying each other, joined by %zu confused real %s:\n", o.sybils,
              o.sybils == 1 ? "account" : "accounts", r->confused.size(),
              r->confused.size() == 1 ? "member" : "members");
  for (std::size_t l = 1; l < levels.size(); ++l)
    std::printf("  %-12s %zu fakes accepted (Levien's bound %lld); %zu real members at this level or above\n",
                levels[l].c_str(), r->fakes_accepted[l], static_cast<long long>(r->bound[l]),
                r->real_accepted[l]);
  return kExitOk;
}

}  // namespace

void add_trust_commands(CLI::App& app, Action& chosen) {
  auto* trust = app.add_subcommand("trust", "Compute the trust metric on a certificate graph");
  trust->require_subcommand(0, 1);
  auto opts = std::make_shared<TrustOptions>();
  trust->add_option("--graph", opts->graph, "Certificate graph: Advogato DOT dump or issuer<TAB>subject<TAB>level "
                                            "lines; - for stdin; .gz read directly");
  trust->add_option("--db", opts->db, "A site's database instead: sqlite:PATH or postgresql://...");
  opts->flags.add_to(*trust);
  trust->add_flag("--json", opts->json, "Print one JSON object");
  trust->add_flag("--names", opts->names, "Also list every account's level");
  trust->callback([trust, opts, &chosen] {
    if (trust->get_subcommands().empty()) {
      chosen = [opts] { return run_trust(*opts); };
      return;
    }
    // `trust --seeds a explain NAME`: options before the subcommand would
    // belong to `trust` itself and be ignored; say where they go.
    const std::string sub = trust->get_subcommands().front()->get_name();
    for (const char* name : {"--graph", "--db", "--seeds", "--caps", "--levels", "--json", "--names"})
      if (trust->count(name) > 0)
        throw CLI::ValidationError(std::string(name), "give it after `" + sub + "` (journeyer trust " + sub + " ... " +
                                                          name + " ...); before it, it would be ignored");
  });

  auto ex = std::make_shared<ExplainOptions>();
  auto* explain = trust->add_subcommand("explain", "Why an account is or is not at each level");
  explain->add_option("name", ex->account, "Account name")->required();
  explain->add_option("--graph", ex->base.graph, "Certificate graph");
  explain->add_option("--db", ex->base.db, "A site's database instead of --graph");
  ex->base.flags.add_to(*explain);
  explain->add_flag("--json", ex->base.json, "Print one JSON object");
  explain->callback([ex, &chosen] { chosen = [ex] { return run_explain(*ex); }; });

  auto at = std::make_shared<AttackOptions>();
  auto* attack = trust->add_subcommand("attack", "Simulate a nest of fake accounts and report how many get in");
  attack->add_option("--graph", at->base.graph, "Certificate graph");
  attack->add_option("--db", at->base.db, "A site's database instead of --graph");
  at->base.flags.add_to(*attack);
  // Counts and seeds are whole numbers from 0: "-1" would otherwise wrap
  // round to the largest one.
  const CLI::Validator not_negative(
      [](std::string& value) -> std::string {
        if (value.find('-') == std::string::npos) return {};
        return "must be a whole number from 0 up, not " + value;
      },
      "NUMBER");
  attack->add_option("--sybils", at->sybils, "Number of fake accounts")->required()->check(not_negative);
  auto* confused = attack->add_option("--confused", at->confused,
                                      "Number of real accounts (accepted at the top level, chosen at random) that "
                                      "certify a fake")
                       ->check(not_negative);
  auto* names = attack->add_option("--confused-names", at->confused_names, "The confused accounts, comma-separated");
  confused->excludes(names);
  attack->add_option("--random-seed", at->random_seed, "Seed for the random choice")
      ->capture_default_str()
      ->check(not_negative);
  attack->add_flag("--json", at->base.json, "Print one JSON object");
  attack->callback([at, attack, &chosen] {
    at->names_given = attack->count("--confused-names") > 0;
    chosen = [at] { return run_attack(*at); };
  });
}

}  // namespace journeyer::cli
