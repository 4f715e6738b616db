// A throwaway PostgreSQL cluster for tests (tests/support/pg-cluster does the
// work). Under ctest the cluster is started once by the `journeyer_pg`
// fixture and named by the JOURNEYER_PG_STATE environment variable; a test
// binary run by hand starts its own and stops it at exit.
//
//   auto url = journeyer::testing::PgCluster::shared().fresh_database();
//   ASSERT_TRUE(url) << url.error().message();
//   auto store = journeyer::storage::open_store(*url);
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "util/result.h"

namespace journeyer::testing {

class PgCluster {
 public:
  // The cluster of this process (started on first use). Thread-safe.
  static PgCluster& shared();

  // Starts a cluster of its own; stopped by the destructor.
  static Result<std::unique_ptr<PgCluster>> start();
  ~PgCluster();
  PgCluster(const PgCluster&) = delete;
  PgCluster& operator=(const PgCluster&) = delete;

  // Whether the cluster is up; the error says why not.
  Status status() const;
  // postgresql://postgres@127.0.0.1:PORT/postgres
  const std::string& url() const { return url_; }
  // A new, empty database with a unique name; its URL.
  Result<std::string> fresh_database();

 private:
  PgCluster() = default;
  std::string state_file_;
  std::string url_;
  bool owned_ = false;
  std::string error_;
  std::mutex m_;
  int counter_ = 0;
};

}  // namespace journeyer::testing
