// A SQLite connection (SQLiteCpp over SQLite): WAL, foreign keys, a busy
// timeout, prepared statements cached per connection.
#pragma once

#include <memory>
#include <string>

#include "storage/sql/connection.h"

namespace journeyer::storage::sqlite {

enum class OpenMode { ReadWriteCreate, ReadWrite, ReadOnly };

// `max_bytes` > 0 caps the file's size (PRAGMA max_page_count).
Result<std::unique_ptr<sql::Connection>> connect(const std::string& path, int busy_timeout_ms,
                                                 OpenMode mode = OpenMode::ReadWriteCreate,
                                                 std::int64_t max_bytes = 0);

// A consistent copy of the database at `path` into `out_path`, page by page
// with SQLite's online backup API, while other connections keep writing.
Status backup(const std::string& path, const std::string& out_path, int busy_timeout_ms);

// `PRAGMA integrity_check`: Ok when SQLite answers "ok".
Status integrity_check(const std::string& path);

}  // namespace journeyer::storage::sqlite
