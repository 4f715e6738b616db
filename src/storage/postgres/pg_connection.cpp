#include "storage/postgres/pg_connection.h"

#include <algorithm>
#include <charconv>
#include <pqxx/pqxx>
#include <unordered_map>
#include <utility>
#include <vector>

namespace journeyer::storage::postgres {

namespace {

// SQLSTATE codes (PostgreSQL manual, Appendix A).
Error error_from_sqlstate(const std::string& state, const std::string& message) {
  std::string m = "postgresql: " + message;
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  if (state == "23505") return Error::conflict(m);
  if (state == "23503") return Error::not_found(m);
  if (state == "40001" || state == "40P01")
    return Error::busy(m + " (a concurrent writer got in the way)");
  if (state == "55P03") return Error::busy(m + " (another writer held the lock past the wait)");
  if (state == "53100") return Error::io(m + " (the disk is full)");
  if (state == "25006") return Error::io(m + " (the database is read-only)");
  if (state.rfind("08", 0) == 0 || state.rfind("57", 0) == 0) return Error::unavailable(m);
  if (state.rfind("22", 0) == 0 || state.rfind("23", 0) == 0) return Error::invalid_input(m);
  return Error::internal(m);
}

Error error_from_exception(const std::exception& e) {
  if (auto* s = dynamic_cast<const pqxx::sql_error*>(&e))
    return error_from_sqlstate(s->sqlstate(), s->what());
  if (dynamic_cast<const pqxx::broken_connection*>(&e))
    return Error::unavailable(std::string("postgresql: connection lost: ") + e.what());
  return Error::internal(std::string("postgresql: ") + e.what());
}

class PgRow final : public sql::Row {
 public:
  explicit PgRow(const pqxx::result& r) : r_(r) {}
  void at(pqxx::result::size_type i) { i_ = i; }
  int size() const override { return static_cast<int>(r_.columns()); }
  bool is_null(int c) const override { return r_[i_][c].is_null(); }
  std::int64_t integer(int c) const override {
    auto f = r_[i_][c];
    std::int64_t v = 0;
    const char* p = f.c_str();
    std::from_chars(p, p + f.size(), v);
    return v;
  }
  std::string_view text(int c) const override {
    auto f = r_[i_][c];
    return {f.c_str(), f.size()};
  }
  std::string_view name(int c) const override { return r_.column_name(static_cast<pqxx::row::size_type>(c)); }
  bool is_integer_column(int c) const override {
    auto t = r_.column_type(static_cast<pqxx::row::size_type>(c));
    return t == 20 || t == 21 || t == 23;  // int8, int2, int4 (pg_type.dat)
  }

 private:
  const pqxx::result& r_;
  pqxx::result::size_type i_ = 0;
};

class PgConnection final : public sql::Connection {
 public:
  explicit PgConnection(std::unique_ptr<pqxx::connection> c) : c_(std::move(c)) {}
  ~PgConnection() override {
    try {
      if (tx_) tx_->abort();
    } catch (...) {
    }
  }

  sql::Dialect dialect() const override { return sql::Dialect::Postgres; }

  Status exec_script(std::string_view text) override {
    try {
      std::string q(text);
      if (tx_) {
        tx_->exec(q);
      } else {
        pqxx::nontransaction n(*c_);
        n.exec(q);
      }
      return Ok{};
    } catch (const std::exception& e) {
      return error_from_exception(e);
    }
  }

  Result<std::int64_t> run(const char* sql, std::span<const sql::Param> params,
                           const sql::RowFn& on_row) override {
    try {
      const std::string& name = prepared(sql);
      std::vector<std::string> storage;
      storage.reserve(params.size());
      std::vector<const char*> values;
      values.reserve(params.size());
      for (const auto& p : params) {
        if (std::holds_alternative<std::int64_t>(p)) {
          storage.push_back(std::to_string(std::get<std::int64_t>(p)));
          values.push_back(storage.back().c_str());
        } else if (std::holds_alternative<std::string_view>(p)) {
          storage.emplace_back(std::get<std::string_view>(p));
          values.push_back(storage.back().c_str());
        } else {
          values.push_back(nullptr);
        }
      }
      pqxx::result r;
      auto dyn = pqxx::prepare::make_dynamic_params(values);
      if (tx_) {
        r = tx_->exec_prepared(name, dyn);
      } else {
        pqxx::nontransaction n(*c_);
        r = n.exec_prepared(name, dyn);
      }
      if (on_row) {
        PgRow row(r);
        for (pqxx::result::size_type i = 0; i < r.size(); ++i) {
          row.at(i);
          Status st = on_row(row);
          if (!st) return st.error();
        }
      }
      if (r.columns() == 0) return static_cast<std::int64_t>(r.affected_rows());
      return static_cast<std::int64_t>(r.size());
    } catch (const std::exception& e) {
      return error_from_exception(e);
    }
  }

  Status begin(sql::TxMode mode) override {
    try {
      // A read spans several statements (a dump): one snapshot for all.
      if (mode == sql::TxMode::Read)
        tx_ = std::make_unique<pqxx::transaction<pqxx::repeatable_read>>(*c_);
      else
        tx_ = std::make_unique<pqxx::work>(*c_);
      return Ok{};
    } catch (const std::exception& e) {
      return error_from_exception(e);
    }
  }
  Status commit() override {
    try {
      tx_->commit();
      tx_.reset();
      return Ok{};
    } catch (const std::exception& e) {
      tx_.reset();
      return error_from_exception(e);
    }
  }
  Status rollback() override {
    try {
      if (tx_) tx_->abort();
    } catch (...) {
    }
    tx_.reset();
    return Ok{};
  }
  bool in_transaction() const override { return tx_ != nullptr; }
  bool healthy() const override { return c_->is_open(); }

  Status listen(const std::string& channel) override {
    try {
      receivers_.push_back(std::make_unique<Receiver>(*c_, channel, arrived_));
      return Ok{};
    } catch (const std::exception& e) {
      return error_from_exception(e);
    }
  }

  Result<std::vector<std::string>> await_notifications(std::chrono::milliseconds timeout) override {
    try {
      // Notifications that came with earlier statements' results first.
      if (arrived_.empty()) c_->get_notifs();
      if (arrived_.empty()) {
        auto us = std::chrono::duration_cast<std::chrono::microseconds>(timeout).count();
        c_->await_notification(static_cast<long>(us / 1'000'000), static_cast<long>(us % 1'000'000));
      }
      return std::exchange(arrived_, {});
    } catch (const std::exception& e) {
      return error_from_exception(e);
    }
  }

 private:
  // LISTENs on one channel; each notification appends the channel's name.
  class Receiver final : public pqxx::notification_receiver {
   public:
    Receiver(pqxx::connection_base& c, const std::string& channel, std::vector<std::string>& arrived)
        : pqxx::notification_receiver(c, channel), arrived_(arrived) {}
    void operator()(const std::string&, int) override { arrived_.push_back(channel()); }

   private:
    std::vector<std::string>& arrived_;
  };

  const std::string& prepared(const char* sql) {
    auto it = names_.find(sql);
    if (it != names_.end()) return it->second;
    std::string name = "j";
    name += std::to_string(names_.size());  // (not "j" + ...: g++ 12 warns falsely, -Wrestrict)
    c_->prepare(name, number_placeholders(sql));
    return names_.emplace(sql, std::move(name)).first->second;
  }

  std::unique_ptr<pqxx::connection> c_;
  std::unique_ptr<pqxx::transaction_base> tx_;
  std::unordered_map<const char*, std::string> names_;
  std::vector<std::string> arrived_;
  std::vector<std::unique_ptr<Receiver>> receivers_;  // after c_: gone before the connection
};

}  // namespace

std::string number_placeholders(const char* sql) {
  std::string out;
  int n = 0;
  bool quoted = false;
  for (const char* p = sql; *p; ++p) {
    if (*p == '\'') quoted = !quoted;
    if (*p == '?' && !quoted) {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += *p;
    }
  }
  return out;
}

Result<std::unique_ptr<sql::Connection>> connect(const std::string& url, Access access, int lock_timeout_ms) {
  try {
    auto c = std::make_unique<pqxx::connection>(url);
    auto conn = std::make_unique<PgConnection>(std::move(c));
    Status st = conn->exec_script("SET client_min_messages = warning");
    if (!st) return st.error();
    // A statement kept waiting for a lock another writer holds gives up
    // after this long (55P03, told as Busy), as SQLite's writers do, instead
    // of holding its request for as long as the other transaction lasts.
    st = conn->exec_script("SET lock_timeout = " + std::to_string(std::max(lock_timeout_ms, 0)));
    if (!st) return st.error();
    if (access == Access::ReadOnly) {
      st = conn->exec_script("SET default_transaction_read_only = on");
      if (!st) return st.error();
    }
    return std::unique_ptr<sql::Connection>(std::move(conn));
  } catch (const std::exception& e) {
    return Error::unavailable(std::string("cannot connect to PostgreSQL: ") + e.what());
  }
}

}  // namespace journeyer::storage::postgres
