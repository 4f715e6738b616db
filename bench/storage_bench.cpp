// Store speed (docs/performance.md, "## Store"): importing the real Advogato
// graph, loading the standing graph in bulk for the trust engine (the real
// graph; 100,000 accounts / 1,000,000 certificates from
// trust::generate_graph, seed 7), and the reads of a person page; on SQLite,
// and the same on a throwaway PostgreSQL cluster on loopback
// (tests/support/pg-cluster). Run with `make bench` or
// build/.../bench/storage_bench.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>

#include "storage/graph_io.h"
#include "storage/store.h"
#include "trust/generate.h"
#include "trust/parse.h"
#include "util/io.h"

namespace {

using namespace journeyer;
using namespace journeyer::storage;

const std::vector<std::string> kLevels{"Observer", "Apprentice", "Journeyer", "Master"};

// A folder under /tmp for this run, removed at exit.
std::filesystem::path make_scratch() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "journeyer-bench.XXXXXX").string();
  return mkdtemp(tmpl.data());
}

void remove_scratch();

const std::filesystem::path& scratch() {
  static const std::filesystem::path dir = make_scratch();
  // Registered once `dir` is built, so it runs before `dir` is destroyed.
  static const bool cleanup = (std::atexit(remove_scratch), true);
  (void)cleanup;
  return dir;
}

void remove_scratch() {
  std::error_code ec;
  std::filesystem::remove_all(scratch(), ec);
}

const std::string& real_text() {
  static const std::string text = [] {
    auto t = read_input(std::string(JOURNEYER_TEST_DATA) + "/advogato-graph-latest.dot.gz");
    if (!t) std::abort();
    return std::string(t->data(), t->size());
  }();
  return text;
}

const trust::CertGraph& real_graph() {
  static const trust::CertGraph g = [] {
    auto parsed = trust::parse_graph(real_text(), kLevels, "advogato");
    if (!parsed) std::abort();
    return std::move(*parsed);
  }();
  return g;
}

std::unique_ptr<Store> open_or_die(const std::string& url) {
  auto s = open_store(url);
  if (!s) {
    std::fprintf(stderr, "%s\n", s.error().message().c_str());
    std::abort();
  }
  return std::move(*s);
}

// A PostgreSQL cluster for this run, stopped at exit; "" when none starts.
std::string pg_database(const std::string& name) {
  static const std::string script = std::string(JOURNEYER_TEST_DATA) + "/../support/pg-cluster";
  static const std::string state = (scratch() / "pg.state").string();
  static const bool up = [] {
    bool ok = std::system((script + " start " + state + " >/dev/null").c_str()) == 0;
    if (ok) std::atexit([] { (void)std::system((script + " stop " + state).c_str()); });
    return ok;
  }();
  if (!up) return "";
  std::string out;
  FILE* p = popen((script + " createdb " + state + " " + name + " 2>/dev/null").c_str(), "r");
  if (!p) return "";
  char buf[256];
  while (fgets(buf, sizeof buf, p)) out += buf;
  pclose(p);
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

enum class Backend { Sqlite, Postgres };

// A database holding `graph`, made once per process and name.
std::string database_with(const std::string& name, const trust::CertGraph& graph,
                          Backend backend = Backend::Sqlite) {
  static std::map<std::string, std::string> made;
  std::string key = name + (backend == Backend::Postgres ? "-pg" : "");
  if (made.count(key)) return made[key];
  std::string url =
      backend == Backend::Sqlite ? "sqlite:" + (scratch() / (name + ".db")).string() : pg_database(name);
  if (url.empty()) return url;
  made[key] = url;
  auto store = open_or_die(url);
  auto count = store->count_accounts();
  if (count && *count == 0) {
    auto r = store->import_graph(graph_import_from(graph, 1));
    if (!r) std::abort();
  }
  return url;
}

// `journeyer import advogato-graph` into a new SQLite file: parse + import.
void BM_ImportRealGraphFromFile(benchmark::State& state) {
  int n = 0;
  for (auto _ : state) {
    std::string url = "sqlite:" + (scratch() / ("import" + std::to_string(n++) + ".db")).string();
    auto parsed = trust::parse_graph(real_text(), kLevels, "advogato");
    auto store = open_or_die(url);
    auto r = store->import_graph(graph_import_from(*parsed, 1));
    if (!r) state.SkipWithError(r.error().message().c_str());
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_ImportRealGraphFromFile)->Unit(benchmark::kMillisecond)->Iterations(3);

// Importing the same graph again: finds everything there, changes nothing.
void BM_ReimportRealGraph(benchmark::State& state) {
  auto store = open_or_die(database_with("real", real_graph()));
  for (auto _ : state) {
    auto r = store->import_graph(graph_import_from(real_graph(), 2));
    if (!r || r->certificates_recorded != 0) state.SkipWithError("reimport changed something");
  }
}
BENCHMARK(BM_ReimportRealGraph)->Unit(benchmark::kMillisecond)->Iterations(3);

void load_graph(benchmark::State& state, const std::string& url) {
  if (url.empty()) {
    state.SkipWithError("no PostgreSQL cluster");
    return;
  }
  auto store = open_or_die(url);
  std::size_t certs = 0;
  for (auto _ : state) {
    auto g = store->load_trust_graph({});
    if (!g)
      state.SkipWithError(g.error().message().c_str());
    else
      certs = g->graph->certificate_count();
  }
  state.counters["certificates"] = static_cast<double>(certs);
}

void BM_LoadTrustGraphReal(benchmark::State& state) {
  load_graph(state, database_with("real", real_graph()));
}
BENCHMARK(BM_LoadTrustGraphReal)->Unit(benchmark::kMillisecond);

void BM_LoadTrustGraph100k1M(benchmark::State& state) {
  static const std::string url = database_with("synthetic", trust::generate_graph(100'000, 1'000'000, 7));
  load_graph(state, url);
}
BENCHMARK(BM_LoadTrustGraph100k1M)->Unit(benchmark::kMillisecond)->Iterations(5);

void BM_LoadTrustGraphReal_Postgres(benchmark::State& state) {
  load_graph(state, database_with("real", real_graph(), Backend::Postgres));
}
BENCHMARK(BM_LoadTrustGraphReal_Postgres)->Unit(benchmark::kMillisecond);

void BM_LoadTrustGraph100k1M_Postgres(benchmark::State& state) {
  static const std::string url =
      database_with("synthetic", trust::generate_graph(100'000, 1'000'000, 7), Backend::Postgres);
  load_graph(state, url);
}
BENCHMARK(BM_LoadTrustGraph100k1M_Postgres)->Unit(benchmark::kMillisecond)->Iterations(3);

// A person page: the profile, certificates both ways, the level, the latest
// diary entries (dreier, well connected, with 30 entries).
void person_page(benchmark::State& state, const std::string& url) {
  if (url.empty()) {
    state.SkipWithError("no PostgreSQL cluster");
    return;
  }
  auto store = open_or_die(url);
  auto me = store->account_by_name("dreier");
  if (!me) {
    state.SkipWithError("no dreier");
    return;
  }
  auto n = store->count_diary_entries(me->id);
  for (int i = n ? static_cast<int>(*n) : 0; i < 30; ++i)
    (void)store->add_diary_entry(
        {me->id, "Day " + std::to_string(i), std::string(2000, 'x'), model::TextFormat::Html, 1000 + i});
  std::size_t rows = 0;
  for (auto _ : state) {
    auto a = store->account_by_name("dreier");
    auto level = store->published_level(a->id);
    auto from = store->certificates_from(a->id);
    auto to = store->certificates_to(a->id);
    auto diary = store->diary_entries(a->id, {0, 5});
    auto projects = store->projects_of(a->id);
    rows = from->size() + to->size() + diary->size();
    benchmark::DoNotOptimize(level);
    benchmark::DoNotOptimize(projects);
  }
  state.counters["rows"] = static_cast<double>(rows);
}

void BM_PersonPageReads(benchmark::State& state) { person_page(state, database_with("real", real_graph())); }
BENCHMARK(BM_PersonPageReads)->Unit(benchmark::kMicrosecond);

void BM_PersonPageReads_Postgres(benchmark::State& state) {
  person_page(state, database_with("real", real_graph(), Backend::Postgres));
}
BENCHMARK(BM_PersonPageReads_Postgres)->Unit(benchmark::kMicrosecond);

// Importing the real graph into an empty PostgreSQL database.
void BM_ImportRealGraph_Postgres(benchmark::State& state) {
  int n = 0;
  for (auto _ : state) {
    std::string url = pg_database("import" + std::to_string(n++));
    if (url.empty()) {
      state.SkipWithError("no PostgreSQL cluster");
      return;
    }
    auto store = open_or_die(url);
    auto r = store->import_graph(graph_import_from(real_graph(), 1));
    if (!r) state.SkipWithError(r.error().message().c_str());
  }
}
BENCHMARK(BM_ImportRealGraph_Postgres)->Unit(benchmark::kMillisecond)->Iterations(2);

}  // namespace

BENCHMARK_MAIN();
