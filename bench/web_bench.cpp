// The web site in process: argon2id log-in cost, and the person page of a
// well-connected member on the real Advogato graph (Site::handle, no
// network). bench/web_bench.sh measures the same page over HTTP with wrk
// against nginx.
#include <benchmark/benchmark.h>

#include <chrono>
#include <filesystem>
#include <random>

#include "storage/graph_io.h"
#include "storage/store.h"
#include "trust/parse.h"
#include "util/io.h"
#include "web/crypto.h"
#include "web/form.h"
#include "web/site.h"
#include "web/trust_service.h"

namespace {

using namespace journeyer;

model::UnixTime fixed_now() { return 1'700'000'000; }

// One site on a temporary SQLite copy of the Advogato graph, for all benchmarks.
struct RealSite {
  std::filesystem::path dir;
  std::unique_ptr<storage::Store> store;
  std::unique_ptr<web::TrustService> trust;
  std::unique_ptr<web::Site> site;

  RealSite() {
    std::random_device rd;
    dir = std::filesystem::temp_directory_path() / ("journeyer-web-bench-" + std::to_string(rd()));
    std::filesystem::create_directories(dir);
    auto opened = storage::open_store("sqlite:" + (dir / "site.db").string());
    if (!opened) std::abort();
    store = std::move(*opened);
    web::SiteConfig config;
    auto text = read_input(JOURNEYER_TEST_DATA "/advogato-graph-latest.dot.gz");
    auto graph = trust::parse_graph(*text, config.trust.levels, "advogato");
    (void)store->import_graph(storage::graph_import_from(*graph, fixed_now()));
    storage::NewAccount a;
    a.name = "bencher";
    a.profile.email = "bencher@example.org";
    a.password_hash = *web::hash_password("bench-password-1");
    a.member_since = fixed_now();
    (void)store->create_account(a);
    trust = std::make_unique<web::TrustService>(*store, config.trust, fixed_now);
    (void)trust->recompute_now();
    site = std::make_unique<web::Site>(*store, config, *trust, fixed_now);
  }
  ~RealSite() {
    site.reset();
    trust.reset();
    store.reset();
    std::filesystem::remove_all(dir);
  }
};

RealSite& real_site() {
  static RealSite s;
  return s;
}

void BM_HashPassword(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(web::hash_password("correct horse battery staple"));
}
BENCHMARK(BM_HashPassword)->Unit(benchmark::kMillisecond)->UseRealTime();

// The whole log-in: POST /account/login, argon2id verify, session stored.
void BM_LoginRequest(benchmark::State& state) {
  auto& s = real_site();
  web::Request get;
  get.path = "/account/login";
  get.client = "192.0.2.1";
  auto form = s.site->handle(get);
  std::string set_cookie(form.header("Set-Cookie"));
  std::string csrf = set_cookie.substr(set_cookie.find('=') + 1, 43);
  int i = 0;
  for (auto _ : state) {
    web::Request r;
    r.method = web::Method::Post;
    r.path = "/account/login";
    r.content_type = "application/x-www-form-urlencoded";
    r.cookie = std::string(web::kVisitorCsrfCookie) + "=" + csrf;
    r.body = "name=bencher&password=bench-password-1&csrf=" + csrf;
    r.client = "10.0." + std::to_string(i / 250 % 250) + "." + std::to_string(i % 250);  // no rate limit
    ++i;
    auto res = s.site->handle(r);
    if (res.status != 303) state.SkipWithError("log-in failed");
  }
}
BENCHMARK(BM_LoginRequest)->Unit(benchmark::kMillisecond)->UseRealTime();

// A cookie-less visitor: served from the one-second page cache after the first.
void BM_PersonPage(benchmark::State& state) {
  auto& s = real_site();
  web::Request r;
  r.path = "/person/dreier/";
  r.client = "192.0.2.1";
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto res = s.site->handle(r);
    bytes = res.body.size();
    benchmark::DoNotOptimize(res);
  }
  state.counters["page_bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_PersonPage)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_PersonPage)->Unit(benchmark::kMicrosecond)->UseRealTime()->Threads(2);

// The same page rendered each time: a cookie keeps it out of the visitors' cache.
void BM_PersonPageRendered(benchmark::State& state) {
  auto& s = real_site();
  web::Request r;
  r.path = "/person/dreier/";
  r.cookie = "returning=1";
  r.client = "192.0.2.1";
  for (auto _ : state) benchmark::DoNotOptimize(s.site->handle(r));
}
BENCHMARK(BM_PersonPageRendered)->Unit(benchmark::kMicrosecond)->UseRealTime();

// Reading the graph from the store, computing levels and publishing them.
void BM_TrustRecompute(benchmark::State& state) {
  auto& s = real_site();
  for (auto _ : state)
    if (!s.trust->recompute_now()) state.SkipWithError("recompute failed");
}
BENCHMARK(BM_TrustRecompute)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ParseForm(benchmark::State& state) {
  std::string body = "name=alice&password=correct+horse+battery&csrf=" + std::string(43, 'x') +
                     "&notes=%3Cp%3EHello%2C+world%3C%2Fp%3E";
  for (auto _ : state) benchmark::DoNotOptimize(web::parse_form(body, web::kMaxBodyBytes));
}
BENCHMARK(BM_ParseForm);

}  // namespace

BENCHMARK_MAIN();
