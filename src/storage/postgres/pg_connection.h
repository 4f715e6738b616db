// A PostgreSQL connection (libpqxx): statements prepared once per connection,
// `?` placeholders turned into `$n`.
#pragma once

#include <memory>
#include <string>

#include "storage/sql/connection.h"

namespace journeyer::storage::postgres {

enum class Access { ReadWrite, ReadOnly };

// `url` is a libpq connection URI: postgresql://user@host:port/dbname. A
// statement waiting longer than `lock_timeout_ms` for a lock fails as Busy
// (0: it waits for as long as the lock is held).
Result<std::unique_ptr<sql::Connection>> connect(const std::string& url, Access access = Access::ReadWrite,
                                                 int lock_timeout_ms = 5000);

// "SELECT ? WHERE x = ?" -> "SELECT $1 WHERE x = $2" (outside quotes).
std::string number_placeholders(const char* sql);

}  // namespace journeyer::storage::postgres
