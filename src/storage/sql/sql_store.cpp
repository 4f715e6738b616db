#include "storage/sql/sql_store.h"

#include <algorithm>
#include <mutex>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "storage/sql/schema.h"
#include "trust/graph.h"

namespace journeyer::storage {

TrustGraph::TrustGraph() : graph(std::make_unique<trust::StandingGraph>()) {}
TrustGraph::TrustGraph(TrustGraph&&) noexcept = default;
TrustGraph& TrustGraph::operator=(TrustGraph&&) noexcept = default;
TrustGraph::~TrustGraph() = default;

namespace sql {

namespace {

using model::AccountState;
using model::CertLevel;

Param I(std::int64_t v) { return v; }
Param S(const std::string& s) { return std::string_view(s); }
Param Null() { return std::monostate{}; }
template <typename Tag>
Param IdOrNull(model::Id<Tag> id) {
  if (!id) return Null();
  return id.value;
}

std::string str(const Row& r, int c) { return std::string(r.text(c)); }

// ---- The connection pool ----------------------------------------------------

class Pool {
 public:
  Pool(ConnectionFactory factory, std::unique_ptr<Connection> first) : factory_(std::move(factory)) {
    if (first) idle_.push_back(std::move(first));
  }
  Result<std::unique_ptr<Connection>> take() {
    {
      std::lock_guard lock(m_);
      if (!idle_.empty()) {
        auto c = std::move(idle_.back());
        idle_.pop_back();
        return c;
      }
    }
    return factory_();
  }
  // A connection of its own, never shared through the pool.
  Result<std::unique_ptr<Connection>> fresh() { return factory_(); }
  void give(std::unique_ptr<Connection> c) {
    if (!c || !c->healthy()) return;
    if (c->in_transaction()) (void)c->rollback();
    std::lock_guard lock(m_);
    idle_.push_back(std::move(c));
  }

 private:
  ConnectionFactory factory_;
  std::mutex m_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

class Lease {
 public:
  Lease(Pool& pool, std::unique_ptr<Connection> c) : pool_(pool), c_(std::move(c)) {}
  ~Lease() { pool_.give(std::move(c_)); }
  Connection& operator*() { return *c_; }

 private:
  Pool& pool_;
  std::unique_ptr<Connection> c_;
};

// ---- Several processes on one PostgreSQL database ------------------------------
// The trust lock is a session advisory lock, so it lives on a connection
// that nothing else uses; notifications arrive on a second one, which a
// waiting thread may block on without holding up the lock.

constexpr std::int64_t kTrustLockKey = 0x6a6f75726e657972;  // "journeyr"
constexpr const char* kLevelsChannel = "journeyer_levels";
constexpr const char* kRecomputeChannel = "journeyer_recompute";

class Coordination {
 public:
  explicit Coordination(Pool& pool) : pool_(pool) {}

  Result<bool> try_trust_lock() {
    std::lock_guard lock(lock_m_);
    if (lock_conn_ && !lock_conn_->healthy()) {
      lock_conn_.reset();  // the lock, if held, went with it
      held_ = false;
    }
    if (held_) return true;  // a session lock taken twice would need two unlocks
    if (!lock_conn_) {
      auto c = pool_.fresh();
      if (!c) return c.error();
      lock_conn_ = std::move(*c);
    }
    auto r = lock_conn_->run("SELECT pg_try_advisory_lock(?)", {kTrustLockKey}, [&](const Row& row) -> Status {
      held_ = row.text(0) == "t";  // PostgreSQL's text form of true
      return Ok{};
    });
    if (!r) {
      lock_conn_.reset();
      return r.error();
    }
    return held_;
  }

  Result<StoreNotices> wait(std::chrono::milliseconds timeout) {
    std::lock_guard lock(listen_m_);
    if (listen_conn_ && !listen_conn_->healthy()) listen_conn_.reset();
    if (!listen_conn_) {
      auto c = pool_.fresh();
      if (!c) return c.error();
      for (const char* channel : {kLevelsChannel, kRecomputeChannel}) {
        Status st = (*c)->listen(channel);
        if (!st) return st.error();
      }
      listen_conn_ = std::move(*c);
    }
    auto arrived = listen_conn_->await_notifications(timeout);
    if (!arrived) {
      listen_conn_.reset();  // listen again on a new connection next time
      return arrived.error();
    }
    StoreNotices n;
    for (const auto& channel : *arrived) {
      if (channel == kLevelsChannel) n.levels_published = true;
      if (channel == kRecomputeChannel) n.recompute_wanted = true;
    }
    return n;
  }

 private:
  Pool& pool_;
  std::mutex lock_m_;
  std::unique_ptr<Connection> lock_conn_;
  bool held_ = false;
  std::mutex listen_m_;
  std::unique_ptr<Connection> listen_conn_;
};

// ---- Column lists (string constants, concatenated at compile time) ----------

#define ACCOUNT_COLS                                                                \
  "a.id, a.name, a.email, a.real_name, a.homepage, a.notes, a.publish_email_sha1, " \
  "a.member_since, a.last_login, a.password_hash, a.state, a.version"

model::Account account_from(const Row& r) {
  model::Account a;
  a.id = AccountId{r.integer(0)};
  a.name = str(r, 1);
  a.profile.email = str(r, 2);
  a.profile.real_name = str(r, 3);
  a.profile.homepage = str(r, 4);
  a.profile.notes = str(r, 5);
  a.profile.publish_email_sha1 = r.integer(6) != 0;
  a.member_since = r.integer(7);
  if (!r.is_null(8)) a.last_login = r.integer(8);
  a.password_hash = str(r, 9);
  a.state = model::parse_account_state(r.text(10)).value_or(AccountState::Active);
  a.version = r.integer(11);
  return a;
}

#define SUMMARY_COLS "a.id, a.name, a.state, a.member_since, COALESCE(l.level, 0)"
AccountSummary summary_from(const Row& r) {
  AccountSummary s;
  s.id = AccountId{r.integer(0)};
  s.name = str(r, 1);
  s.state = model::parse_account_state(r.text(2)).value_or(AccountState::Active);
  s.member_since = r.integer(3);
  s.level = CertLevel{static_cast<std::uint8_t>(r.integer(4))};
  return s;
}

// issuer, subject, level, created, issuer name, subject name
model::Certificate cert_from(const Row& r, int at = 0) {
  model::Certificate c;
  c.issuer = AccountId{r.integer(at)};
  c.subject = AccountId{r.integer(at + 1)};
  c.level = CertLevel{static_cast<std::uint8_t>(r.integer(at + 2))};
  c.when = r.integer(at + 3);
  c.issuer_name = str(r, at + 4);
  c.subject_name = str(r, at + 5);
  return c;
}

// A standing certificate with its issuer's state after it (column 6).
model::Certificate standing_cert_from(const Row& r) {
  model::Certificate c = cert_from(r);
  c.from_import = str(r, 6) == model::to_string(model::AccountState::Imported);
  return c;
}

#define DIARY_COLS                                                                    \
  "d.id, d.author, a.name, d.title, d.body, d.format, d.created, d.updated, d.guid, " \
  "d.link, d.blog_title, d.blog_url, d.number"
model::DiaryEntry diary_from(const Row& r) {
  model::DiaryEntry d;
  d.id = DiaryEntryId{r.integer(0)};
  d.number = r.integer(12);
  d.author = AccountId{r.integer(1)};
  d.author_name = str(r, 2);
  d.title = str(r, 3);
  d.body = str(r, 4);
  d.format = model::parse_text_format(r.text(5)).value_or(model::TextFormat::Html);
  d.created = r.integer(6);
  d.updated = r.integer(7);
  if (!r.is_null(8)) d.syndicated = model::Syndication{str(r, 8), str(r, 9), str(r, 10), str(r, 11)};
  return d;
}

#define ARTICLE_COLS                                                                        \
  "ar.id, ar.author, a.name, ar.title, ar.lead, ar.body, ar.topic, ar.format, ar.created, " \
  "ar.updated, ar.hidden, ar.hidden_reason, "                                               \
  "(SELECT COUNT(*) FROM replies r JOIN accounts ra ON ra.id = r.author "                  \
  "WHERE r.article = ar.id AND r.hidden = 0 AND ra.state <> 'disabled')"
model::Article article_from(const Row& r) {
  model::Article a;
  a.id = ArticleId{r.integer(0)};
  a.author = AccountId{r.integer(1)};
  a.author_name = str(r, 2);
  a.title = str(r, 3);
  a.lead = str(r, 4);
  a.body = str(r, 5);
  a.topic = str(r, 6);
  a.format = model::parse_text_format(r.text(7)).value_or(model::TextFormat::Html);
  a.created = r.integer(8);
  a.updated = r.integer(9);
  a.hidden = r.integer(10) != 0;
  a.hidden_reason = str(r, 11);
  a.reply_count = r.integer(12);
  return a;
}

#define REPLY_COLS                                                                      \
  "r.id, r.article, r.parent, r.author, a.name, r.title, r.body, r.format, r.created, " \
  "r.hidden, r.hidden_reason"
model::Reply reply_from(const Row& r) {
  model::Reply x;
  x.id = ReplyId{r.integer(0)};
  x.article = ArticleId{r.integer(1)};
  if (!r.is_null(2)) x.parent = ReplyId{r.integer(2)};
  x.author = AccountId{r.integer(3)};
  x.author_name = str(r, 4);
  x.title = str(r, 5);
  x.body = str(r, 6);
  x.format = model::parse_text_format(r.text(7)).value_or(model::TextFormat::Html);
  x.created = r.integer(8);
  x.hidden = r.integer(9) != 0;
  x.hidden_reason = str(r, 10);
  return x;
}

#define PROJECT_COLS                                                                       \
  "p.id, p.name, p.homepage, p.license, p.description, p.notes, p.created, p.created_by, " \
  "c.name, p.modified, p.modified_by, m.name"
#define PROJECT_FROM                                                                   \
  " FROM projects p JOIN accounts c ON c.id = p.created_by JOIN accounts m ON m.id = " \
  "p.modified_by "
model::Project project_from(const Row& r) {
  model::Project p;
  p.id = ProjectId{r.integer(0)};
  p.name = str(r, 1);
  p.homepage = str(r, 2);
  p.license = str(r, 3);
  p.description = str(r, 4);
  p.notes = str(r, 5);
  p.created = r.integer(6);
  p.created_by = AccountId{r.integer(7)};
  p.created_by_name = str(r, 8);
  p.modified = r.integer(9);
  p.modified_by = AccountId{r.integer(10)};
  p.modified_by_name = str(r, 11);
  return p;
}

#define MEMBER_COLS "pm.account_id, a.name, pm.project_id, p.name, pm.relation"
model::ProjectMember member_from(const Row& r) {
  model::ProjectMember m;
  m.account = AccountId{r.integer(0)};
  m.account_name = str(r, 1);
  m.project = ProjectId{r.integer(2)};
  m.project_name = str(r, 3);
  m.relation = model::parse_project_relation(r.text(4)).value_or(model::ProjectRelation::None);
  return m;
}

#define FEED_COLS                                                                               \
  "f.id, f.account_id, a.name, f.url, f.etag, f.last_modified, f.last_fetch, f.last_new_post, " \
  "f.last_error, f.failures, f.next_fetch, f.blog_title"
model::Feed feed_from(const Row& r) {
  model::Feed f;
  f.id = FeedId{r.integer(0)};
  f.account = AccountId{r.integer(1)};
  f.account_name = str(r, 2);
  f.url = str(r, 3);
  f.etag = str(r, 4);
  f.last_modified = str(r, 5);
  f.last_fetch = r.integer(6);
  f.last_new_post = r.integer(7);
  f.last_error = str(r, 8);
  f.failures = static_cast<int>(r.integer(9));
  f.next_fetch = r.integer(10);
  f.blog_title = str(r, 11);
  return f;
}

#define TOKEN_COLS "id, kind, token_hash, account_id, label, created, expires, revoked"
std::string_view token_kind_name(model::TokenKind k) {
  return k == model::TokenKind::Api ? "api" : "password-reset";
}
model::Token token_from(const Row& r) {
  model::Token t;
  t.id = model::ApiTokenId{r.integer(0)};
  t.kind = r.text(1) == "api" ? model::TokenKind::Api : model::TokenKind::PasswordReset;
  t.token_hash = str(r, 2);
  t.account = AccountId{r.integer(3)};
  t.label = str(r, 4);
  t.created = r.integer(5);
  t.expires = r.integer(6);
  t.revoked = r.integer(7) != 0;
  return t;
}

// Collects rows with `make` into a vector.
template <typename T, typename Make>
RowFn collect(std::vector<T>& out, Make make) {
  return [&out, make](const Row& r) -> Status {
    out.push_back(make(r));
    return Ok{};
  };
}

template <typename T, typename Make>
RowFn first(std::optional<T>& out, Make make) {
  return [&out, make](const Row& r) -> Status {
    if (!out) out = make(r);
    return Ok{};
  };
}

RowFn integer_into(std::int64_t& out) {
  return [&out](const Row& r) -> Status {
    out = r.integer(0);
    return Ok{};
  };
}

Error no_account(AccountId id) { return Error::not_found("no account with id " + std::to_string(id.value)); }

Status check_size(const std::string& s, std::size_t max, const char* what) {
  if (s.size() > max)
    return Error::too_large(std::string(what) + " is larger than " + std::to_string(max / 1024) + " KiB");
  return Ok{};
}

// ---- Many rows per statement ------------------------------------------------
// Bulk writes (imports, publishing levels) send kBatchRows rows per INSERT:
// one round trip instead of kBatchRows, which is what PostgreSQL over a
// network needs. The statements are built once from constant pieces.

constexpr std::size_t kBatchRows = 64;

std::string multi_row(const char* head, const char* row, std::size_t rows, const char* tail) {
  std::string out = head;
  for (std::size_t i = 0; i < rows; ++i) {
    if (i) out += ", ";
    out += row;
  }
  out += tail;
  return out;
}

struct BatchSql {
  std::string batch;   // kBatchRows rows
  std::string single;  // one row
  std::size_t params_per_row;
};

BatchSql make_batch(const char* head, const char* row, std::size_t params_per_row, const char* tail = "") {
  return {multi_row(head, row, kBatchRows, tail), multi_row(head, row, 1, tail), params_per_row};
}

const BatchSql& history_batch() {
  static const BatchSql b =
      make_batch("INSERT INTO cert_history (issuer, subject, level, created) VALUES ", "(?, ?, ?, ?)", 4);
  return b;
}
const BatchSql& certs_batch() {
  static const BatchSql b =
      make_batch("INSERT INTO certs (issuer, subject, level, created) VALUES ", "(?, ?, ?, ?)", 4,
                 " ON CONFLICT (issuer, subject) DO UPDATE SET level = excluded.level, "
                 "created = excluded.created");
  return b;
}
const BatchSql& levels_batch() {
  static const BatchSql b = make_batch("INSERT INTO account_levels (account_id, level) VALUES ", "(?, ?)", 2);
  return b;
}
const BatchSql& accounts_batch() {
  static const BatchSql b = make_batch("INSERT INTO accounts (name, name_key, member_since, state) VALUES ",
                                       "(?, ?, ?, 'imported')", 3);
  return b;
}
const BatchSql& aliases_batch() {
  static const BatchSql b = make_batch("INSERT INTO account_aliases (name, account_id) VALUES ", "(?, ?)", 2);
  return b;
}

// Inserts `count` rows; `fill(i, params)` appends row i's parameters.
template <typename Fill>
Status insert_rows(Connection& c, const BatchSql& sql, std::size_t count, Fill fill) {
  std::vector<Param> params;
  params.reserve(kBatchRows * sql.params_per_row);
  std::size_t i = 0;
  for (; i + kBatchRows <= count; i += kBatchRows) {
    params.clear();
    for (std::size_t j = i; j < i + kBatchRows; ++j) fill(j, params);
    auto r = c.run(sql.batch.c_str(), std::span<const Param>(params), nullptr);
    if (!r) return r.error();
  }
  for (; i < count; ++i) {
    params.clear();
    fill(i, params);
    auto r = c.run(sql.single.c_str(), std::span<const Param>(params), nullptr);
    if (!r) return r.error();
  }
  return Ok{};
}

// ---- The store ----------------------------------------------------------------

class SqlStore final : public Store {
 public:
  SqlStore(std::shared_ptr<Pool> pool, std::string backend, Connection* bound = nullptr)
      : pool_(std::move(pool)), backend_(std::move(backend)), bound_(bound) {}
  ~SqlStore() override {
    if (!bound_) coordination_.reset();  // its connections before the pool's
  }

  // -- Plumbing

  template <typename F>
  auto read(F&& f) -> decltype(f(std::declval<Connection&>())) {
    if (bound_) return f(*bound_);
    auto c = pool_->take();
    if (!c) return c.error();
    Lease lease(*pool_, std::move(*c));
    return f(*lease);
  }

  // One write, all or nothing: in the caller's transaction when inside
  // transaction(), else in a transaction of its own.
  template <typename F>
  auto write(F&& f) -> decltype(f(std::declval<Connection&>())) {
    if (bound_) return f(*bound_);
    auto c = pool_->take();
    if (!c) return c.error();
    Lease lease(*pool_, std::move(*c));
    Connection& conn = *lease;
    Status st = conn.begin(TxMode::Write);
    if (!st) return st.error();
    auto r = f(conn);
    if (!r) {
      (void)conn.rollback();
      return r;
    }
    st = conn.commit();
    if (!st) return st.error();
    return r;
  }

  Result<SchemaStatus> schema_status() override {
    return read([&](Connection& c) -> Result<SchemaStatus> {
      auto v = schema_version(c);
      if (!v) return v.error();
      return SchemaStatus{*v, latest_version(), backend_};
    });
  }

  Status transaction(const std::function<Status(Store&)>& body) override {
    if (bound_) return body(*this);  // nested: part of the outer transaction
    return write([&](Connection& c) -> Status {
      SqlStore inner(pool_, backend_, &c);
      return body(inner);
    });
  }

  // -- Accounts

  static Status account_exists(Connection& c, AccountId id) {
    std::int64_t n = 0;
    auto r = c.run("SELECT COUNT(*) FROM accounts WHERE id = ?", {I(id.value)}, integer_into(n));
    if (!r) return r.error();
    if (n == 0) return no_account(id);
    return Ok{};
  }

  // Checks that the account exists and, on PostgreSQL, holds its row until
  // the transaction ends, so that another transaction holding it waits
  // (FOR NO KEY UPDATE leaves rows that refer to the account, certificates,
  // replies, free to be written meanwhile). SQLite runs one write
  // transaction at a time (BEGIN IMMEDIATE): nothing to hold.
  static Status hold_account(Connection& c, AccountId id) {
    if (c.dialect() != Dialect::Postgres) return account_exists(c, id);
    std::int64_t n = 0;
    auto r = c.run("SELECT id FROM accounts WHERE id = ? FOR NO KEY UPDATE", {I(id.value)}, integer_into(n));
    if (!r) return r.error();
    if (n == 0) return no_account(id);
    return Ok{};
  }

  Result<AccountId> create_account(const NewAccount& a) override {
    Status st = model::check_account_name(a.name);
    if (!st) return st.error();
    if (auto bad = model::profile_error(a.profile)) return bad->error;
    std::string key = model::account_name_key(a.name);
    return write([&](Connection& c) -> Result<AccountId> {
      std::int64_t taken = 0;
      auto r = c.run("SELECT COUNT(*) FROM accounts WHERE name_key = ?", {S(key)}, integer_into(taken));
      if (!r) return r.error();
      if (taken) return Error::conflict("the name \"" + a.name + "\" is already taken");
      std::int64_t id = 0;
      r = c.run(
          "INSERT INTO accounts (name, name_key, email, real_name, homepage, notes, publish_email_sha1, "
          "member_since, password_hash, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {S(a.name), S(key), S(a.profile.email), S(a.profile.real_name), S(a.profile.homepage),
           S(a.profile.notes), I(a.profile.publish_email_sha1 ? 1 : 0), I(a.member_since), S(a.password_hash),
           to_string(a.state)},
          integer_into(id));
      if (!r) {
        if (r.error().kind() == ErrorKind::Conflict)
          return Error::conflict("the name \"" + a.name + "\" is already taken");
        return r.error();
      }
      return AccountId{id};
    });
  }

  Result<model::Account> account(AccountId id) override {
    return read([&](Connection& c) -> Result<model::Account> {
      std::optional<model::Account> out;
      auto r = c.run("SELECT " ACCOUNT_COLS " FROM accounts a WHERE a.id = ?", {I(id.value)},
                     first(out, account_from));
      if (!r) return r.error();
      if (!out) return no_account(id);
      return std::move(*out);
    });
  }

  Result<model::Account> account_by_name(std::string_view name) override {
    std::string key = model::account_name_key(name);
    return read([&](Connection& c) -> Result<model::Account> {
      std::optional<model::Account> out;
      auto r = c.run("SELECT " ACCOUNT_COLS " FROM accounts a WHERE a.name_key = ?", {S(key)},
                     first(out, account_from));
      if (!r) return r.error();
      if (!out) return Error::not_found("no member is named \"" + std::string(name) + "\"");
      return std::move(*out);
    });
  }

  Result<std::vector<AccountSummary>> list_accounts(const AccountQuery& q) override {
    std::string prefix = model::account_name_key(q.name_prefix);
    std::string after = model::account_name_key(q.after_name);
    return read([&](Connection& c) -> Result<std::vector<AccountSummary>> {
      std::vector<AccountSummary> out;
      auto r = c.run("SELECT " SUMMARY_COLS
                     " FROM accounts a LEFT JOIN account_levels l ON l.account_id = a.id "
                     "WHERE a.name_key > ? AND substr(a.name_key, 1, CAST(? AS INTEGER)) = ? "
                     "AND (a.state <> 'disabled' OR CAST(? AS INTEGER) = 1) ORDER BY a.name_key LIMIT ?",
                     {S(after), I(static_cast<std::int64_t>(prefix.size())), S(prefix),
                      I(q.include_disabled ? 1 : 0), I(static_cast<std::int64_t>(q.limit))},
                     collect(out, summary_from));
      if (!r) return r.error();
      return out;
    });
  }

  Result<std::vector<AccountSummary>> newest_accounts(std::size_t limit) override {
    return read([&](Connection& c) -> Result<std::vector<AccountSummary>> {
      std::vector<AccountSummary> out;
      auto r = c.run("SELECT " SUMMARY_COLS
                     " FROM accounts a LEFT JOIN account_levels l ON l.account_id = a.id "
                     "WHERE a.state <> 'disabled' ORDER BY a.member_since DESC, a.id DESC LIMIT ?",
                     {I(static_cast<std::int64_t>(limit))}, collect(out, summary_from));
      if (!r) return r.error();
      return out;
    });
  }

  Result<std::int64_t> count_accounts() override {
    return read([&](Connection& c) -> Result<std::int64_t> {
      std::int64_t n = 0;
      auto r = c.run("SELECT COUNT(*) FROM accounts WHERE state <> 'disabled'", {}, integer_into(n));
      if (!r) return r.error();
      return n;
    });
  }

  // An UPDATE that changed nothing: NotFound or, if the row is there, Conflict.
  static Status missing_or(Connection& c, AccountId id, Error otherwise) {
    Status st = account_exists(c, id);
    if (!st) return st;
    return otherwise;
  }

  Status update_profile(AccountId id, const model::Profile& p, std::int64_t expected) override {
    if (auto bad = model::profile_error(p)) return bad->error;
    return write([&](Connection& c) -> Status {
      auto r = c.run(
          "UPDATE accounts SET email = ?, real_name = ?, homepage = ?, notes = ?, publish_email_sha1 = ?, "
          "version = version + 1 WHERE id = ? AND version = ?",
          {S(p.email), S(p.real_name), S(p.homepage), S(p.notes), I(p.publish_email_sha1 ? 1 : 0),
           I(id.value), I(expected)});
      if (!r) return r.error();
      if (*r == 0)
        return missing_or(c, id,
                          Error::conflict("the profile was changed meanwhile; reload it and try again"));
      return Ok{};
    });
  }

  Status set_password_hash(AccountId id, const std::string& hash) override {
    return write([&](Connection& c) -> Status {
      auto r = c.run("UPDATE accounts SET password_hash = ?, version = version + 1 WHERE id = ?",
                     {S(hash), I(id.value)});
      if (!r) return r.error();
      if (*r == 0) return no_account(id);
      return Ok{};
    });
  }

  Status set_account_state(AccountId id, AccountState state) override {
    return write([&](Connection& c) -> Status {
      auto r = c.run("UPDATE accounts SET state = ?, version = version + 1 WHERE id = ?",
                     {to_string(state), I(id.value)});
      if (!r) return r.error();
      if (*r == 0) return no_account(id);
      return Ok{};
    });
  }

  Status record_login(AccountId id, UnixTime when) override {
    return write([&](Connection& c) -> Status {
      auto r = c.run("UPDATE accounts SET last_login = ? WHERE id = ?", {I(when), I(id.value)});
      if (!r) return r.error();
      if (*r == 0) return no_account(id);
      return Ok{};
    });
  }

  // -- Sessions

  Status create_session(const model::Session& s) override {
    return write([&](Connection& c) -> Status {
      Status st = account_exists(c, s.account);
      if (!st) return st;
      auto r = c.run(
          "INSERT INTO sessions (token_hash, account_id, csrf_token, created, expires) VALUES (?, ?, ?, ?, "
          "?)",
          {S(s.token_hash), I(s.account.value), S(s.csrf_token), I(s.created), I(s.expires)});
      if (!r) return r.error();
      return Ok{};
    });
  }

  Result<model::Session> session(const std::string& token_hash, UnixTime now) override {
    return read([&](Connection& c) -> Result<model::Session> {
      std::optional<model::Session> out;
      auto r = c.run(
          "SELECT s.token_hash, s.account_id, s.csrf_token, s.created, s.expires FROM sessions s "
          "JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = ? AND s.expires > ? "
          "AND a.state <> 'disabled'",
          {S(token_hash), I(now)}, first(out, [](const Row& row) {
            return model::Session{str(row, 0), AccountId{row.integer(1)}, str(row, 2), row.integer(3),
                                  row.integer(4)};
          }));
      if (!r) return r.error();
      if (!out) return Error::not_found("no such session (logged out or expired)");
      return std::move(*out);
    });
  }

  Status delete_session(const std::string& token_hash) override {
    return write([&](Connection& c) -> Status {
      auto r = c.run("DELETE FROM sessions WHERE token_hash = ?", {S(token_hash)});
      if (!r) return r.error();
      return Ok{};
    });
  }

  Result<std::int64_t> delete_sessions_of(AccountId account) override {
    return write([&](Connection& c) -> Result<std::int64_t> {
      return c.run("DELETE FROM sessions WHERE account_id = ?", {I(account.value)});
    });
  }

  Result<std::int64_t> delete_expired_sessions(UnixTime now) override {
    return write([&](Connection& c) -> Result<std::int64_t> {
      return c.run("DELETE FROM sessions WHERE expires <= ?", {I(now)});
    });
  }

  // -- Tokens

  Result<model::ApiTokenId> create_token(const model::Token& t) override {
    return write([&](Connection& c) -> Result<model::ApiTokenId> {
      Status st = account_exists(c, t.account);
      if (!st) return st.error();
      std::int64_t id = 0;
      auto r = c.run(
          "INSERT INTO tokens (kind, token_hash, account_id, label, created, expires, revoked) "
          "VALUES (?, ?, ?, ?, ?, ?, 0) RETURNING id",
          {token_kind_name(t.kind), S(t.token_hash), I(t.account.value), S(t.label), I(t.created),
           I(t.expires)},
          integer_into(id));
      if (!r) return r.error();
      return model::ApiTokenId{id};
    });
  }

  Result<model::Token> token(model::TokenKind kind, const std::string& hash, UnixTime now) override {
    return read([&](Connection& c) -> Result<model::Token> {
      std::optional<model::Token> out;
      auto r = c.run("SELECT " TOKEN_COLS
                     " FROM tokens WHERE token_hash = ? AND kind = ? AND revoked = 0 "
                     "AND (expires = 0 OR expires > ?)",
                     {S(hash), token_kind_name(kind), I(now)}, first(out, token_from));
      if (!r) return r.error();
      if (!out) return Error::not_found("no such token (unknown, revoked or expired)");
      return std::move(*out);
    });
  }

  Result<std::vector<model::Token>> tokens_of(AccountId account, model::TokenKind kind) override {
    return read([&](Connection& c) -> Result<std::vector<model::Token>> {
      std::vector<model::Token> out;
      auto r = c.run("SELECT " TOKEN_COLS " FROM tokens WHERE account_id = ? AND kind = ? ORDER BY id",
                     {I(account.value), token_kind_name(kind)}, collect(out, token_from));
      if (!r) return r.error();
      return out;
    });
  }

  Status revoke_token(model::ApiTokenId id) override {
    return write([&](Connection& c) -> Status {
      auto r = c.run("UPDATE tokens SET revoked = 1 WHERE id = ?", {I(id.value)});
      if (!r) return r.error();
      if (*r == 0) return Error::not_found("no token with id " + std::to_string(id.value));
      return Ok{};
    });
  }

  // -- Certificates

  static Status record_certificate(Connection& c, AccountId issuer, AccountId subject, CertLevel level,
                                   UnixTime when) {
    auto r = c.run("INSERT INTO cert_history (issuer, subject, level, created) VALUES (?, ?, ?, ?)",
                   {I(issuer.value), I(subject.value), I(level.value), I(when)});
    if (!r) return r.error();
    if (level == model::kNoCertificate) {
      r = c.run("DELETE FROM certs WHERE issuer = ? AND subject = ?", {I(issuer.value), I(subject.value)});
    } else {
      r = c.run(
          "INSERT INTO certs (issuer, subject, level, created) VALUES (?, ?, ?, ?) "
          "ON CONFLICT (issuer, subject) DO UPDATE SET level = excluded.level, created = excluded.created",
          {I(issuer.value), I(subject.value), I(level.value), I(when)});
    }
    if (!r) return r.error();
    return Ok{};
  }

  Status certify(const NewCertificate& cert) override {
    if (cert.issuer == cert.subject) return Error::invalid_input("a member cannot certify themselves");
    if (cert.level.value >= model::kMaxLevels)
      return Error::invalid_input("level " + std::to_string(cert.level.value) + " is out of range");
    return write([&](Connection& c) -> Status {
      Status st = account_exists(c, cert.issuer);
      if (!st) return st;
      st = account_exists(c, cert.subject);
      if (!st) return st;
      return record_certificate(c, cert.issuer, cert.subject, cert.level, cert.when);
    });
  }

  Result<model::Certificate> certificate(AccountId issuer, AccountId subject) override {
    return read([&](Connection& c) -> Result<model::Certificate> {
      std::optional<model::Certificate> out;
      auto r = c.run(
          "SELECT c.issuer, c.subject, c.level, c.created, i.name, s.name FROM certs c "
          "JOIN accounts i ON i.id = c.issuer JOIN accounts s ON s.id = c.subject "
          "WHERE c.issuer = ? AND c.subject = ?",
          {I(issuer.value), I(subject.value)}, first(out, [](const Row& row) { return cert_from(row); }));
      if (!r) return r.error();
      if (!out) return Error::not_found("no standing certificate");
      return std::move(*out);
    });
  }

  Result<std::vector<model::Certificate>> certificates_from(AccountId issuer) override {
    return read([&](Connection& c) -> Result<std::vector<model::Certificate>> {
      std::vector<model::Certificate> out;
      auto r = c.run(
          "SELECT c.issuer, c.subject, c.level, c.created, i.name, s.name, i.state FROM certs c "
          "JOIN accounts i ON i.id = c.issuer JOIN accounts s ON s.id = c.subject "
          "WHERE c.issuer = ? AND s.state <> 'disabled' ORDER BY s.name_key",
          {I(issuer.value)}, collect(out, standing_cert_from));
      if (!r) return r.error();
      return out;
    });
  }

  Result<std::vector<model::Certificate>> certificates_to(AccountId subject) override {
    return read([&](Connection& c) -> Result<std::vector<model::Certificate>> {
      std::vector<model::Certificate> out;
      auto r = c.run(
          "SELECT c.issuer, c.subject, c.level, c.created, i.name, s.name, i.state FROM certs c "
          "JOIN accounts i ON i.id = c.issuer JOIN accounts s ON s.id = c.subject "
          "WHERE c.subject = ? AND i.state <> 'disabled' ORDER BY i.name_key",
          {I(subject.value)}, collect(out, standing_cert_from));
      if (!r) return r.error();
      return out;
    });
  }

  Result<std::vector<model::Certificate>> certificate_history(AccountId account) override {
    return read([&](Connection& c) -> Result<std::vector<model::Certificate>> {
      std::vector<model::Certificate> out;
      auto r = c.run(
          "SELECT h.id, h.issuer, h.subject, h.level, h.created, i.name, s.name FROM cert_history h "
          "JOIN accounts i ON i.id = h.issuer JOIN accounts s ON s.id = h.subject WHERE h.issuer = ? "
          "UNION ALL "
          "SELECT h.id, h.issuer, h.subject, h.level, h.created, i.name, s.name FROM cert_history h "
          "JOIN accounts i ON i.id = h.issuer JOIN accounts s ON s.id = h.subject "
          "WHERE h.subject = ? AND h.issuer <> ? ORDER BY 1",
          {I(account.value), I(account.value), I(account.value)},
          collect(out, [](const Row& row) { return cert_from(row, 1); }));
      if (!r) return r.error();
      return out;
    });
  }

  Result<TrustGraph> load_trust_graph(const GraphOptions& options) override {
    return read([&](Connection& c) -> Result<TrustGraph> {
      TrustGraph out;
      trust::StandingGraph& g = *out.graph;
      // Store ids are dense enough to index a vector (they only grow).
      std::vector<std::uint32_t> dense;
      std::vector<bool> disabled;
      auto r = c.run("SELECT id, name, state FROM accounts ORDER BY id", {}, [&](const Row& row) -> Status {
        auto id = row.integer(0);
        if (id < 0 || id > (std::int64_t{1} << 32)) return Error::internal("account id out of range");
        if (static_cast<std::size_t>(id) >= dense.size())
          dense.resize(static_cast<std::size_t>(id) * 2 + 1, trust::NameTable::kNone);
        dense[static_cast<std::size_t>(id)] = static_cast<std::uint32_t>(g.names.size());
        g.names.emplace_back(row.text(1));
        out.account_ids.push_back(AccountId{id});
        disabled.push_back(row.text(2) == "disabled");
        return Ok{};
      });
      if (!r) return r.error();
      const std::size_t real_accounts = g.names.size();
      // SQLite keeps `certs` in (issuer, subject) order (WITHOUT ROWID), so
      // its ORDER BY costs nothing; PostgreSQL would sort a million rows on
      // the server, so the rows come unordered and are put in order here.
      struct Edge {
        std::uint32_t issuer, subject;
        trust::LevelIndex level;
      };
      std::vector<Edge> edges;
      bool sorted = true;
      auto take = [&](const Row& row) -> Status {
        auto is = static_cast<std::size_t>(row.integer(0));
        auto su = static_cast<std::size_t>(row.integer(1));
        if (is >= dense.size() || su >= dense.size())
          return Error::internal("a certificate names a missing account");
        std::uint32_t di = dense[is], ds = dense[su];
        auto level = row.integer(2);
        if (disabled[di] || di == ds || level <= 0) return Ok{};
        if (!edges.empty() &&
            (edges.back().issuer > di || (edges.back().issuer == di && edges.back().subject > ds)))
          sorted = false;
        edges.push_back({di, ds, static_cast<trust::LevelIndex>(level)});
        return Ok{};
      };
      r = c.dialect() == Dialect::Sqlite
              ? c.run("SELECT issuer, subject, level FROM certs ORDER BY issuer, subject", {}, take)
              : c.run("SELECT issuer, subject, level FROM certs", {}, take);
      if (!r) return r.error();
      g.out_begin.assign(real_accounts + 1, 0);
      for (const auto& e : edges) ++g.out_begin[e.issuer + 1];
      for (std::size_t i = 0; i < real_accounts; ++i) g.out_begin[i + 1] += g.out_begin[i];
      g.out_subject.resize(edges.size());
      g.out_level.resize(edges.size());
      if (sorted) {
        for (std::size_t i = 0; i < edges.size(); ++i) {
          g.out_subject[i] = edges[i].subject;
          g.out_level[i] = edges[i].level;
        }
      } else {
        std::vector<std::uint32_t> fill(g.out_begin.begin(), g.out_begin.end() - 1);
        for (const auto& e : edges) {
          auto at = fill[e.issuer]++;
          g.out_subject[at] = e.subject;
          g.out_level[at] = e.level;
        }
        std::vector<std::pair<std::uint32_t, trust::LevelIndex>> run;
        for (std::size_t a = 0; a < real_accounts; ++a) {
          auto b = g.out_begin[a], e = g.out_begin[a + 1];
          run.clear();
          for (auto i = b; i < e; ++i) run.emplace_back(g.out_subject[i], g.out_level[i]);
          std::sort(run.begin(), run.end());
          for (auto i = b; i < e; ++i) std::tie(g.out_subject[i], g.out_level[i]) = run[i - b];
        }
      }
      if (options.include_aliases) {
        r = c.run("SELECT name FROM account_aliases ORDER BY name", {}, [&](const Row& row) -> Status {
          g.names.emplace_back(row.text(0));
          out.account_ids.push_back(AccountId{});
          g.out_begin.push_back(g.out_begin.back());
          return Ok{};
        });
        if (!r) return r.error();
      }
      return out;
    });
  }

  Result<GraphImportSummary> import_graph(const GraphImport& in) override {
    for (const auto& n : in.names) {
      Status st = model::check_account_name(n);
      if (!st) return st.error();
    }
    for (const auto& cert : in.certificates)
      if (cert.issuer >= in.names.size() || cert.subject >= in.names.size())
        return Error::invalid_input("a certificate names an account that is not in the import");
    return write([&](Connection& c) -> Result<GraphImportSummary> { return import_graph_in(c, in); });
  }

  static bool has_capital(const std::string& s) {
    return std::any_of(s.begin(), s.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
  }

  static Result<GraphImportSummary> import_graph_in(Connection& c, const GraphImport& in) {
    GraphImportSummary sum;
    const std::size_t total = in.names.size() + in.certificates.size();
    constexpr std::size_t kProgressEvery = 4096;
    auto progress = [&](std::size_t done) {
      if (in.progress) in.progress(done, total);
    };
    // What the database has: accounts by key, aliases by name.
    std::unordered_map<std::string, std::pair<std::int64_t, std::string>> by_key;  // key -> id, name
    auto r = c.run("SELECT id, name, name_key FROM accounts", {}, [&](const Row& row) -> Status {
      by_key.emplace(std::string(row.text(2)), std::make_pair(row.integer(0), str(row, 1)));
      return Ok{};
    });
    if (!r) return r.error();
    std::unordered_map<std::string, std::int64_t> aliases;
    r = c.run("SELECT name, account_id FROM account_aliases", {}, [&](const Row& row) -> Status {
      aliases.emplace(str(row, 0), row.integer(1));
      return Ok{};
    });
    if (!r) return r.error();

    // The account each key stands for among new names: the first name with a
    // capital (Advogato kept a lower-case alias beside such accounts), else
    // the first name.
    std::unordered_map<std::string, std::size_t> chosen;  // key -> index into names
    for (std::size_t i = 0; i < in.names.size(); ++i) {
      std::string key = model::account_name_key(in.names[i]);
      auto [it, fresh] = chosen.emplace(key, i);
      if (!fresh && !has_capital(in.names[it->second]) && has_capital(in.names[i])) it->second = i;
    }
    std::vector<std::int64_t> ids(in.names.size(), 0);
    std::vector<bool> is_alias(in.names.size(), false);
    std::vector<std::size_t> to_create;
    std::vector<std::string> keys;
    for (std::size_t i = 0; i < in.names.size(); ++i) {
      std::string key = model::account_name_key(in.names[i]);
      if (by_key.count(key) || chosen[key] != i) continue;
      to_create.push_back(i);
      keys.push_back(std::move(key));
    }
    Status made =
        insert_rows(c, accounts_batch(), to_create.size(), [&](std::size_t k, std::vector<Param>& p) {
          p.push_back(S(in.names[to_create[k]]));
          p.push_back(S(keys[k]));
          p.push_back(I(in.when));
          if (k % kProgressEvery == 0) progress(k);
        });
    if (!made) return made.error();
    sum.accounts_created = to_create.size();
    if (!to_create.empty()) {
      by_key.clear();
      r = c.run("SELECT id, name, name_key FROM accounts", {}, [&](const Row& row) -> Status {
        by_key.emplace(std::string(row.text(2)), std::make_pair(row.integer(0), str(row, 1)));
        return Ok{};
      });
      if (!r) return r.error();
    }
    progress(in.names.size());
    // Every name now has its account; the others become aliases.
    std::vector<std::size_t> new_aliases;
    for (std::size_t i = 0; i < in.names.size(); ++i) {
      const std::string& name = in.names[i];
      const auto& acc = by_key.at(model::account_name_key(name));
      ids[i] = acc.first;
      if (acc.second == name) continue;
      is_alias[i] = true;
      if (!aliases.emplace(name, acc.first).second) continue;
      new_aliases.push_back(i);
    }
    Status aliased =
        insert_rows(c, aliases_batch(), new_aliases.size(), [&](std::size_t k, std::vector<Param>& p) {
          p.push_back(S(in.names[new_aliases[k]]));
          p.push_back(I(ids[new_aliases[k]]));
        });
    if (!aliased) return aliased.error();
    sum.aliases_created = new_aliases.size();
    std::size_t distinct_accounts = 0;
    for (std::size_t i = 0; i < in.names.size(); ++i) distinct_accounts += is_alias[i] ? 0 : 1;
    sum.accounts_existing = distinct_accounts - sum.accounts_created;

    // The latest certificate per pair, in history order.
    struct PairHash {
      std::size_t operator()(const std::pair<std::int64_t, std::int64_t>& p) const {
        return std::hash<std::int64_t>{}(p.first * 1000003 + p.second);
      }
    };
    std::unordered_map<std::pair<std::int64_t, std::int64_t>, std::uint8_t, PairHash> latest;
    std::vector<std::pair<std::int64_t, std::int64_t>> order;
    for (const auto& cert : in.certificates) {
      std::int64_t is = ids[cert.issuer], su = ids[cert.subject];
      // A certificate at the lowest level counts for nothing; naming an alias
      // it would only override the real account's own certificate.
      bool via_alias = is_alias[cert.issuer] || is_alias[cert.subject];
      if (is == su || (via_alias && cert.level == model::kNoCertificate)) {
        ++sum.certificates_skipped;
        continue;
      }
      auto [it, fresh] = latest.emplace(std::make_pair(is, su), cert.level.value);
      if (fresh)
        order.push_back(it->first);
      else
        it->second = cert.level.value;
    }
    std::unordered_map<std::pair<std::int64_t, std::int64_t>, std::uint8_t, PairHash> standing;
    r = c.run("SELECT issuer, subject, level FROM certs", {}, [&](const Row& row) -> Status {
      standing.emplace(std::make_pair(row.integer(0), row.integer(1)),
                       static_cast<std::uint8_t>(row.integer(2)));
      return Ok{};
    });
    if (!r) return r.error();
    // What changes: new or different certificates go in by the batch;
    // removals of standing ones one by one (rare).
    struct Change {
      std::int64_t issuer, subject, level;
    };
    std::vector<Change> changes;
    for (const auto& pair : order) {
      std::uint8_t level = latest[pair];
      auto it = standing.find(pair);
      std::uint8_t now = it == standing.end() ? 0 : it->second;
      if (now == level) {
        ++sum.certificates_unchanged;
        continue;
      }
      if (level == 0) {
        Status st = record_certificate(c, AccountId{pair.first}, AccountId{pair.second},
                                       model::kNoCertificate, in.when);
        if (!st) return st.error();
      } else {
        changes.push_back({pair.first, pair.second, level});
      }
      ++sum.certificates_recorded;
    }
    const std::size_t base = in.names.size() + in.certificates.size() - changes.size();
    auto fill = [&](std::size_t k, std::vector<Param>& p) {
      p.push_back(I(changes[k].issuer));
      p.push_back(I(changes[k].subject));
      p.push_back(I(changes[k].level));
      p.push_back(I(in.when));
    };
    Status st = insert_rows(c, history_batch(), changes.size(), [&](std::size_t k, std::vector<Param>& p) {
      fill(k, p);
      if (k % kProgressEvery == 0) progress(base + k / 2);
    });
    if (!st) return st.error();
    st = insert_rows(c, certs_batch(), changes.size(), [&](std::size_t k, std::vector<Param>& p) {
      fill(k, p);
      if (k % kProgressEvery == 0) progress(base + (changes.size() + k) / 2);
    });
    if (!st) return st.error();
    if (in.progress) in.progress(total, total);
    return sum;
  }

  // -- Published levels

  Result<std::int64_t> publish_levels(const model::LevelSnapshotInfo& info,
                                      const std::vector<model::PublishedLevel>& levels) override {
    return write([&](Connection& c) -> Result<std::int64_t> {
      std::int64_t generation = 0;
      auto r =
          c.run("SELECT COALESCE(MAX(generation), 0) + 1 FROM levels_meta", {}, integer_into(generation));
      if (!r) return r.error();
      r = c.run("DELETE FROM account_levels", {});
      if (!r) return r.error();
      std::vector<const model::PublishedLevel*> above;  // absent means the lowest level
      for (const auto& l : levels)
        if (l.level != model::kNoCertificate) above.push_back(&l);
      Status st = insert_rows(c, levels_batch(), above.size(), [&](std::size_t k, std::vector<Param>& p) {
        p.push_back(I(above[k]->account.value));
        p.push_back(I(above[k]->level.value));
      });
      if (!st) return st.error();
      r = c.run(
          "INSERT INTO levels_meta (id, generation, computed_at, compute_micros, accounts, certificates) "
          "VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET generation = excluded.generation, "
          "computed_at = excluded.computed_at, compute_micros = excluded.compute_micros, "
          "accounts = excluded.accounts, certificates = excluded.certificates",
          {I(generation), I(info.computed_at), I(info.compute_micros), I(info.accounts),
           I(info.certificates)});
      if (!r) return r.error();
      return generation;
    });
  }

  // -- Level history

  Status record_level_counts(const LevelCountsRecord& record) override {
    return write([&](Connection& c) -> Status {
      for (std::size_t l = 0; l < record.members.size(); ++l) {
        auto r = c.run(
            "INSERT INTO level_history (generation, computed_at, level, members) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (generation, level) DO UPDATE SET computed_at = excluded.computed_at, "
            "members = excluded.members",
            {I(record.generation), I(record.computed_at), I(static_cast<std::int64_t>(l)), I(record.members[l])});
        if (!r) return r.error();
      }
      return Ok{};
    });
  }

  Result<std::vector<LevelCountsRecord>> level_history(std::size_t limit) override {
    return read([&](Connection& c) -> Result<std::vector<LevelCountsRecord>> {
      std::vector<LevelCountsRecord> out;
      auto r = c.run(
          "SELECT generation, computed_at, level, members FROM level_history WHERE generation IN "
          "(SELECT DISTINCT generation FROM level_history ORDER BY generation DESC LIMIT ?) "
          "ORDER BY generation, level",
          {I(static_cast<std::int64_t>(limit))}, [&](const Row& row) -> Status {
            if (out.empty() || out.back().generation != row.integer(0)) out.push_back({row.integer(0), row.integer(1), {}});
            auto level = static_cast<std::size_t>(row.integer(2));
            if (level < 256) {
              if (out.back().members.size() <= level) out.back().members.resize(level + 1, 0);
              out.back().members[level] = row.integer(3);
            }
            return Ok{};
          });
      if (!r) return r.error();
      return out;
    });
  }

  // -- Several processes (PostgreSQL)

  bool shared_by_processes() const override { return backend_ == "postgresql"; }

  Coordination& coordination() {
    std::lock_guard lock(coordination_m_);
    if (!coordination_) coordination_ = std::make_unique<Coordination>(*pool_);
    return *coordination_;
  }

  Result<bool> try_trust_lock() override {
    if (!shared_by_processes()) return true;
    return coordination().try_trust_lock();
  }

  Status notify(const char* channel, const std::string& payload) {
    if (!shared_by_processes()) return Ok{};
    // Outside a transaction() the notification goes out at once; inside, on commit.
    return read([&](Connection& c) -> Status {
      auto r = c.run("SELECT pg_notify(?, ?)", {std::string_view(channel), S(payload)});
      if (!r) return r.error();
      return Ok{};
    });
  }

  Status notify_levels(std::int64_t generation) override {
    return notify(kLevelsChannel, std::to_string(generation));
  }

  Status notify_recompute() override { return notify(kRecomputeChannel, ""); }

  Result<StoreNotices> wait_notices(std::chrono::milliseconds timeout) override {
    if (!shared_by_processes()) return StoreNotices{};
    return coordination().wait(timeout);
  }

  Result<model::LevelSnapshotInfo> published_levels_info() override {
    return read([&](Connection& c) -> Result<model::LevelSnapshotInfo> {
      model::LevelSnapshotInfo info;
      auto r = c.run(
          "SELECT generation, computed_at, compute_micros, accounts, certificates FROM levels_meta WHERE id "
          "= 1",
          {}, [&](const Row& row) -> Status {
            info = {row.integer(0), row.integer(1), row.integer(2), row.integer(3), row.integer(4)};
            return Ok{};
          });
      if (!r) return r.error();
      return info;
    });
  }

  Result<std::vector<model::PublishedLevel>> published_levels() override {
    return read([&](Connection& c) -> Result<std::vector<model::PublishedLevel>> {
      std::vector<model::PublishedLevel> out;
      auto r = c.run("SELECT account_id, level FROM account_levels ORDER BY account_id", {},
                     collect(out, [](const Row& row) {
                       return model::PublishedLevel{AccountId{row.integer(0)},
                                                    CertLevel{static_cast<std::uint8_t>(row.integer(1))}};
                     }));
      if (!r) return r.error();
      return out;
    });
  }

  Result<CertLevel> published_level(AccountId account) override {
    return read([&](Connection& c) -> Result<CertLevel> {
      std::int64_t level = 0;
      auto r = c.run("SELECT level FROM account_levels WHERE account_id = ?", {I(account.value)},
                     integer_into(level));
      if (!r) return r.error();
      return CertLevel{static_cast<std::uint8_t>(level)};
    });
  }

  Result<std::vector<std::int64_t>> count_by_level(std::size_t level_count) override {
    return read([&](Connection& c) -> Result<std::vector<std::int64_t>> {
      std::vector<std::int64_t> out(std::max<std::size_t>(level_count, 1), 0);
      auto r = c.run(
          "SELECT COALESCE(l.level, 0), COUNT(*) FROM accounts a LEFT JOIN account_levels l ON l.account_id "
          "= a.id "
          "WHERE a.state <> 'disabled' GROUP BY COALESCE(l.level, 0)",
          {}, [&](const Row& row) -> Status {
            auto l = static_cast<std::size_t>(std::max<std::int64_t>(row.integer(0), 0));
            out[std::min(l, out.size() - 1)] += row.integer(1);
            return Ok{};
          });
      if (!r) return r.error();
      return out;
    });
  }

  // -- Diary

  Result<DiaryEntryId> add_diary_entry(const NewDiaryEntry& e) override {
    auto added = append_diary_entry(e);
    if (!added) return added.error();
    return added->id;
  }

  Result<DiaryAppended> append_diary_entry(const NewDiaryEntry& e) override {
    Status st = model::check_diary_body(e.body);
    if (!st) return st.error();
    st = model::check_title(e.title);
    if (!st) return st.error();
    auto added = write([&](Connection& c) -> Result<DiaryAppended> {
      Status ok = account_exists(c, e.author);
      if (!ok) return ok.error();
      if (!e.submission_key.empty()) {
        auto first = diary_entry_by_key(c, e.submission_key);
        if (!first) return first.error();
        if (*first) return **first;
      }
      auto slot = new_diary_slot(c, e.author);
      if (!slot) return slot.error();
      auto r = c.run(
          "INSERT INTO diary_entries (id, number, author, title, body, format, created, updated, submission_key) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {I(slot->id.value), I(slot->number), I(e.author.value), S(e.title), S(e.body), to_string(e.format),
           I(e.when), I(e.when), e.submission_key.empty() ? Null() : S(e.submission_key)});
      if (!r) return r.error();
      return *slot;
    });
    // Two submissions at the same moment: the second insert meets the first
    // one's key (a unique violation); answer with the first entry.
    if (!added && added.error().kind() == ErrorKind::Conflict && !e.submission_key.empty()) {
      auto first = read([&](Connection& c) { return diary_entry_by_key(c, e.submission_key); });
      if (first && *first) return **first;
    }
    return added;
  }

  static Result<std::optional<DiaryAppended>> diary_entry_by_key(Connection& c, const std::string& key) {
    std::optional<DiaryAppended> out;
    auto r = c.run("SELECT id, number FROM diary_entries WHERE submission_key = ?", {S(key)},
                   first(out, [](const Row& row) { return DiaryAppended{DiaryEntryId{row.integer(0)}, row.integer(1)}; }));
    if (!r) return r.error();
    return out;
  }

  // The highest number the author's diary ever gave, plus one.
  static constexpr const char* kNextDiaryNumber =
      "SELECT MAX(n) FROM (SELECT COALESCE(MAX(number), -1) + 1 AS n FROM diary_entries WHERE author = ? "
      "UNION ALL SELECT COALESCE(MAX(number), -1) + 1 FROM diary_deletions WHERE author = ?) AS x";

  // An id and a number for the author's next entry, neither given before.
  static Result<DiaryAppended> new_diary_slot(Connection& c, AccountId author) {
    std::int64_t id = 0;
    Result<std::int64_t> r = std::int64_t{0};
    if (c.dialect() == Dialect::Postgres) {
      // Two READ COMMITTED transactions could each read the same highest
      // number: the author's row, held until commit, puts one author's
      // additions in a line.
      if (Status held = hold_account(c, author); !held) return held.error();
      // The sequence never goes back.
      r = c.run("SELECT nextval(pg_get_serial_sequence('diary_entries', 'id'))", {}, integer_into(id));
    } else {
      // SQLite would give the highest rowid + 1, the id of a newest entry
      // just deleted.
      r = c.run(
          "SELECT MAX(n) FROM (SELECT COALESCE(MAX(id), 0) + 1 AS n FROM diary_entries "
          "UNION ALL SELECT COALESCE(MAX(id), 0) + 1 FROM diary_deletions) AS x",
          {}, integer_into(id));
    }
    if (!r) return r.error();
    std::int64_t number = 0;
    r = c.run(kNextDiaryNumber, {I(author.value), I(author.value)}, integer_into(number));
    if (!r) return r.error();
    return DiaryAppended{DiaryEntryId{id}, number};
  }

  Status edit_diary_entry(DiaryEntryId id, const DiaryEdit& e) override {
    Status st = model::check_diary_body(e.body);
    if (!st) return st;
    st = model::check_title(e.title);
    if (!st) return st;
    return write([&](Connection& c) -> Status {
      auto r = c.run("UPDATE diary_entries SET title = ?, body = ?, format = ?, updated = ? WHERE id = ?",
                     {S(e.title), S(e.body), to_string(e.format), I(e.when), I(id.value)});
      if (!r) return r.error();
      if (*r == 0) return Error::not_found("no diary entry with id " + std::to_string(id.value));
      return Ok{};
    });
  }

  Status delete_diary_entry(DiaryEntryId id) override {
    return write([&](Connection& c) -> Status {
      auto r = c.run(
          "INSERT INTO diary_deletions (id, author, number, created, updated, guid) "
          "SELECT id, author, number, created, updated, guid FROM diary_entries WHERE id = ?",
          {I(id.value)});
      if (!r) return r.error();
      r = c.run("DELETE FROM diary_entries WHERE id = ?", {I(id.value)});
      if (!r) return r.error();
      if (*r == 0) return Error::not_found("no diary entry with id " + std::to_string(id.value));
      return Ok{};
    });
  }

  Result<model::DiaryEntry> diary_entry(DiaryEntryId id) override {
    return read([&](Connection& c) -> Result<model::DiaryEntry> {
      std::optional<model::DiaryEntry> out;
      auto r = c.run("SELECT " DIARY_COLS
                     " FROM diary_entries d JOIN accounts a ON a.id = d.author WHERE d.id = ?",
                     {I(id.value)}, first(out, diary_from));
      if (!r) return r.error();
      if (!out) return Error::not_found("no diary entry with id " + std::to_string(id.value));
      return std::move(*out);
    });
  }

  Result<model::DiaryEntry> diary_entry_numbered(AccountId author, std::int64_t number) override {
    return read([&](Connection& c) -> Result<model::DiaryEntry> {
      std::optional<model::DiaryEntry> out;
      auto r = c.run("SELECT " DIARY_COLS
                     " FROM diary_entries d JOIN accounts a ON a.id = d.author WHERE d.author = ? AND d.number = ?",
                     {I(author.value), I(number)}, first(out, diary_from));
      if (!r) return r.error();
      if (!out) return Error::not_found("no diary entry numbered " + std::to_string(number));
      return std::move(*out);
    });
  }

  static DiaryDeletion deletion_from(const Row& r) {
    return DiaryDeletion{DiaryEntryId{r.integer(0)}, AccountId{r.integer(1)}, r.integer(2), r.integer(3),
                         r.integer(4)};
  }

  Result<std::optional<DiaryDeletion>> diary_deletion(DiaryEntryId id) override {
    return read([&](Connection& c) -> Result<std::optional<DiaryDeletion>> {
      std::optional<DiaryDeletion> out;
      auto r = c.run("SELECT id, author, number, created, updated FROM diary_deletions WHERE id = ?",
                     {I(id.value)}, first(out, deletion_from));
      if (!r) return r.error();
      return out;
    });
  }

  Result<std::optional<DiaryDeletion>> diary_deletion(AccountId author, std::int64_t number) override {
    return read([&](Connection& c) -> Result<std::optional<DiaryDeletion>> {
      std::optional<DiaryDeletion> out;
      auto r = c.run(
          "SELECT id, author, number, created, updated FROM diary_deletions WHERE author = ? AND number = ?",
          {I(author.value), I(number)}, first(out, deletion_from));
      if (!r) return r.error();
      return out;
    });
  }

  Result<std::vector<model::DiaryEntry>> diary_entries_below(AccountId author, std::int64_t below,
                                                             std::size_t limit) override {
    return read([&](Connection& c) -> Result<std::vector<model::DiaryEntry>> {
      std::vector<model::DiaryEntry> out;
      auto r = c.run("SELECT " DIARY_COLS
                     " FROM diary_entries d JOIN accounts a ON a.id = d.author "
                     "WHERE d.author = ? AND d.number < ? ORDER BY d.number DESC LIMIT ?",
                     {I(author.value), I(below), I(static_cast<std::int64_t>(limit))}, collect(out, diary_from));
      if (!r) return r.error();
      return out;
    });
  }

  Result<std::int64_t> diary_length(AccountId author) override {
    return read([&](Connection& c) -> Result<std::int64_t> {
      std::int64_t n = 0;
      auto r = c.run(kNextDiaryNumber, {I(author.value), I(author.value)}, integer_into(n));
      if (!r) return r.error();
      return n;
    });
  }

  Result<std::vector<model::DiaryEntry>> diary_entries(AccountId author, Page page) override {
    return read([&](Connection& c) -> Result<std::vector<model::DiaryEntry>> {
      std::vector<model::DiaryEntry> out;
      auto r = c.run("SELECT " DIARY_COLS
                     " FROM diary_entries d JOIN accounts a ON a.id = d.author "
                     "WHERE d.author = ? ORDER BY d.created DESC, d.id DESC LIMIT ? OFFSET ?",
                     {I(author.value), I(static_cast<std::int64_t>(page.limit)),
                      I(static_cast<std::int64_t>(page.offset))},
                     collect(out, diary_from));
      if (!r) return r.error();
      return out;
    });
  }

  Result<std::int64_t> count_diary_entries(AccountId author) override {
    return read([&](Connection& c) -> Result<std::int64_t> {
      std::int64_t n = 0;
      auto r =
          c.run("SELECT COUNT(*) FROM diary_entries WHERE author = ?", {I(author.value)}, integer_into(n));
      if (!r) return r.error();
      return n;
    });
  }

  Result<std::vector<RecentEntry>> recent_diary_entries(const RecentQuery& q) override {
    const std::int64_t before = q.before > 0 ? q.before : std::numeric_limits<std::int64_t>::max();
    return read([&](Connection& c) -> Result<std::vector<RecentEntry>> {
      std::vector<RecentEntry> out;
      auto make = [](const Row& row) {
        RecentEntry e;
        e.entry = diary_from(row);
        e.author_level = CertLevel{static_cast<std::uint8_t>(row.integer(13))};
        return e;
      };
      Result<std::int64_t> r = std::int64_t{0};
      if (q.style == RecentStyle::EveryEntry) {
        r = c.run("SELECT " DIARY_COLS
                  ", COALESCE(l.level, 0) FROM diary_entries d "
                  "JOIN accounts a ON a.id = d.author LEFT JOIN account_levels l ON l.account_id = d.author "
                  "WHERE a.state <> 'disabled' AND COALESCE(l.level, 0) >= ? "
                  "AND (d.created < ? OR (d.created = ? AND d.id < ?)) "
                  "ORDER BY d.created DESC, d.id DESC LIMIT ?",
                  {I(q.min_level.value), I(before), I(before), I(q.before_id), I(static_cast<std::int64_t>(q.limit))},
                  collect(out, make));
      } else {
        r = c.run(
            "SELECT " DIARY_COLS
            ", COALESCE(l.level, 0) FROM diary_entries d "
            "JOIN accounts a ON a.id = d.author LEFT JOIN account_levels l ON l.account_id = d.author "
            "WHERE a.state <> 'disabled' AND COALESCE(l.level, 0) >= ? "
            "AND (d.created < ? OR (d.created = ? AND d.id < ?)) "
            "AND d.id = (SELECT d2.id FROM diary_entries d2 WHERE d2.author = d.author "
            "AND (d2.created < ? OR (d2.created = ? AND d2.id < ?)) "
            "ORDER BY d2.created DESC, d2.id DESC LIMIT 1) "
            "ORDER BY d.created DESC, d.id DESC LIMIT ?",
            {I(q.min_level.value), I(before), I(before), I(q.before_id), I(before), I(before), I(q.before_id),
             I(static_cast<std::int64_t>(q.limit))},
            collect(out, make));
      }
      if (!r) return r.error();
      return out;
    });
  }

  static Status check_syndicated(const SyndicatedPost& p) {
    if (p.source.guid.empty()) return Error::invalid_input("a syndicated post needs a guid or a link");
    return model::check_diary_body(p.body);
  }

  static Result<SyndicatedResult> upsert_syndicated_in(Connection& c, const SyndicatedPost& p) {
    Status ok = account_exists(c, p.author);
    if (!ok) return ok.error();
    std::optional<model::DiaryEntry> old;
    auto r = c.run("SELECT " DIARY_COLS
                   " FROM diary_entries d JOIN accounts a ON a.id = d.author "
                   "WHERE d.author = ? AND d.guid = ?",
                   {I(p.author.value), S(p.source.guid)}, first(old, diary_from));
    if (!r) return r.error();
    const UnixTime updated = p.updated ? p.updated : p.published;
    if (!old) {
      // A post whose entry the member deleted stays deleted.
      std::int64_t deleted = 0;
      r = c.run("SELECT id FROM diary_deletions WHERE author = ? AND guid = ?", {I(p.author.value), S(p.source.guid)},
                integer_into(deleted));
      if (!r) return r.error();
      if (deleted) return SyndicatedResult{DiaryEntryId{deleted}, UpsertOutcome::Deleted};
      // The next number, whatever the post's date: an older post does not
      // move the entries already there.
      auto slot = new_diary_slot(c, p.author);
      if (!slot) return slot.error();
      r = c.run(
          "INSERT INTO diary_entries (id, number, author, title, body, format, created, updated, guid, link, "
          "blog_title, blog_url) VALUES (?, ?, ?, ?, ?, 'html', ?, ?, ?, ?, ?, ?)",
          {I(slot->id.value), I(slot->number), I(p.author.value), S(p.title), S(p.body), I(p.published),
           I(updated), S(p.source.guid), S(p.source.link), S(p.source.blog_title), S(p.source.blog_url)});
      if (!r) return r.error();
      return SyndicatedResult{slot->id, UpsertOutcome::Created};
    }
    const auto& s = *old->syndicated;
    if (old->title == p.title && old->body == p.body && s.link == p.source.link &&
        s.blog_title == p.source.blog_title && s.blog_url == p.source.blog_url)
      return SyndicatedResult{old->id, UpsertOutcome::Unchanged};
    r = c.run(
        "UPDATE diary_entries SET title = ?, body = ?, updated = ?, link = ?, blog_title = ?, blog_url = ? "
        "WHERE id = ?",
        {S(p.title), S(p.body), I(updated), S(p.source.link), S(p.source.blog_title), S(p.source.blog_url),
         I(old->id.value)});
    if (!r) return r.error();
    return SyndicatedResult{old->id, UpsertOutcome::Updated};
  }

  Result<SyndicatedResult> upsert_syndicated_entry(const SyndicatedPost& p) override {
    Status st = check_syndicated(p);
    if (!st) return st.error();
    return write([&](Connection& c) -> Result<SyndicatedResult> { return upsert_syndicated_in(c, p); });
  }

  Status edit_diary_draft(AccountId author, const DraftEdit& edit, UnixTime when) override {
    return write([&](Connection& c) -> Status {
      // The author's row, held until commit, puts one member's edits in a
      // line on PostgreSQL, where two READ COMMITTED transactions could
      // each read the same record and the second write lose the first's
      // change; SQLite runs one write transaction at a time.
      Status ok = hold_account(c, author);
      if (!ok) return ok;
      std::optional<std::string> record;
      auto r = c.run("SELECT body FROM diary_drafts WHERE author = ?", {I(author.value)},
                     first(record, [](const Row& row) { return str(row, 0); }));
      if (!r) return r.error();
      auto next = edit(record);
      if (!next) return next.error();
      if (!*next) {
        r = c.run("DELETE FROM diary_drafts WHERE author = ?", {I(author.value)});
        if (!r) return r.error();
        return Ok{};
      }
      Status st = check_size(**next, kMaxDraftRecordBytes, "a draft");
      if (!st) return st;
      r = c.run(
          "INSERT INTO diary_drafts (author, body, saved) VALUES (?, ?, ?) "
          "ON CONFLICT (author) DO UPDATE SET body = excluded.body, saved = excluded.saved",
          {I(author.value), S(**next), I(when)});
      if (!r) return r.error();
      return Ok{};
    });
  }

  Result<std::optional<std::string>> diary_draft(AccountId author) override {
    return read([&](Connection& c) -> Result<std::optional<std::string>> {
      std::optional<std::string> out;
      auto r = c.run("SELECT body FROM diary_drafts WHERE author = ?", {I(author.value)},
                     first(out, [](const Row& row) { return str(row, 0); }));
      if (!r) return r.error();
      return out;
    });
  }

  // -- Articles and replies

  Result<ArticleId> create_article(const NewArticle& a) override {
    Status st = model::check_title(a.title);
    if (!st) return st.error();
    st = check_size(a.lead, model::kMaxArticleBytes, "an article's lead");
    if (!st) return st.error();
    st = check_size(a.body, model::kMaxArticleBytes, "an article");
    if (!st) return st.error();
    if (a.title.empty()) return Error::invalid_input("an article needs a title");
    auto created = write([&](Connection& c) -> Result<ArticleId> {
      Status ok = account_exists(c, a.author);
      if (!ok) return ok.error();
      std::int64_t id = 0;
      if (!a.submission_key.empty()) {
        auto r = c.run("SELECT id FROM articles WHERE submission_key = ?", {S(a.submission_key)},
                       integer_into(id));
        if (!r) return r.error();
        if (id) return ArticleId{id};
      }
      auto r = c.run(
          "INSERT INTO articles (author, title, lead, body, topic, format, created, updated, "
          "submission_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {I(a.author.value), S(a.title), S(a.lead), S(a.body), S(a.topic), to_string(a.format), I(a.when),
           I(a.when), a.submission_key.empty() ? Null() : S(a.submission_key)},
          integer_into(id));
      if (!r) return r.error();
      return ArticleId{id};
    });
    // Two submissions at the same moment: the second insert meets the first
    // one's key (a unique violation); answer with the first article.
    if (!created && created.error().kind() == ErrorKind::Conflict && !a.submission_key.empty()) {
      auto first = id_by_submission_key("SELECT id FROM articles WHERE submission_key = ?", a.submission_key);
      if (first && *first) return ArticleId{*first};
    }
    return created;
  }

  Status edit_article(ArticleId id, const ArticleEdit& e) override {
    Status st = model::check_title(e.title);
    if (!st) return st;
    st = check_size(e.body, model::kMaxArticleBytes, "an article");
    if (!st) return st;
    return write([&](Connection& c) -> Status {
      auto r = c.run(
          "UPDATE articles SET title = ?, lead = ?, body = ?, topic = ?, format = ?, updated = ? WHERE id = "
          "?",
          {S(e.title), S(e.lead), S(e.body), S(e.topic), to_string(e.format), I(e.when), I(id.value)});
      if (!r) return r.error();
      if (*r == 0) return Error::not_found("no article with id " + std::to_string(id.value));
      return Ok{};
    });
  }

  Result<model::Article> article(ArticleId id, Visibility v) override {
    return read([&](Connection& c) -> Result<model::Article> {
      std::optional<model::Article> out;
      auto r = c.run("SELECT " ARTICLE_COLS
                     " FROM articles ar JOIN accounts a ON a.id = ar.author "
                     "WHERE ar.id = ? AND (ar.hidden = 0 OR CAST(? AS INTEGER) = 1) AND "
                     "(a.state <> 'disabled' OR CAST(? AS INTEGER) = 1)",
                     {I(id.value), I(v == Visibility::IncludeHidden), I(v == Visibility::IncludeHidden)},
                     first(out, article_from));
      if (!r) return r.error();
      if (!out) return Error::not_found("no article with id " + std::to_string(id.value));
      return std::move(*out);
    });
  }

  Result<std::vector<model::Article>> articles(Page page, Visibility v) override {
    return read([&](Connection& c) -> Result<std::vector<model::Article>> {
      std::vector<model::Article> out;
      auto r = c.run("SELECT " ARTICLE_COLS
                     " FROM articles ar JOIN accounts a ON a.id = ar.author "
                     "WHERE (ar.hidden = 0 AND a.state <> 'disabled') OR CAST(? AS INTEGER) = 1 "
                     "ORDER BY ar.created DESC, ar.id DESC LIMIT ? OFFSET ?",
                     {I(v == Visibility::IncludeHidden), I(static_cast<std::int64_t>(page.limit)),
                      I(static_cast<std::int64_t>(page.offset))},
                     collect(out, article_from));
      if (!r) return r.error();
      return out;
    });
  }

  Result<std::vector<model::Article>> articles_by(AccountId author, Page page) override {
    return read([&](Connection& c) -> Result<std::vector<model::Article>> {
      std::vector<model::Article> out;
      auto r =
          c.run("SELECT " ARTICLE_COLS
                " FROM articles ar JOIN accounts a ON a.id = ar.author "
                "WHERE ar.author = ? AND ar.hidden = 0 ORDER BY ar.created DESC, ar.id DESC LIMIT ? OFFSET ?",
                {I(author.value), I(static_cast<std::int64_t>(page.limit)),
                 I(static_cast<std::int64_t>(page.offset))},
                collect(out, article_from));
      if (!r) return r.error();
      return out;
    });
  }

  Result<std::int64_t> count_articles(Visibility v) override {
    return read([&](Connection& c) -> Result<std::int64_t> {
      std::int64_t n = 0;
      auto r = c.run(
          "SELECT COUNT(*) FROM articles ar JOIN accounts a ON a.id = ar.author "
          "WHERE (ar.hidden = 0 AND a.state <> 'disabled') OR CAST(? AS INTEGER) = 1",
          {I(v == Visibility::IncludeHidden)}, integer_into(n));
      if (!r) return r.error();
      return n;
    });
  }

  Status set_article_hidden(ArticleId id, bool hidden, const std::string& reason) override {
    return write([&](Connection& c) -> Status {
      auto r = c.run("UPDATE articles SET hidden = ?, hidden_reason = ? WHERE id = ?",
                     {I(hidden ? 1 : 0), S(reason), I(id.value)});
      if (!r) return r.error();
      if (*r == 0) return Error::not_found("no article with id " + std::to_string(id.value));
      return Ok{};
    });
  }

  Result<ReplyId> add_reply(const NewReply& x) override {
    Status st = model::check_title(x.title);
    if (!st) return st.error();
    st = check_size(x.body, model::kMaxReplyBytes, "a reply");
    if (!st) return st.error();
    auto added = write([&](Connection& c) -> Result<ReplyId> {
      Status ok = account_exists(c, x.author);
      if (!ok) return ok.error();
      std::int64_t n = 0;
      auto r = c.run("SELECT COUNT(*) FROM articles WHERE id = ?", {I(x.article.value)}, integer_into(n));
      if (!r) return r.error();
      if (n == 0) return Error::not_found("no article with id " + std::to_string(x.article.value));
      if (x.parent) {
        n = 0;
        r = c.run("SELECT COUNT(*) FROM replies WHERE id = ? AND article = ?",
                  {I(x.parent.value), I(x.article.value)}, integer_into(n));
        if (!r) return r.error();
        if (n == 0) return Error::not_found("the reply answered is not on this article");
      }
      std::int64_t id = 0;
      if (!x.submission_key.empty()) {
        r = c.run("SELECT id FROM replies WHERE submission_key = ?", {S(x.submission_key)}, integer_into(id));
        if (!r) return r.error();
        if (id) return ReplyId{id};
      }
      r = c.run(
          "INSERT INTO replies (article, parent, author, title, body, format, created, submission_key) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {I(x.article.value), IdOrNull(x.parent), I(x.author.value), S(x.title), S(x.body),
           to_string(x.format), I(x.when), x.submission_key.empty() ? Null() : S(x.submission_key)},
          integer_into(id));
      if (!r) return r.error();
      return ReplyId{id};
    });
    if (!added && added.error().kind() == ErrorKind::Conflict && !x.submission_key.empty()) {
      auto first = id_by_submission_key("SELECT id FROM replies WHERE submission_key = ?", x.submission_key);
      if (first && *first) return ReplyId{*first};
    }
    return added;
  }

  Result<std::int64_t> id_by_submission_key(const char* sql, const std::string& key) {
    return read([&](Connection& c) -> Result<std::int64_t> {
      std::int64_t id = 0;
      auto r = c.run(sql, {S(key)}, integer_into(id));
      if (!r) return r.error();
      return id;
    });
  }

  Result<std::vector<model::Reply>> replies(ArticleId article, Visibility v) override {
    return read([&](Connection& c) -> Result<std::vector<model::Reply>> {
      std::vector<model::Reply> out;
      auto r = c.run(
          "SELECT " REPLY_COLS
          " FROM replies r JOIN accounts a ON a.id = r.author "
          "WHERE r.article = ? AND ((r.hidden = 0 AND a.state <> 'disabled') OR CAST(? AS INTEGER) = 1) "
          "ORDER BY r.id",
          {I(article.value), I(v == Visibility::IncludeHidden)}, collect(out, reply_from));
      if (!r) return r.error();
      return out;
    });
  }

  Status set_reply_hidden(ReplyId id, bool hidden, const std::string& reason) override {
    return write([&](Connection& c) -> Status {
      auto r = c.run("UPDATE replies SET hidden = ?, hidden_reason = ? WHERE id = ?",
                     {I(hidden ? 1 : 0), S(reason), I(id.value)});
      if (!r) return r.error();
      if (*r == 0) return Error::not_found("no reply with id " + std::to_string(id.value));
      return Ok{};
    });
  }

  Status mark_replies_seen(AccountId reader, ArticleId article, ReplyId newest) override {
    return write([&](Connection& c) -> Status {
      auto r = c.run(
          "INSERT INTO replies_seen (reader, article, reply) VALUES (?, ?, ?) "
          "ON CONFLICT (reader, article) DO UPDATE SET reply = CASE WHEN excluded.reply > "
          "replies_seen.reply THEN excluded.reply ELSE replies_seen.reply END",
          {I(reader.value), I(article.value), I(newest.value)});
      if (!r) return r.error();
      return Ok{};
    });
  }

  Result<std::vector<std::int64_t>> count_new_replies(AccountId reader,
                                                      const std::vector<ArticleId>& articles) override {
    return read([&](Connection& c) -> Result<std::vector<std::int64_t>> {
      std::vector<std::int64_t> out;
      out.reserve(articles.size());
      for (ArticleId article : articles) {
        std::int64_t n = 0;
        auto r = c.run(
            "SELECT COUNT(*) FROM replies r JOIN accounts a ON a.id = r.author "
            "WHERE r.article = ? AND r.hidden = 0 AND a.state <> 'disabled' AND r.id > "
            "COALESCE((SELECT s.reply FROM replies_seen s WHERE s.reader = ? AND s.article = ?), 0)",
            {I(article.value), I(reader.value), I(article.value)}, integer_into(n));
        if (!r) return r.error();
        out.push_back(n);
      }
      return out;
    });
  }

  Result<ReplyId> last_seen_reply(AccountId reader, ArticleId article) override {
    return read([&](Connection& c) -> Result<ReplyId> {
      std::int64_t id = 0;
      auto r = c.run("SELECT reply FROM replies_seen WHERE reader = ? AND article = ?",
                     {I(reader.value), I(article.value)}, integer_into(id));
      if (!r) return r.error();
      return ReplyId{id};
    });
  }

  // -- Projects

  Result<ProjectId> create_project(const NewProject& p) override {
    Status st = model::check_project_name(p.name);
    if (!st) return st.error();
    std::string key = model::project_name_key(p.name);
    return write([&](Connection& c) -> Result<ProjectId> {
      Status ok = account_exists(c, p.by);
      if (!ok) return ok.error();
      std::int64_t n = 0;
      auto r = c.run("SELECT COUNT(*) FROM projects WHERE name_key = ?", {S(key)}, integer_into(n));
      if (!r) return r.error();
      if (n) return Error::conflict("a project named \"" + p.name + "\" exists already");
      // The name no longer leads to the project it was a former name of.
      r = c.run("DELETE FROM project_former_names WHERE name_key = ?", {S(key)});
      if (!r) return r.error();
      std::int64_t id = 0;
      r = c.run(
          "INSERT INTO projects (name, name_key, homepage, license, description, notes, created, created_by, "
          "modified, modified_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
          {S(p.name), S(key), S(p.homepage), S(p.license), S(p.description), S(p.notes), I(p.when),
           I(p.by.value), I(p.when), I(p.by.value)},
          integer_into(id));
      if (!r) {
        if (r.error().kind() == ErrorKind::Conflict)
          return Error::conflict("a project named \"" + p.name + "\" exists already");
        return r.error();
      }
      return ProjectId{id};
    });
  }

  Result<model::Project> project_by_name(std::string_view name) override {
    std::string key = model::project_name_key(name);
    return read([&](Connection& c) -> Result<model::Project> {
      std::optional<model::Project> out;
      auto r = c.run("SELECT " PROJECT_COLS PROJECT_FROM "WHERE p.name_key = ?", {S(key)},
                     first(out, project_from));
      if (!r) return r.error();
      if (!out) return Error::not_found("no project is named \"" + std::string(name) + "\"");
      return std::move(*out);
    });
  }

  Result<model::Project> project_by_former_name(std::string_view name) override {
    std::string key = model::project_name_key(name);
    return read([&](Connection& c) -> Result<model::Project> {
      std::optional<model::Project> out;
      auto r = c.run("SELECT " PROJECT_COLS PROJECT_FROM
                     "JOIN project_former_names f ON f.project_id = p.id WHERE f.name_key = ?",
                     {S(key)}, first(out, project_from));
      if (!r) return r.error();
      if (!out) return Error::not_found("no project was named \"" + std::string(name) + "\"");
      return std::move(*out);
    });
  }

  Result<std::vector<std::string>> project_former_names(ProjectId id) override {
    return read([&](Connection& c) -> Result<std::vector<std::string>> {
      std::vector<std::string> names;
      auto r = c.run("SELECT name FROM project_former_names WHERE project_id = ? ORDER BY name_key, name",
                     {I(id.value)}, [&](const Row& row) -> Status {
                       names.push_back(str(row, 0));
                       return Ok{};
                     });
      if (!r) return r.error();
      return names;
    });
  }

  Result<std::vector<model::Project>> projects(ProjectOrder order, Page page) override {
    return read([&](Connection& c) -> Result<std::vector<model::Project>> {
      std::vector<model::Project> out;
      Params params{I(static_cast<std::int64_t>(page.limit)), I(static_cast<std::int64_t>(page.offset))};
      auto r = order == ProjectOrder::ByName
                   ? c.run("SELECT " PROJECT_COLS PROJECT_FROM "ORDER BY p.name_key LIMIT ? OFFSET ?", params,
                           collect(out, project_from))
                   : c.run("SELECT " PROJECT_COLS PROJECT_FROM
                           "ORDER BY p.modified DESC, p.id DESC LIMIT ? OFFSET ?",
                           params, collect(out, project_from));
      if (!r) return r.error();
      return out;
    });
  }

  Status edit_project(ProjectId id, const ProjectEdit& e) override {
    return write([&](Connection& c) -> Status {
      Status ok = account_exists(c, e.by);
      if (!ok) return ok;
      // With `seen`, the update is made only where the text is still what
      // the editor saw: checked and written in one statement.
      const ProjectEdit::Text any;
      const ProjectEdit::Text& seen = e.seen ? *e.seen : any;
      auto r = c.run(
          "UPDATE projects SET homepage = ?, license = ?, description = ?, notes = ?, modified = ?, "
          "modified_by = ? WHERE id = ? AND (? = 0 OR (homepage = ? AND license = ? AND description = ? AND "
          "notes = ?))",
          {S(e.homepage), S(e.license), S(e.description), S(e.notes), I(e.when), I(e.by.value), I(id.value),
           I(e.seen ? 1 : 0), S(seen.homepage), S(seen.license), S(seen.description), S(seen.notes)});
      if (!r) return r.error();
      if (*r == 0 && !e.seen) return Error::not_found("no project with id " + std::to_string(id.value));
      if (*r == 0) {
        std::int64_t n = 0;
        r = c.run("SELECT COUNT(*) FROM projects WHERE id = ?", {I(id.value)}, integer_into(n));
        if (!r) return r.error();
        if (n == 0) return Error::not_found("no project with id " + std::to_string(id.value));
        return Error::conflict("the project was changed while you were editing it");
      }
      return Ok{};
    });
  }

  Status rename_project(ProjectId id, const std::string& name) override {
    Status st = model::check_project_name(name);
    if (!st) return st;
    std::string key = model::project_name_key(name);
    return write([&](Connection& c) -> Status {
      std::int64_t n = 0;
      auto r = c.run("SELECT COUNT(*) FROM projects WHERE name_key = ? AND id <> ?", {S(key), I(id.value)},
                     integer_into(n));
      if (!r) return r.error();
      if (n) return Error::conflict("a project named \"" + name + "\" exists already");
      std::optional<std::string> old_name, old_key;
      r = c.run("SELECT name, name_key FROM projects WHERE id = ?", {I(id.value)}, [&](const Row& row) -> Status {
        old_name = str(row, 0);
        old_key = str(row, 1);
        return Ok{};
      });
      if (!r) return r.error();
      // The new name is taken over from whichever project had it before (this
      // one too); the old one is remembered unless only its case changes.
      r = c.run("DELETE FROM project_former_names WHERE name_key = ?", {S(key)});
      if (!r) return r.error();
      r = c.run("UPDATE projects SET name = ?, name_key = ? WHERE id = ?", {S(name), S(key), I(id.value)});
      if (!r) return r.error();
      if (*r == 0 || !old_key) return Error::not_found("no project with id " + std::to_string(id.value));
      if (*old_key == key) return Ok{};
      r = c.run(
          "INSERT INTO project_former_names (name_key, name, project_id) VALUES (?, ?, ?) "
          "ON CONFLICT (name_key) DO UPDATE SET name = excluded.name, project_id = excluded.project_id",
          {S(*old_key), S(*old_name), I(id.value)});
      if (!r) return r.error();
      return Ok{};
    });
  }

  Status delete_project(ProjectId id) override {
    return write([&](Connection& c) -> Status {
      auto r = c.run("DELETE FROM project_members WHERE project_id = ?", {I(id.value)});
      if (!r) return r.error();
      r = c.run("DELETE FROM projects WHERE id = ?", {I(id.value)});
      if (!r) return r.error();
      if (*r == 0) return Error::not_found("no project with id " + std::to_string(id.value));
      return Ok{};
    });
  }

  Status set_project_relation(AccountId account, ProjectId project, model::ProjectRelation rel) override {
    return write([&](Connection& c) -> Status {
      Status ok = account_exists(c, account);
      if (!ok) return ok;
      std::int64_t n = 0;
      auto r = c.run("SELECT COUNT(*) FROM projects WHERE id = ?", {I(project.value)}, integer_into(n));
      if (!r) return r.error();
      if (n == 0) return Error::not_found("no project with id " + std::to_string(project.value));
      if (rel == model::ProjectRelation::None) {
        r = c.run("DELETE FROM project_members WHERE account_id = ? AND project_id = ?",
                  {I(account.value), I(project.value)});
      } else {
        r = c.run(
            "INSERT INTO project_members (account_id, project_id, relation) VALUES (?, ?, ?) "
            "ON CONFLICT (account_id, project_id) DO UPDATE SET relation = excluded.relation",
            {I(account.value), I(project.value), to_string(rel)});
      }
      if (!r) return r.error();
      return Ok{};
    });
  }

  Result<std::vector<model::ProjectMember>> project_members(ProjectId project) override {
    return read([&](Connection& c) -> Result<std::vector<model::ProjectMember>> {
      std::vector<model::ProjectMember> out;
      auto r =
          c.run("SELECT " MEMBER_COLS
                " FROM project_members pm JOIN accounts a ON a.id = pm.account_id "
                "JOIN projects p ON p.id = pm.project_id WHERE pm.project_id = ? AND a.state <> 'disabled' "
                "ORDER BY a.name_key",
                {I(project.value)}, collect(out, member_from));
      if (!r) return r.error();
      return out;
    });
  }

  Result<std::vector<model::ProjectMember>> projects_of(AccountId account) override {
    return read([&](Connection& c) -> Result<std::vector<model::ProjectMember>> {
      std::vector<model::ProjectMember> out;
      auto r = c.run("SELECT " MEMBER_COLS
                     " FROM project_members pm JOIN accounts a ON a.id = pm.account_id "
                     "JOIN projects p ON p.id = pm.project_id WHERE pm.account_id = ? ORDER BY p.name_key",
                     {I(account.value)}, collect(out, member_from));
      if (!r) return r.error();
      return out;
    });
  }

  // -- Feeds

  Status set_feed_url(AccountId account, const std::string& url) override {
    if (url.size() > model::kMaxHomepageBytes) return Error::too_large("a feed URL has at most 2000 bytes");
    return write([&](Connection& c) -> Status {
      Status ok = account_exists(c, account);
      if (!ok) return ok;
      // Another address may be another blog, whose posts' ids may be those
      // of posts the member deleted from the old one: forget those.
      std::optional<std::string> before;
      Result<std::int64_t> r = c.run("SELECT url FROM feeds WHERE account_id = ?", {I(account.value)},
                                     first(before, [](const Row& row) { return str(row, 0); }));
      if (!r) return r.error();
      if (before.value_or("") != url) {
        r = c.run("UPDATE diary_deletions SET guid = NULL WHERE author = ? AND guid IS NOT NULL", {I(account.value)});
        if (!r) return r.error();
      }
      r = url.empty()
                                   ? c.run("DELETE FROM feeds WHERE account_id = ?", {I(account.value)})
                                   : c.run(
                                         "INSERT INTO feeds (account_id, url) VALUES (?, ?) ON CONFLICT "
                                         "(account_id) DO UPDATE SET "
                                         "url = excluded.url, etag = '', last_modified = '', last_error = "
                                         "'', failures = 0, next_fetch = 0",
                                         {I(account.value), S(url)});
      if (!r) return r.error();
      return Ok{};
    });
  }

  Result<std::optional<model::Feed>> feed_of(AccountId account) override {
    return read([&](Connection& c) -> Result<std::optional<model::Feed>> {
      std::optional<model::Feed> out;
      auto r = c.run("SELECT " FEED_COLS
                     " FROM feeds f JOIN accounts a ON a.id = f.account_id WHERE f.account_id = ?",
                     {I(account.value)}, first(out, feed_from));
      if (!r) return r.error();
      return out;
    });
  }

  // Feeds due at `now`, soonest first: what due_feeds returns and what
  // claim_due_feeds claims. `lock`: on PostgreSQL, lock the rows read and
  // pass over rows another transaction holds.
  static Result<std::vector<model::Feed>> due_feeds_in(Connection& c, UnixTime now, std::size_t limit,
                                                       bool lock = false) {
    // (Two literals: the connections cache prepared statements by the
    // text's address.)
#define JOURNEYER_DUE_FEEDS                                \
  "SELECT " FEED_COLS                                      \
  " FROM feeds f JOIN accounts a ON a.id = f.account_id "  \
  "WHERE f.next_fetch <= ? AND a.state <> 'disabled' ORDER BY f.next_fetch, f.id LIMIT ?"
    const char* sql = lock && c.dialect() == Dialect::Postgres ? JOURNEYER_DUE_FEEDS " FOR UPDATE OF f SKIP LOCKED"
                                                               : JOURNEYER_DUE_FEEDS;
#undef JOURNEYER_DUE_FEEDS
    std::vector<model::Feed> out;
    auto r = c.run(sql, {I(now), I(static_cast<std::int64_t>(limit))}, collect(out, feed_from));
    if (!r) return r.error();
    return out;
  }

  Result<std::vector<model::Feed>> due_feeds(UnixTime now, std::size_t limit) override {
    return read([&](Connection& c) { return due_feeds_in(c, now, limit); });
  }

  Result<std::vector<model::Feed>> claim_due_feeds(UnixTime now, std::size_t limit, UnixTime until) override {
    return write([&](Connection& c) -> Result<std::vector<model::Feed>> {
      // On PostgreSQL the read locks the rows it returns and skips those
      // another process is claiming at the same moment (rows it has
      // claimed already are no longer due when the read re-checks them), so
      // two processes never wait on each other, and neither comes away
      // empty-handed while other feeds are due. SQLite runs one writer at
      // a time.
      auto due = due_feeds_in(c, now, limit, /*lock=*/true);
      if (!due) return due.error();
      std::vector<model::Feed> out;
      for (auto& f : *due) {
        auto claimed = c.run("UPDATE feeds SET next_fetch = ? WHERE id = ? AND next_fetch <= ?",
                             {I(until), I(f.id.value), I(now)});
        if (!claimed) return claimed.error();
        if (*claimed == 1) out.push_back(std::move(f));
      }
      return out;
    });
  }

  Result<std::int64_t> count_due_feeds(UnixTime now) override {
    return read([&](Connection& c) -> Result<std::int64_t> {
      std::int64_t n = 0;
      auto r = c.run("SELECT COUNT(*) FROM feeds f JOIN accounts a ON a.id = f.account_id "
                     "WHERE f.next_fetch <= ? AND a.state <> 'disabled'",
                     {I(now)}, integer_into(n));
      if (!r) return r.error();
      return n;
    });
  }

  static Status record_fetch_in(Connection& c, FeedId feed, const model::FetchRecord& f) {
    const bool ok = f.error.empty();
    auto r =
        ok ? c.run(
                 "UPDATE feeds SET last_fetch = ?, next_fetch = ?, etag = ?, last_modified = ?, "
                 "last_error = '', failures = 0, blog_title = CASE WHEN ? = '' THEN blog_title ELSE ? END, "
                 "last_new_post = CASE WHEN CAST(? AS INTEGER) = 1 THEN ? ELSE last_new_post END WHERE id "
                 "= ?",
                 {I(f.fetched), I(f.next_fetch), S(f.etag), S(f.last_modified), S(f.blog_title),
                  S(f.blog_title), I(f.new_post ? 1 : 0), I(f.fetched), I(feed.value)})
           : c.run(
                 "UPDATE feeds SET last_fetch = ?, next_fetch = ?, last_error = ?, failures = failures + 1 "
                 "WHERE id = ?",
                 {I(f.fetched), I(f.next_fetch), S(f.error), I(feed.value)});
    if (!r) return r.error();
    if (*r == 0) return Error::not_found("no feed with id " + std::to_string(feed.value));
    return Ok{};
  }

  Status record_fetch(FeedId feed, const model::FetchRecord& f) override {
    return write([&](Connection& c) -> Status { return record_fetch_in(c, feed, f); });
  }

  Result<std::vector<UpsertOutcome>> record_fetches(const std::vector<FeedFetch>& fetches) override {
    for (const auto& f : fetches)
      for (const auto& p : f.posts)
        if (Status st = check_syndicated(p); !st) return st.error();
    return write([&](Connection& c) -> Result<std::vector<UpsertOutcome>> {
      std::vector<UpsertOutcome> out;
      for (const auto& f : fetches) {
        bool created = false;
        for (const auto& p : f.posts) {
          auto r = upsert_syndicated_in(c, p);
          if (!r) return r.error();
          created = created || r->outcome == UpsertOutcome::Created;
          out.push_back(r->outcome);
        }
        model::FetchRecord record = f.record;
        record.new_post = record.new_post || created;
        if (Status st = record_fetch_in(c, f.feed, record); !st) return st.error();
      }
      return out;
    });
  }

  // -- Spam flags

  Status flag_spam(AccountId flagger, AccountId target, UnixTime when) override {
    if (flagger == target) return Error::invalid_input("a member cannot flag themselves");
    return write([&](Connection& c) -> Status {
      Status ok = account_exists(c, flagger);
      if (!ok) return ok;
      ok = account_exists(c, target);
      if (!ok) return ok;
      std::int64_t n = 0;
      auto r = c.run("SELECT COUNT(*) FROM spam_flags WHERE flagger = ? AND target = ?",
                     {I(flagger.value), I(target.value)}, integer_into(n));
      if (!r) return r.error();
      if (n) return Error::conflict("this account is already flagged by this member");
      r = c.run("INSERT INTO spam_flags (flagger, target, created) VALUES (?, ?, ?)",
                {I(flagger.value), I(target.value), I(when)});
      if (!r) {
        if (r.error().kind() == ErrorKind::Conflict)
          return Error::conflict("this account is already flagged by this member");
        return r.error();
      }
      return Ok{};
    });
  }

  Result<std::vector<model::SpamFlag>> spam_flags(AccountId target) override {
    return read([&](Connection& c) -> Result<std::vector<model::SpamFlag>> {
      std::vector<model::SpamFlag> out;
      auto r = c.run(
          "SELECT f.flagger, a.name, f.target, f.created FROM spam_flags f JOIN accounts a ON a.id = "
          "f.flagger "
          "WHERE f.target = ? ORDER BY f.created, f.flagger",
          {I(target.value)}, collect(out, [](const Row& row) {
            return model::SpamFlag{AccountId{row.integer(0)}, str(row, 1), AccountId{row.integer(2)},
                                   row.integer(3)};
          }));
      if (!r) return r.error();
      return out;
    });
  }

  Result<std::vector<AccountId>> flagged_accounts(std::size_t limit) override {
    return read([&](Connection& c) -> Result<std::vector<AccountId>> {
      std::vector<AccountId> out;
      auto r = c.run("SELECT target FROM spam_flags GROUP BY target ORDER BY COUNT(*) DESC, target LIMIT ?",
                     {I(static_cast<std::int64_t>(limit))},
                     collect(out, [](const Row& row) { return AccountId{row.integer(0)}; }));
      if (!r) return r.error();
      return out;
    });
  }

  // -- Diary interest ratings

  Status rate_diary(AccountId reader, AccountId diarist, int value, UnixTime when) override {
    if (value < model::kMinDiaryRating || value > model::kMaxDiaryRating)
      return Error::invalid_input("a rating is a whole number from " + std::to_string(model::kMinDiaryRating) +
                                  " to " + std::to_string(model::kMaxDiaryRating));
    if (reader == diarist) return Error::invalid_input("a member cannot rate their own diary");
    return write([&](Connection& c) -> Status {
      Status ok = account_exists(c, reader);
      if (!ok) return ok;
      ok = account_exists(c, diarist);
      if (!ok) return ok;
      auto r = c.run("INSERT INTO diary_rating_history (reader, diarist, value, created) VALUES (?, ?, ?, ?)",
                     {I(reader.value), I(diarist.value), I(value), I(when)});
      if (!r) return r.error();
      r = c.run(
          "INSERT INTO diary_ratings (reader, diarist, value, created) VALUES (?, ?, ?, ?) "
          "ON CONFLICT (reader, diarist) DO UPDATE SET value = excluded.value, created = excluded.created",
          {I(reader.value), I(diarist.value), I(value), I(when)});
      if (!r) return r.error();
      return Ok{};
    });
  }

  Result<std::optional<int>> diary_rating(AccountId reader, AccountId diarist) override {
    return read([&](Connection& c) -> Result<std::optional<int>> {
      std::optional<int> out;
      auto r = c.run("SELECT value FROM diary_ratings WHERE reader = ? AND diarist = ?",
                     {I(reader.value), I(diarist.value)}, [&](const Row& row) -> Status {
                       out = static_cast<int>(row.integer(0));
                       return Ok{};
                     });
      if (!r) return r.error();
      return out;
    });
  }

  Result<std::vector<model::DiaryRating>> ratings_by(AccountId reader) override {
    return read([&](Connection& c) -> Result<std::vector<model::DiaryRating>> {
      std::vector<model::DiaryRating> out;
      auto r = c.run("SELECT reader, diarist, value, created FROM diary_ratings WHERE reader = ? ORDER BY diarist",
                     {I(reader.value)}, collect(out, rating_from_row));
      if (!r) return r.error();
      return out;
    });
  }

  Result<std::vector<model::DiaryRating>> standing_ratings() override {
    return read([&](Connection& c) -> Result<std::vector<model::DiaryRating>> {
      std::vector<model::DiaryRating> out;
      auto r = c.run(
          "SELECT r.reader, r.diarist, r.value, r.created FROM diary_ratings r "
          "JOIN accounts a ON a.id = r.reader JOIN accounts d ON d.id = r.diarist "
          "WHERE a.state <> 'disabled' AND d.state <> 'disabled' ORDER BY r.diarist, r.reader",
          {}, collect(out, rating_from_row));
      if (!r) return r.error();
      return out;
    });
  }

  Result<std::int64_t> ratings_version() override {
    return read([&](Connection& c) -> Result<std::int64_t> {
      std::int64_t n = 0;
      auto r = c.run("SELECT COALESCE(MAX(id), 0) FROM diary_rating_history", {}, integer_into(n));
      if (!r) return r.error();
      return n;
    });
  }

  static model::DiaryRating rating_from_row(const Row& row) {
    return model::DiaryRating{AccountId{row.integer(0)}, AccountId{row.integer(1)},
                              static_cast<int>(row.integer(2)), row.integer(3)};
  }

  // -- Audit log

  Result<AuditId> append_audit(const NewAuditEntry& e) override {
    return write([&](Connection& c) -> Result<AuditId> {
      std::int64_t id = 0;
      auto r = c.run(
          "INSERT INTO audit_log (created, actor, action, target, detail) VALUES (?, ?, ?, ?, ?) RETURNING "
          "id",
          {I(e.when), IdOrNull(e.actor), S(e.action), S(e.target), S(e.detail)}, integer_into(id));
      if (!r) return r.error();
      return AuditId{id};
    });
  }

  Result<std::vector<model::AuditEntry>> audit_log(std::size_t limit, AuditId before) override {
    return read([&](Connection& c) -> Result<std::vector<model::AuditEntry>> {
      std::vector<model::AuditEntry> out;
      auto r = c.run(
          "SELECT l.id, l.created, l.actor, COALESCE(a.name, ''), l.action, l.target, l.detail "
          "FROM audit_log l LEFT JOIN accounts a ON a.id = l.actor "
          "WHERE l.id < ? ORDER BY l.id DESC LIMIT ?",
          {I(before ? before.value : std::numeric_limits<std::int64_t>::max()),
           I(static_cast<std::int64_t>(limit))},
          collect(out, [](const Row& row) {
            model::AuditEntry e;
            e.id = AuditId{row.integer(0)};
            e.when = row.integer(1);
            if (!row.is_null(2)) e.actor = AccountId{row.integer(2)};
            e.actor_name = str(row, 3);
            e.action = str(row, 4);
            e.target = str(row, 5);
            e.detail = str(row, 6);
            return e;
          }));
      if (!r) return r.error();
      return out;
    });
  }

  // -- Dump

  // Per table: SELECT and INSERT built once from the fixed table list (no
  // values ever enter them), and PostgreSQL's sequence reset.
  struct TableSql {
    const TableSpec* spec;
    std::string select;
    std::string insert;
    std::string reset_sequence;
  };
  static const std::vector<TableSql>& table_sql() {
    static const std::vector<TableSql> all = [] {
      std::vector<TableSql> v;
      for (const auto& t : dump_tables()) {
        std::string cols, marks;
        for (std::size_t i = 0; i < t.columns.size(); ++i) {
          cols += (i ? ", " : "") + std::string(t.columns[i]);
          marks += i ? ", ?" : "?";
        }
        std::string name = t.name;
        v.push_back({&t, "SELECT " + cols + " FROM " + name + " ORDER BY " + t.order_by,
                     "INSERT INTO " + name + " (" + cols + ") VALUES (" + marks + ")",
                     "SELECT setval(pg_get_serial_sequence('" + name +
                         "', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM " + name + "), false)"});
      }
      return v;
    }();
    return all;
  }

  Status export_rows(Secrets secrets, const std::function<Status(const DumpRecord&)>& sink) override {
    return read([&](Connection& c) -> Status {
      // One read transaction: the dump is one consistent state.
      if (c.in_transaction()) return Error::internal("export_rows cannot run inside a transaction");
      Status st = c.begin(TxMode::Read);
      if (!st) return st;
      for (const auto& t : table_sql()) {
        if (t.spec->secret && secrets == Secrets::Omit) continue;
        const bool is_accounts = std::string_view(t.spec->name) == "accounts";
        auto r = c.run(t.select.c_str(), {}, [&](const Row& row) -> Status {
          DumpRecord rec;
          rec.table = t.spec->name;
          for (int i = 0; i < row.size(); ++i) {
            DumpValue v;
            std::string col(row.name(i));
            if (row.is_null(i))
              v = std::monostate{};
            else if (row.is_integer_column(i))
              v = row.integer(i);
            else
              v = std::string(row.text(i));
            if (is_accounts && col == "password_hash" && secrets == Secrets::Omit) v = std::string();
            rec.columns.emplace_back(std::move(col), std::move(v));
          }
          return sink(rec);
        });
        if (!r) {
          (void)c.rollback();
          return r.error();
        }
      }
      return c.commit();
    });
  }

  Status import_row(const DumpRecord& rec) override {
    const TableSql* t = nullptr;
    for (const auto& x : table_sql())
      if (rec.table == x.spec->name) t = &x;
    if (!t) return Error::invalid_input("the dump names an unknown table \"" + rec.table + "\"");
    std::vector<Param> params;
    for (const char* col : t->spec->columns) {
      Param p = Null();
      for (const auto& [name, value] : rec.columns) {
        if (name != col) continue;
        if (std::holds_alternative<std::int64_t>(value))
          p = std::get<std::int64_t>(value);
        else if (std::holds_alternative<std::string>(value))
          p = std::string_view(std::get<std::string>(value));
      }
      params.push_back(p);
    }
    return write([&](Connection& c) -> Status {
      auto r = c.run(t->insert.c_str(), std::span<const Param>(params), nullptr);
      if (!r) return Error(r.error().kind(), "importing a row of " + rec.table + ": " + r.error().message());
      return Ok{};
    });
  }

  Status finish_import() override {
    return write([&](Connection& c) -> Status {
      // A dump from before schema version 5 has entries without numbers.
      Status st = c.exec_script(kNumberDiaryEntries);
      if (!st) return st;
      if (c.dialect() != Dialect::Postgres) return Ok{};
      auto ignore = [](const Row&) -> Status { return Ok{}; };
      for (const auto& t : table_sql()) {
        if (!t.spec->has_id) continue;
        auto r = c.run(t.reset_sequence.c_str(), {}, ignore);
        if (!r) return r.error();
      }
      // Nor the ids of deleted entries, which may be above every entry's.
      auto r = c.run(
          "SELECT setval(pg_get_serial_sequence('diary_entries', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 "
          "FROM diary_deletions), false) WHERE (SELECT COALESCE(MAX(id), 0) FROM diary_deletions) >= "
          "(SELECT COALESCE(MAX(id), 0) FROM diary_entries)",
          {}, ignore);
      if (!r) return r.error();
      return Ok{};
    });
  }

 private:
  std::shared_ptr<Pool> pool_;
  std::string backend_;
  Connection* bound_;
  std::mutex coordination_m_;
  std::unique_ptr<Coordination> coordination_;  // made on first use
};

}  // namespace

std::unique_ptr<Store> make_sql_store(ConnectionFactory factory, std::unique_ptr<Connection> first,
                                      std::string backend) {
  auto pool = std::make_shared<Pool>(std::move(factory), std::move(first));
  return std::make_unique<SqlStore>(std::move(pool), std::move(backend));
}

}  // namespace sql
}  // namespace journeyer::storage
