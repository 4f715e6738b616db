// Migrations: applied at open, recorded, idempotent; a database newer than
// the binary is refused and left untouched.
#include "storage/sql/schema.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

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

}  // namespace
}  // namespace journeyer::storage::testing
