// What every storage test needs: a fresh database of either backend, and a
// temporary folder that goes away.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "storage/sql/connection.h"
#include "storage/store.h"

namespace journeyer::storage::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A URL naming a new, empty database: a file in `dir` for "sqlite", a new
// database in the shared throwaway cluster for "postgresql".
Result<std::string> fresh_url(const std::string& backend, const TempDir& dir,
                              const std::string& name = "site");

// Writes a row into schema_migrations directly, as a newer binary would.
Status record_version(const std::string& url, int version);
// The schema version, read directly.
Result<int> read_version(const std::string& url);
// A connection of its own to the database at `url`, beside any store.
Result<std::unique_ptr<sql::Connection>> raw_connection(const std::string& url);
// Builds the schema of the empty database `conn` is on as a journeyer of
// schema version `version` left it, to test migrating from there.
Status build_schema_up_to(sql::Connection& conn, int version);

// The backends the conformance suite runs against.
inline std::vector<std::string> backends() { return {"sqlite", "postgresql"}; }

// A parameterized test over both backends with an open store.
class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override;
  AccountId make_account(const std::string& name, UnixTime when = 1000);

  TempDir dir_;
  std::string url_;
  std::unique_ptr<Store> store_;
};

std::string backend_name(const ::testing::TestParamInfo<std::string>& info);

// A dump of today's format as a journeyer before dump format 2 wrote it:
// format 1 in the header, no end line (for tests of older dumps).
std::string format_1(const std::string& dump);

}  // namespace journeyer::storage::testing

#define ASSERT_OK(expr)                                                      \
  do {                                                                       \
    const auto& journeyer_r_ = (expr);                                       \
    ASSERT_TRUE(journeyer_r_.has_value()) << journeyer_r_.error().message(); \
  } while (0)

#define EXPECT_ERROR(expr, kind_)                                                               \
  do {                                                                                          \
    const auto& journeyer_r_ = (expr);                                                          \
    ASSERT_FALSE(journeyer_r_.has_value()) << "expected an error";                              \
    EXPECT_EQ(journeyer_r_.error().kind(), ErrorKind::kind_) << journeyer_r_.error().message(); \
  } while (0)
