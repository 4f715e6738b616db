// `journeyer db migrate|status|backup`, `journeyer import advogato-graph|dump`,
// `journeyer export`: the store's commands.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "cli/commands.h"
#include "cli/flags.h"
#include "cli/progress.h"
#include "storage/dump.h"
#include "storage/graph_io.h"
#include "storage/store.h"
#include "trust/parse.h"
#include "util/io.h"

namespace journeyer::cli {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

model::UnixTime now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void add_db_option(CLI::App* cmd, std::string& url) {
  cmd->add_option("--db", url, "Database URL: sqlite:PATH or postgresql://user@host:port/dbname")
      ->envname("JOURNEYER_DB")
      ->required();
}

int run_migrate(const std::string& url) {
  auto st = storage::migrate(url);
  if (!st) return report(st.error());
  std::printf("%s database at schema version %d (the newest this journeyer knows)\n", st->backend.c_str(),
              st->version);
  return kExitOk;
}

int run_status(const std::string& url) {
  auto store = storage::open_store(url, {storage::Migrate::CheckOnly});
  if (!store) return report(store.error());
  auto st = (*store)->schema_status();
  if (!st) return report(st.error());
  std::printf("backend: %s\nschema version: %d\nthis journeyer knows: %d\n", st->backend.c_str(), st->version,
              st->binary_version);
  if (st->version < st->binary_version)
    std::printf("%d migration(s) pending: run `journeyer db migrate --db URL` (or start the server)\n",
                st->binary_version - st->version);
  return kExitOk;
}

int run_backup(const std::string& url, const std::string& out) {
  auto t0 = Clock::now();
  Status st = storage::backup_sqlite(url, out);
  if (!st) return report(st.error());
  std::fprintf(stderr, "journeyer: copied to %s in %.0f ms\n", out.c_str(), ms_since(t0));
  return kExitOk;
}

struct ImportGraphOptions {
  std::string file;
  std::string url;
  std::string levels = "Observer,Apprentice,Journeyer,Master";
};

int run_import_graph(const ImportGraphOptions& o) {
  auto levels = split_list(o.levels, "level");
  if (!levels) return report(levels.error());
  auto t0 = Clock::now();
  auto text = read_input(o.file);
  if (!text) return report(text.error());
  auto graph = trust::parse_graph(*text, *levels, o.file == "-" ? "<stdin>" : o.file);
  if (!graph) return report(graph.error());
  auto store = storage::open_store(o.url);
  if (!store) return report(store.error());
  storage::GraphImport in = storage::graph_import_from(*graph, now_seconds());
  ProgressBar bar("importing");
  in.progress = [&](std::size_t done, std::size_t total) { bar.update(done, total); };
  auto sum = (*store)->import_graph(in);
  if (!sum) return report(sum.error());
  std::fprintf(
      stderr,
      "journeyer: %zu accounts created, %zu already there, %zu lower-case twins kept as aliases; "
      "%zu certificates recorded, %zu unchanged (already so, in the database or on an earlier line), %zu skipped "
      "(self-certificates and lowest-level ones naming an alias); %.0f ms\n",
      sum->accounts_created, sum->accounts_existing, sum->aliases_created, sum->certificates_recorded,
      sum->certificates_unchanged, sum->certificates_skipped, ms_since(t0));
  return kExitOk;
}

int run_import_dump(const std::string& file, const std::string& url) {
  std::ifstream in_file;
  std::istream* in = &std::cin;
  if (file != "-") {
    in_file.open(file, std::ios::binary);
    if (!in_file) return report(Error::not_found("cannot open " + file));
    in = &in_file;
  }
  auto store = storage::open_store(url);
  if (!store) return report(store.error());
  auto sum = storage::read_dump(**store, *in);
  // Its messages name the line ("line 22: ..."); the file goes first.
  if (!sum) return report(Error(sum.error().kind(), (file == "-" ? "<stdin>" : file) + ": " + sum.error().message()));
  std::fprintf(stderr, "journeyer: %zu rows imported\n", sum->rows);
  return kExitOk;
}

int run_export(const std::string& url, bool with_secrets) {
  // A mistyped path must not give an empty dump that looks like a backup.
  auto store = open_existing(url);
  if (!store) return report(store.error());
  std::ios::sync_with_stdio(false);
  auto sum = storage::write_dump(**store, std::cout,
                                 with_secrets ? storage::Secrets::Include : storage::Secrets::Omit);
  if (!sum) return report(sum.error());
  return kExitOk;
}

}  // namespace

void add_storage_commands(CLI::App& app, Action& chosen) {
  auto* db = app.add_subcommand("db", "The database: migrate, status, backup");
  db->require_subcommand(1);

  auto url_migrate = std::make_shared<std::string>();
  auto* migrate = db->add_subcommand("migrate", "Apply pending schema migrations");
  add_db_option(migrate, *url_migrate);
  migrate->callback([&chosen, url_migrate] { chosen = [url_migrate] { return run_migrate(*url_migrate); }; });

  auto url_status = std::make_shared<std::string>();
  auto* status = db->add_subcommand("status", "Show the schema version (changes nothing)");
  add_db_option(status, *url_status);
  status->callback([&chosen, url_status] { chosen = [url_status] { return run_status(*url_status); }; });

  auto backup = std::make_shared<std::pair<std::string, std::string>>();
  auto* bk = db->add_subcommand("backup", "A consistent copy of a SQLite database while it is in use");
  add_db_option(bk, backup->first);
  bk->add_option("OUT", backup->second, "The copy to write")->required();
  bk->callback(
      [&chosen, backup] { chosen = [backup] { return run_backup(backup->first, backup->second); }; });

  auto* import = app.add_subcommand("import", "Import into the database");
  import->require_subcommand(1);

  auto graph = std::make_shared<ImportGraphOptions>();
  auto* ig = import->add_subcommand("advogato-graph",
                                    "Accounts and certificates of an Advogato graph dump (DOT, gz too); "
                                    "importing twice changes nothing");
  ig->add_option("FILE", graph->file, "The dump ('-' for standard input)")->required();
  add_db_option(ig, graph->url);
  ig->add_option("--levels", graph->levels, "Level names, lowest first")->capture_default_str();
  ig->callback([&chosen, graph] { chosen = [graph] { return run_import_graph(*graph); }; });

  auto dump = std::make_shared<std::pair<std::string, std::string>>();
  auto* id = import->add_subcommand("dump", "Read a `journeyer export` dump into an empty database");
  id->add_option("FILE", dump->first, "The dump ('-' for standard input)")->required();
  add_db_option(id, dump->second);
  id->callback([&chosen, dump] { chosen = [dump] { return run_import_dump(dump->first, dump->second); }; });

  auto exp = std::make_shared<std::pair<std::string, bool>>("", false);
  auto* ex = app.add_subcommand("export", "Write everything as JSON Lines to standard output");
  add_db_option(ex, exp->first);
  ex->add_flag("--with-secrets", exp->second, "Include password hashes, sessions and token hashes");
  ex->callback([&chosen, exp] { chosen = [exp] { return run_export(exp->first, exp->second); }; });
}

}  // namespace journeyer::cli
