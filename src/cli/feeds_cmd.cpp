// `journeyer feeds fetch`: the blog aggregator from the command line, once
// or on its schedule until interrupted.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/progress.h"
#include "feeds/aggregator.h"
#include "html/policy.h"
#include "storage/store.h"
#include "web/config.h"

namespace journeyer::cli {

namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_signal(int) { g_stop = true; }

model::UnixTime wall_clock() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

struct FetchOptions {
  std::string db;
  std::string config;
  bool once = false;
};

void print_report(const feeds::CycleReport& r) {
  std::printf(
      "feeds: %zu due, %zu fetched, %zu unchanged (304), %zu failed; %zu new posts, %zu updated, %zu "
      "refused\n",
      r.due, r.fetched, r.not_modified, r.failed, r.new_posts, r.updated_posts, r.refused_posts);
  if (r.store_errors > 0)
    std::printf(
        "feeds: %zu fetches could not be recorded (the database refused them); they are tried again later\n",
        r.store_errors);
  std::fflush(stdout);
}

int run_fetch(const FetchOptions& o) {
  auto config =
      o.config.empty() ? Result<web::SiteConfig>(web::SiteConfig{}) : web::load_site_config(o.config);
  if (!config) return report(config.error());
  auto policy = html::named_policy("diary");
  if (!policy) return report(policy.error());
  auto store = storage::open_store(o.db);
  if (!store) return report(store.error());
  feeds::Aggregator aggregator(**store, *policy, config->feeds, wall_clock);
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  while (true) {
    ProgressBar bar("fetching feeds");
    std::size_t total = 0;
    auto result = aggregator.run_cycle(
        [&](const feeds::CycleReport& r) {
          total = r.due;
          bar.update(r.done(), total);
        },
        &g_stop);
    if (!result) return report(result.error());
    bar.update(total, total);
    print_report(*result);
    if (o.once || g_stop) break;
    for (int i = 0; i < 60 && !g_stop; ++i) std::this_thread::sleep_for(std::chrono::seconds(1));
    if (g_stop) break;
  }
  return kExitOk;
}

}  // namespace

void add_feeds_commands(CLI::App& app, Action& chosen) {
  auto* feeds = app.add_subcommand("feeds", "The blog aggregator (members' syndicated feeds)");
  feeds->require_subcommand(1);
  auto o = std::make_shared<FetchOptions>();
  auto* f = feeds->add_subcommand(
      "fetch",
      "Fetch every feed that is due and import new posts as diary entries; then every minute, "
      "until interrupted (--once: one pass)");
  f->add_option("--db", o->db, "Database URL: sqlite:PATH or postgresql://user@host:port/dbname")
      ->envname("JOURNEYER_DB")
      ->required();
  f->add_option("--config", o->config, "The site's configuration (TOML): [feeds] and levels");
  f->add_flag("--once", o->once, "One pass over the feeds due now, then exit");
  f->callback([&chosen, o] { chosen = [o] { return run_fetch(*o); }; });
}

}  // namespace journeyer::cli
