// The seam under the SQL store: one database connection, whatever the
// backend. Internal to storage/ (store.h is the public door). Statements are
// constants written with `?` placeholders; values are always bound.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "util/result.h"

namespace journeyer::storage::sql {

enum class Dialect { Sqlite, Postgres };

// A bound parameter: NULL, an integer or text.
using Param = std::variant<std::monostate, std::int64_t, std::string_view>;
using Params = std::initializer_list<Param>;

// One result row, valid only during the callback that receives it.
class Row {
 public:
  virtual ~Row() = default;
  virtual int size() const = 0;
  virtual bool is_null(int column) const = 0;
  virtual std::int64_t integer(int column) const = 0;
  virtual std::string_view text(int column) const = 0;
  virtual std::string_view name(int column) const = 0;
  // The column's declared kind, for dumps: integer (true) or text (false).
  virtual bool is_integer_column(int column) const = 0;
};

using RowFn = std::function<Status(const Row&)>;

enum class TxMode { Read, Write };

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // Several statements without parameters (migrations).
  virtual Status exec_script(std::string_view sql) = 0;
  // Runs a statement; calls `on_row` for each result row; returns the number
  // of rows changed (or returned).
  virtual Result<std::int64_t> run(const char* sql, std::span<const Param> params, const RowFn& on_row) = 0;
  Result<std::int64_t> run(const char* sql, Params params, const RowFn& on_row = nullptr) {
    return run(sql, std::span<const Param>(params.begin(), params.size()), on_row);
  }
  virtual Status begin(TxMode mode) = 0;
  virtual Status commit() = 0;
  virtual Status rollback() = 0;
  virtual bool in_transaction() const = 0;
  // Whether the connection is still usable (a broken one is dropped).
  virtual bool healthy() const = 0;

  // PostgreSQL's LISTEN/NOTIFY (other backends: an error). After listen(),
  // await_notifications() waits up to `timeout` and returns the channels
  // notified meanwhile (empty: none; one entry per notification).
  virtual Status listen(const std::string& channel) {
    return Error::internal("LISTEN needs PostgreSQL (channel " + channel + ")");
  }
  virtual Result<std::vector<std::string>> await_notifications(std::chrono::milliseconds timeout) {
    (void)timeout;
    return Error::internal("notifications need PostgreSQL");
  }
};

}  // namespace journeyer::storage::sql
