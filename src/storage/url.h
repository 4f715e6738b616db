// Database URLs: `sqlite:PATH` or `postgresql://user@host:port/dbname`.
#pragma once

#include <string>

#include "util/result.h"

namespace journeyer::storage {

enum class Backend { Sqlite, Postgres };

struct DatabaseUrl {
  Backend backend;
  std::string target;  // the SQLite file's path, or the libpq URI
};

Result<DatabaseUrl> parse_database_url(const std::string& url);

}  // namespace journeyer::storage
