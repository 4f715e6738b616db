#include "storage/sqlite/sqlite_connection.h"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>
#include <unordered_map>

namespace journeyer::storage::sqlite {

namespace {

Error error_from_code(int code, const std::string& what, const char* detail) {
  std::string msg = what + ": " + (detail ? detail : sqlite3_errstr(code));
  switch (code & 0xff) {
    case SQLITE_CONSTRAINT:
      if (code == SQLITE_CONSTRAINT_FOREIGNKEY) return Error::not_found(msg);
      return Error::conflict(msg);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Error::busy(msg + " (another writer holds the database)");
    case SQLITE_FULL:
      return Error::io(msg + " (the disk is full, or the database reached its size limit)");
    case SQLITE_READONLY:
      return Error::io(msg + " (the database is read-only)");
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_PERM:
      return Error::io(msg);
    default:
      return Error::internal(msg);
  }
}

class SqliteRow final : public sql::Row {
 public:
  explicit SqliteRow(sqlite3_stmt* s) : s_(s) {}
  int size() const override { return sqlite3_column_count(s_); }
  bool is_null(int c) const override { return sqlite3_column_type(s_, c) == SQLITE_NULL; }
  std::int64_t integer(int c) const override { return sqlite3_column_int64(s_, c); }
  std::string_view text(int c) const override {
    auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, c));
    if (!p) return {};
    return {p, static_cast<std::size_t>(sqlite3_column_bytes(s_, c))};
  }
  std::string_view name(int c) const override { return sqlite3_column_name(s_, c); }
  bool is_integer_column(int c) const override {
    const char* t = sqlite3_column_decltype(s_, c);
    if (t) return std::string_view(t).find("INT") != std::string_view::npos;
    return sqlite3_column_type(s_, c) == SQLITE_INTEGER;
  }

 private:
  sqlite3_stmt* s_;
};

class SqliteConnection final : public sql::Connection {
 public:
  explicit SqliteConnection(std::unique_ptr<SQLite::Database> db) : db_(std::move(db)) {}
  ~SqliteConnection() override {
    for (auto& [sql, s] : cache_) sqlite3_finalize(s);
  }

  sql::Dialect dialect() const override { return sql::Dialect::Sqlite; }

  Status exec_script(std::string_view text) override {
    std::string copy(text);
    char* err = nullptr;
    int rc = sqlite3_exec(handle(), copy.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      Error e = error_from_code(rc, "sqlite", err);
      sqlite3_free(err);
      return e;
    }
    return Ok{};
  }

  Result<std::int64_t> run(const char* sql, std::span<const sql::Param> params,
                           const sql::RowFn& on_row) override {
    sqlite3_stmt* s = nullptr;
    auto it = cache_.find(sql);
    if (it != cache_.end()) {
      s = it->second;
    } else {
      int rc = sqlite3_prepare_v3(handle(), sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr);
      if (rc != SQLITE_OK) return error_from_code(rc, "sqlite prepare", sqlite3_errmsg(handle()));
      cache_.emplace(sql, s);
    }
    struct Reset {
      sqlite3_stmt* s;
      ~Reset() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } reset{s};
    int index = 1;
    for (const auto& p : params) {
      int rc = SQLITE_OK;
      if (std::holds_alternative<std::int64_t>(p)) {
        rc = sqlite3_bind_int64(s, index, std::get<std::int64_t>(p));
      } else if (std::holds_alternative<std::string_view>(p)) {
        auto v = std::get<std::string_view>(p);
        rc = sqlite3_bind_text(s, index, v.data() ? v.data() : "", static_cast<int>(v.size()), SQLITE_STATIC);
      } else {
        rc = sqlite3_bind_null(s, index);
      }
      if (rc != SQLITE_OK) return error_from_code(rc, "sqlite bind", sqlite3_errmsg(handle()));
      ++index;
    }
    std::int64_t rows = 0;
    SqliteRow row(s);
    for (;;) {
      int rc = sqlite3_step(s);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW)
        return error_from_code(sqlite3_extended_errcode(handle()), "sqlite", sqlite3_errmsg(handle()));
      ++rows;
      if (on_row) {
        Status st = on_row(row);
        if (!st) return st.error();
      }
    }
    if (sqlite3_column_count(s) == 0) rows = sqlite3_changes(handle());
    return rows;
  }

  Status begin(sql::TxMode mode) override {
    // IMMEDIATE takes the write lock up front, so a writer waits (busy
    // timeout) instead of failing when it upgrades a stale read snapshot.
    Status st = exec_script(mode == sql::TxMode::Write ? "BEGIN IMMEDIATE" : "BEGIN");
    if (st) in_tx_ = true;
    return st;
  }
  Status commit() override {
    Status st = exec_script("COMMIT");
    if (st)
      in_tx_ = false;
    else
      rollback_quietly();
    return st;
  }
  Status rollback() override {
    in_tx_ = false;
    if (sqlite3_get_autocommit(handle())) return Ok{};
    return exec_script("ROLLBACK");
  }
  bool in_transaction() const override { return in_tx_; }
  bool healthy() const override { return true; }

 private:
  sqlite3* handle() const { return db_->getHandle(); }
  void rollback_quietly() {
    in_tx_ = false;
    if (!sqlite3_get_autocommit(handle())) sqlite3_exec(handle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }

  std::unique_ptr<SQLite::Database> db_;
  std::unordered_map<const char*, sqlite3_stmt*> cache_;
  bool in_tx_ = false;
};

}  // namespace

Result<std::unique_ptr<sql::Connection>> connect(const std::string& path, int busy_timeout_ms, OpenMode mode,
                                                 std::int64_t max_bytes) {
  try {
    int flags =
        (mode == OpenMode::ReadOnly ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX;
    if (mode == OpenMode::ReadWriteCreate) flags |= SQLite::OPEN_CREATE;
    auto db = std::make_unique<SQLite::Database>(path, flags, busy_timeout_ms);
    auto conn = std::make_unique<SqliteConnection>(std::move(db));
    // WAL lets readers go on while one writer writes; FULL sync makes every
    // acknowledged commit durable; foreign keys are off by default in SQLite.
    Status st =
        conn->exec_script("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA temp_store = MEMORY;");
    if (!st) return st.error();
    // journal_mode returns a row; a read-only file cannot switch to WAL but
    // can still be read.
    if (mode != OpenMode::ReadOnly) (void)conn->exec_script("PRAGMA journal_mode = WAL;");
    if (max_bytes > 0) {
      std::int64_t page_size = 4096;
      auto r = conn->run("PRAGMA page_size", {}, [&](const sql::Row& row) -> Status {
        page_size = row.integer(0);
        return Ok{};
      });
      if (!r) return r.error();
      // PRAGMA takes no bound parameters; the value is a number we computed.
      std::string pragma =
          "PRAGMA max_page_count = " + std::to_string(std::max<std::int64_t>(1, max_bytes / page_size));
      Status cap = conn->exec_script(pragma);
      if (!cap) return cap.error();
    }
    return std::unique_ptr<sql::Connection>(std::move(conn));
  } catch (const SQLite::Exception& e) {
    return error_from_code(e.getErrorCode(), "cannot open SQLite database " + path, e.what());
  }
}

Status backup(const std::string& path, const std::string& out_path, int busy_timeout_ms) {
  // A backup never replaces a file: a path typed wrong (the live database
  // itself, yesterday's copy) must not be overwritten. The file is made here,
  // empty (which SQLite reads as an empty database), readable by its owner
  // only: it holds password hashes.
  const int fd = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST)
      return Error::invalid_input(out_path + " already exists: a backup goes to a new file (remove the old one "
                                             "first to replace it)");
    return Error::io("cannot create " + out_path + ": " + std::strerror(errno));
  }
  ::close(fd);
  // A copy that fails leaves nothing behind, so that it can be tried again.
  auto discard = [&] {
    std::error_code ec;
    std::filesystem::remove(out_path, ec);
    std::filesystem::remove(out_path + "-journal", ec);
  };
  try {
    SQLite::Database src(path, SQLite::OPEN_READONLY, busy_timeout_ms);
    SQLite::Database dst(out_path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE, busy_timeout_ms);
    SQLite::Backup job(dst, src);
    // Copy in steps so that writers are not held off for the whole copy; a
    // write to the source through another connection between steps restarts
    // the copy (sqlite.org/backup.html).
    constexpr int kPagesPerStep = 256;
    for (;;) {
      int rc = job.executeStep(kPagesPerStep);
      if (rc == SQLITE_DONE) break;
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return Ok{};
  } catch (const SQLite::Exception& e) {
    discard();
    return error_from_code(e.getErrorCode(), "backup of " + path + " failed", e.what());
  }
}

Status integrity_check(const std::string& path) {
  try {
    SQLite::Database db(path, SQLite::OPEN_READONLY);
    SQLite::Statement q(db, "PRAGMA integrity_check");
    std::string answer;
    while (q.executeStep()) answer += q.getColumn(0).getString();
    if (answer != "ok") return Error::io("integrity_check of " + path + ": " + answer);
    return Ok{};
  } catch (const SQLite::Exception& e) {
    return error_from_code(e.getErrorCode(), "integrity_check of " + path, e.what());
  }
}

}  // namespace journeyer::storage::sqlite
