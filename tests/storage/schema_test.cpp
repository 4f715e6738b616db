// Migrations: applied at open, recorded, idempotent; a database newer than
// the binary is refused and left untouched.
#include "storage/sql/schema.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <future>
#include <iterator>
#include <thread>

#include "storage/store_fixture.h"

namespace journeyer::storage::testing {
namespace {

std::string file_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

TEST_P(StoreTest, OpensAtTheLatestVersionAndReopens) {
  auto s = store_->schema_status();
  ASSERT_OK(s);
  EXPECT_EQ(s->version, sql::latest_version());
  EXPECT_EQ(s->binary_version, sql::latest_version());
  EXPECT_EQ(s->backend, GetParam());
  make_account("kept");
  store_.reset();
  auto again = open_store(url_);
  ASSERT_OK(again);
  auto a = (*again)->account_by_name("kept");
  EXPECT_TRUE(a.has_value());
  auto m = migrate(url_);
  ASSERT_OK(m);
  EXPECT_EQ(m->version, sql::latest_version());
}

TEST_P(StoreTest, RefusesADatabaseNewerThanTheBinaryUntouched) {
  make_account("precious");
  store_.reset();
  // A later journeyer recorded a migration this binary does not know.
  ASSERT_OK(record_version(url_, sql::latest_version() + 1));
  std::string before;
  if (GetParam() == "sqlite") before = file_bytes(dir_.path() / "site.db");
  auto refused = open_store(url_);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().kind(), ErrorKind::Conflict);
  EXPECT_NE(refused.error().message().find("newer"), std::string::npos) << refused.error().message();
  auto status_only = open_store(url_, {Migrate::CheckOnly});
  EXPECT_FALSE(status_only.has_value());
  if (GetParam() == "sqlite") {
    EXPECT_EQ(file_bytes(dir_.path() / "site.db"), before);
  }
  // The data is still there for the newer binary.
  auto version = read_version(url_);
  ASSERT_OK(version);
  EXPECT_EQ(*version, sql::latest_version() + 1);
}

TEST(StoreUrl, RefusesUnknownSchemes) {
  auto s = open_store("mysql://x");
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().kind(), ErrorKind::InvalidInput);
  EXPECT_FALSE(open_store("sqlite:").has_value());
}

TEST(StoreUrl, CheckOnlyDoesNotCreateAMissingFile) {
  TempDir dir;
  auto s = open_store("sqlite:" + (dir.path() / "absent.db").string(), {Migrate::CheckOnly});
  EXPECT_FALSE(s.has_value());
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "absent.db"));
}

// Several servers starting at once on one PostgreSQL database: one
// migrates, and the others wait for it however long that takes, not only
// for as long as a request's write waits for a lock (the busy timeout),
// which would stop them with "migration failed".
TEST(PostgresMigration, AServerStartingDuringAnotherMigrationWaitsForIt) {
  TempDir dir;
  auto url = fresh_url("postgresql", dir);
  ASSERT_OK(url);
  auto holder = raw_connection(*url);
  ASSERT_OK(holder);
  sql::Connection& other = **holder;
  // The lock a migrating server holds (schema.cpp's kMigrationLock).
  ASSERT_OK(other.begin(sql::TxMode::Write));
  ASSERT_OK(other.run("SELECT pg_advisory_xact_lock(7150001)", {}, [](const sql::Row&) -> Status { return Ok{}; }));
  OpenOptions options;
  options.busy_timeout_ms = 100;
  auto opening = std::async(std::launch::async, [&] { return open_store(*url, options); });
  // Until the second server is seen waiting for the lock (or has given up).
  auto waiting = [&] {
    std::int64_t n = 0;
    auto r = other.run(
        "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 7150001 AND NOT granted", {},
        [&](const sql::Row& row) -> Status {
          n = row.integer(0);
          return Ok{};
        });
    return r && n > 0;
  };
  bool seen = false;
  for (int i = 0; i < 300 && !seen; ++i) {
    if (opening.wait_for(std::chrono::milliseconds(0)) == std::future_status::ready) break;
    seen = waiting();
    if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(seen) << "the second server waited for the migration lock";
  // Held past the busy timeout, as a long migration would.
  std::this_thread::sleep_for(std::chrono::milliseconds(4 * options.busy_timeout_ms));
  ASSERT_OK(other.rollback());
  auto store = opening.get();
  ASSERT_OK(store);
  auto status = (*store)->schema_status();
  ASSERT_OK(status);
  EXPECT_EQ(status->version, sql::latest_version());
}

}  // namespace
}  // namespace journeyer::storage::testing
