#include "storage/store_fixture.h"

#include <unistd.h>

#include <cstdlib>
#include <sstream>

#include "storage/postgres/pg_connection.h"
#include "storage/sql/schema.h"
#include "storage/sqlite/sqlite_connection.h"
#include "storage/url.h"
#include "support/pg_cluster.h"

namespace journeyer::storage::testing {

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "journeyer-store.XXXXXX").string();
  char* made = mkdtemp(tmpl.data());
  path_ = made ? made : tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

Result<std::string> fresh_url(const std::string& backend, const TempDir& dir, const std::string& name) {
  if (backend == "sqlite") return "sqlite:" + (dir.path() / (name + ".db")).string();
  return journeyer::testing::PgCluster::shared().fresh_database();
}

Result<std::unique_ptr<sql::Connection>> raw_connection(const std::string& url) {
  auto parsed = parse_database_url(url);
  if (!parsed) return parsed.error();
  if (parsed->backend == Backend::Sqlite) return sqlite::connect(parsed->target, 5000);
  return postgres::connect(parsed->target);
}

Status record_version(const std::string& url, int version) {
  auto c = raw_connection(url);
  if (!c) return c.error();
  auto r =
      (*c)->run("INSERT INTO schema_migrations (version, applied_at, description) VALUES (?, 0, 'future')",
                {std::int64_t{version}});
  if (!r) return r.error();
  return Ok{};
}

Status build_schema_up_to(sql::Connection& conn, int version) {
  Status st = conn.exec_script(
      "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL, "
      "description TEXT NOT NULL)");
  if (!st) return st;
  for (const auto& m : sql::migrations()) {
    if (m.version > version) break;
    st = conn.exec_script(sql::ddl_for(m, conn.dialect()));
    if (!st) return st;
    auto r = conn.run("INSERT INTO schema_migrations (version, applied_at, description) VALUES (?, 0, ?)",
                      {std::int64_t{m.version}, std::string_view(m.description)});
    if (!r) return r.error();
  }
  return Ok{};
}

Result<int> read_version(const std::string& url) {
  auto c = raw_connection(url);
  if (!c) return c.error();
  return sql::schema_version(**c);
}

void StoreTest::SetUp() {
  auto url = fresh_url(GetParam(), dir_);
  ASSERT_TRUE(url) << url.error().message();
  url_ = *url;
  auto store = open_store(url_);
  ASSERT_TRUE(store) << store.error().message();
  store_ = std::move(*store);
}

AccountId StoreTest::make_account(const std::string& name, UnixTime when) {
  NewAccount a;
  a.name = name;
  a.member_since = when;
  auto id = store_->create_account(a);
  EXPECT_TRUE(id) << id.error().message();
  return id ? *id : AccountId{};
}

std::string backend_name(const ::testing::TestParamInfo<std::string>& info) { return info.param; }

std::string format_1(const std::string& dump) {
  std::string out;
  std::istringstream lines(dump);
  std::string line;
  for (bool first = true; std::getline(lines, line); first = false) {
    if (line.rfind("{\"journeyer_dump_end\":", 0) == 0) continue;
    if (first && line.rfind("{\"journeyer_dump\":2,", 0) == 0) line.replace(0, 19, "{\"journeyer_dump\":1");
    out += line + "\n";
  }
  return out;
}

}  // namespace journeyer::storage::testing
