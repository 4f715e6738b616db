#include "storage/sql/schema.h"

#include <string>

namespace journeyer::storage::sql {

namespace {

// Version 1: what the web site needs first.
constexpr const char* kV1 = R"SQL(
CREATE TABLE accounts (
  id ID_PK,
  name TEXT NOT NULL,
  name_key TEXT KEY_COLLATE NOT NULL UNIQUE,
  email TEXT NOT NULL DEFAULT '',
  real_name TEXT NOT NULL DEFAULT '',
  homepage TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  publish_email_sha1 BIGINT NOT NULL DEFAULT 0,
  member_since BIGINT NOT NULL,
  last_login BIGINT,
  password_hash TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT 'active',
  version BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX accounts_member_since ON accounts (member_since, id);
CREATE TABLE account_aliases (
  name TEXT KEY_COLLATE PRIMARY KEY,
  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE
);
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created BIGINT NOT NULL,
  expires BIGINT NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);
CREATE TABLE tokens (
  id ID_PK,
  kind TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  label TEXT NOT NULL DEFAULT '',
  created BIGINT NOT NULL,
  expires BIGINT NOT NULL DEFAULT 0,
  revoked BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX tokens_account ON tokens (account_id);
CREATE TABLE cert_history (
  id ID_PK,
  issuer BIGINT NOT NULL REFERENCES accounts (id),
  subject BIGINT NOT NULL REFERENCES accounts (id),
  level BIGINT NOT NULL,
  created BIGINT NOT NULL
);
CREATE INDEX cert_history_issuer ON cert_history (issuer, id);
CREATE INDEX cert_history_subject ON cert_history (subject, id);
CREATE TABLE certs (
  issuer BIGINT NOT NULL REFERENCES accounts (id),
  subject BIGINT NOT NULL REFERENCES accounts (id),
  level BIGINT NOT NULL,
  created BIGINT NOT NULL,
  PRIMARY KEY (issuer, subject)
) WITHOUT_ROWID;
CREATE INDEX certs_subject ON certs (subject, issuer);
CREATE TABLE levels_meta (
  id BIGINT PRIMARY KEY,
  generation BIGINT NOT NULL,
  computed_at BIGINT NOT NULL,
  compute_micros BIGINT NOT NULL,
  accounts BIGINT NOT NULL,
  certificates BIGINT NOT NULL
);
CREATE TABLE account_levels (
  account_id BIGINT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  level BIGINT NOT NULL
);
CREATE INDEX account_levels_level ON account_levels (level);
CREATE TABLE diary_entries (
  id ID_PK,
  author BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  title TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  format TEXT NOT NULL DEFAULT 'html',
  created BIGINT NOT NULL,
  updated BIGINT NOT NULL,
  guid TEXT,
  link TEXT NOT NULL DEFAULT '',
  blog_title TEXT NOT NULL DEFAULT '',
  blog_url TEXT NOT NULL DEFAULT ''
);
CREATE INDEX diary_author ON diary_entries (author, created, id);
CREATE INDEX diary_created ON diary_entries (created, id);
CREATE UNIQUE INDEX diary_guid ON diary_entries (author, guid);
CREATE TABLE diary_drafts (
  author BIGINT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
  body TEXT NOT NULL,
  saved BIGINT NOT NULL
);
CREATE TABLE audit_log (
  id ID_PK,
  created BIGINT NOT NULL,
  actor BIGINT REFERENCES accounts (id),
  action TEXT NOT NULL,
  target TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT ''
);
)SQL";

// Version 2: articles, replies, projects, feeds, spam flags.
constexpr const char* kV2 = R"SQL(
CREATE TABLE articles (
  id ID_PK,
  author BIGINT NOT NULL REFERENCES accounts (id),
  title TEXT NOT NULL,
  lead TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  topic TEXT NOT NULL DEFAULT '',
  format TEXT NOT NULL DEFAULT 'html',
  created BIGINT NOT NULL,
  updated BIGINT NOT NULL,
  hidden BIGINT NOT NULL DEFAULT 0,
  hidden_reason TEXT NOT NULL DEFAULT '',
  submission_key TEXT UNIQUE
);
CREATE INDEX articles_created ON articles (created, id);
CREATE INDEX articles_author ON articles (author, created, id);
CREATE TABLE replies (
  id ID_PK,
  article BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  parent BIGINT REFERENCES replies (id),
  author BIGINT NOT NULL REFERENCES accounts (id),
  title TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  format TEXT NOT NULL DEFAULT 'html',
  created BIGINT NOT NULL,
  hidden BIGINT NOT NULL DEFAULT 0,
  hidden_reason TEXT NOT NULL DEFAULT '',
  submission_key TEXT UNIQUE
);
CREATE INDEX replies_article ON replies (article, id);
CREATE TABLE replies_seen (
  reader BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  article BIGINT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
  reply BIGINT NOT NULL,
  PRIMARY KEY (reader, article)
);
CREATE TABLE projects (
  id ID_PK,
  name TEXT NOT NULL,
  name_key TEXT KEY_COLLATE NOT NULL UNIQUE,
  homepage TEXT NOT NULL DEFAULT '',
  license TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT '',
  created BIGINT NOT NULL,
  created_by BIGINT NOT NULL REFERENCES accounts (id),
  modified BIGINT NOT NULL,
  modified_by BIGINT NOT NULL REFERENCES accounts (id)
);
CREATE INDEX projects_modified ON projects (modified, id);
CREATE TABLE project_members (
  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  relation TEXT NOT NULL,
  PRIMARY KEY (account_id, project_id)
);
CREATE INDEX project_members_project ON project_members (project_id);
CREATE TABLE feeds (
  id ID_PK,
  account_id BIGINT NOT NULL UNIQUE REFERENCES accounts (id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  etag TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  last_fetch BIGINT NOT NULL DEFAULT 0,
  last_new_post BIGINT NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  failures BIGINT NOT NULL DEFAULT 0,
  next_fetch BIGINT NOT NULL DEFAULT 0,
  blog_title TEXT NOT NULL DEFAULT ''
);
CREATE INDEX feeds_next ON feeds (next_fetch, id);
CREATE TABLE spam_flags (
  flagger BIGINT NOT NULL REFERENCES accounts (id),
  target BIGINT NOT NULL REFERENCES accounts (id),
  created BIGINT NOT NULL,
  PRIMARY KEY (flagger, target)
);
CREATE INDEX spam_flags_target ON spam_flags (target);
)SQL";

constexpr const char* kV3 = R"SQL(
CREATE TABLE diary_rating_history (
  id ID_PK,
  reader BIGINT NOT NULL REFERENCES accounts (id),
  diarist BIGINT NOT NULL REFERENCES accounts (id),
  value BIGINT NOT NULL,
  created BIGINT NOT NULL
);
CREATE INDEX diary_rating_history_pair ON diary_rating_history (reader, diarist, id);
CREATE TABLE diary_ratings (
  reader BIGINT NOT NULL REFERENCES accounts (id),
  diarist BIGINT NOT NULL REFERENCES accounts (id),
  value BIGINT NOT NULL,
  created BIGINT NOT NULL,
  PRIMARY KEY (reader, diarist)
);
)SQL";

// Version 4: members per level after each computation of the levels.
constexpr const char* kV4 = R"SQL(
CREATE TABLE level_history (
  generation BIGINT NOT NULL,
  computed_at BIGINT NOT NULL,
  level BIGINT NOT NULL,
  members BIGINT NOT NULL,
  PRIMARY KEY (generation, level)
);
)SQL";

// Version 5: each diary entry keeps the number it was given (its address in
// the diary APIs) for good. Numbers go on from the author's highest ever
// given, deleted ones included (diary_deletions remembers those, and the
// deleted entries' ids, so that neither is given again). Existing entries
// are numbered by their present order, the order their numbers were counted
// in before, so that every address stays what it was.
constexpr const char* kV5 = R"SQL(
ALTER TABLE diary_entries ADD COLUMN number BIGINT;
NUMBER_DIARY_ENTRIES;
CREATE UNIQUE INDEX diary_number ON diary_entries (author, number);
CREATE TABLE diary_deletions (
  id BIGINT PRIMARY KEY,
  author BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  number BIGINT NOT NULL,
  created BIGINT NOT NULL,
  updated BIGINT NOT NULL
);
CREATE UNIQUE INDEX diary_deletions_number ON diary_deletions (author, number);
)SQL";

// Version 6: a diary form's one-time key, as articles and replies have, so
// that the same form sent twice makes one entry.
constexpr const char* kV6 = R"SQL(
ALTER TABLE diary_entries ADD COLUMN submission_key TEXT;
CREATE UNIQUE INDEX diary_submission_key ON diary_entries (submission_key);
)SQL";

// Version 7: the names a project had before it was renamed, so that its old
// addresses lead to it. A name is one project's present name or one
// project's former name, never both: a project created or renamed with a
// former name of another takes the name over, and a deleted project's
// former names go with it.
constexpr const char* kV7 = R"SQL(
CREATE TABLE project_former_names (
  name_key TEXT KEY_COLLATE PRIMARY KEY,
  name TEXT NOT NULL,
  project_id BIGINT NOT NULL REFERENCES projects (id) ON DELETE CASCADE
);
CREATE INDEX project_former_names_project ON project_former_names (project_id);
)SQL";

// Version 8: a deleted entry that came from the member's blog keeps the
// post's guid, so that the next fetch of the blog does not bring it back.
constexpr const char* kV8 = R"SQL(
ALTER TABLE diary_deletions ADD COLUMN guid TEXT;
CREATE UNIQUE INDEX diary_deletions_guid ON diary_deletions (author, guid);
)SQL";

// The PostgreSQL advisory lock that serializes migrations across servers.
constexpr const char* kMigrationLock = "SELECT pg_advisory_xact_lock(7150001)";

constexpr const char* kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, "
    "applied_at BIGINT NOT NULL, description TEXT NOT NULL)";

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

Result<bool> migrations_table_exists(Connection& conn) {
  bool found = false;
  auto set = [&](const Row&) -> Status {
    found = true;
    return Ok{};
  };
  Result<std::int64_t> r =
      conn.dialect() == Dialect::Sqlite
          ? conn.run("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'", {},
                     set)
          : conn.run(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() "
                "AND table_name = 'schema_migrations'",
                {}, set);
  if (!r) return r.error();
  return found;
}

Error newer_error(int version) {
  return Error::conflict("the database's schema version " + std::to_string(version) +
                         " is newer than this journeyer knows (" + std::to_string(latest_version()) +
                         "): upgrade journeyer; the database was left untouched");
}

}  // namespace

const char* const kNumberDiaryEntries =
    "UPDATE diary_entries SET number = r.n FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY author "
    "ORDER BY created, id) - 1 AS n FROM diary_entries WHERE number IS NULL) AS r "
    "WHERE diary_entries.id = r.id";

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> all{
      {1, "accounts, sessions, tokens, certificates, levels, diary, audit log", kV1},
      {2, "articles, replies, projects, feeds, spam flags", kV2},
      {3, "diary interest ratings with their history", kV3},
      {4, "level history", kV4},
      {5, "permanent diary entry numbers; deleted entries remembered", kV5},
      {6, "one-time submission keys of diary entries", kV6},
      {7, "former names of renamed projects", kV7},
      {8, "deleted syndicated posts stay deleted", kV8},
  };
  return all;
}

int latest_version() { return migrations().back().version; }

std::string ddl_for(const Migration& m, Dialect d) {
  std::string s = m.ddl;
  s = replace_all(
      std::move(s), "ID_PK",
      d == Dialect::Sqlite ? "INTEGER PRIMARY KEY" : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
  s = replace_all(std::move(s), "NUMBER_DIARY_ENTRIES", kNumberDiaryEntries);
  s = replace_all(std::move(s), "WITHOUT_ROWID", d == Dialect::Sqlite ? "WITHOUT ROWID" : "");
  // Name keys sort byte by byte on both backends (SQLite's default BINARY),
  // whatever the PostgreSQL cluster's locale: paging by name stays the same.
  s = replace_all(std::move(s), "KEY_COLLATE", d == Dialect::Sqlite ? "" : "COLLATE \"C\"");
  return s;
}

Result<int> schema_version(Connection& conn) {
  auto exists = migrations_table_exists(conn);
  if (!exists) return exists.error();
  if (!*exists) return 0;
  int version = 0;
  auto r =
      conn.run("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", {}, [&](const Row& row) -> Status {
        version = static_cast<int>(row.integer(0));
        return Ok{};
      });
  if (!r) return r.error();
  return version;
}

Status check_version(Connection& conn, Migrate mode) {
  auto v = schema_version(conn);
  if (!v) return v.error();
  if (*v > latest_version()) return newer_error(*v);
  (void)mode;
  return Ok{};
}

Status apply_migrations(Connection& conn, UnixTime now) {
  // Check before touching anything (not even the migrations table).
  auto before = schema_version(conn);
  if (!before) return before.error();
  if (*before > latest_version()) return newer_error(*before);
  if (*before == latest_version()) return Ok{};
  for (const auto& m : migrations()) {
    Status st = conn.begin(TxMode::Write);
    if (!st) return st.error();
    auto fail = [&](const Error& e) -> Status {
      (void)conn.rollback();
      return Error(e.kind(), "migration " + std::to_string(m.version) + " failed: " + e.message());
    };
    if (conn.dialect() == Dialect::Postgres) {
      // Several servers may start at once: one migrates, the others wait
      // for it, however long it takes (not the connection's lock timeout,
      // which is for a request's writes).
      st = conn.exec_script("SET LOCAL lock_timeout = 0");
      if (!st) return fail(st.error());
      auto lock = conn.run(kMigrationLock, {}, [](const Row&) -> Status { return Ok{}; });
      if (!lock) return fail(lock.error());
    }
    st = conn.exec_script(kCreateMigrationsTable);
    if (!st) return fail(st.error());
    auto v = schema_version(conn);  // again, under the lock
    if (!v) return fail(v.error());
    if (*v > latest_version()) {
      (void)conn.rollback();
      return newer_error(*v);
    }
    if (m.version <= *v) {
      (void)conn.rollback();
      continue;
    }
    st = conn.exec_script(ddl_for(m, conn.dialect()));
    if (!st) return fail(st.error());
    auto ins = conn.run("INSERT INTO schema_migrations (version, applied_at, description) VALUES (?, ?, ?)",
                        {std::int64_t{m.version}, std::int64_t{now}, std::string_view(m.description)});
    if (!ins) return fail(ins.error());
    st = conn.commit();
    if (!st) return fail(st.error());
  }
  return Ok{};
}

const std::vector<TableSpec>& dump_tables() {
  static const std::vector<TableSpec> tables{
      {"accounts",
       {"id", "name", "name_key", "email", "real_name", "homepage", "notes", "publish_email_sha1",
        "member_since", "last_login", "password_hash", "state", "version"},
       "id",
       true,
       false},
      {"account_aliases", {"name", "account_id"}, "name", false, false},
      {"sessions",
       {"token_hash", "account_id", "csrf_token", "created", "expires"},
       "token_hash",
       false,
       true},
      {"tokens",
       {"id", "kind", "token_hash", "account_id", "label", "created", "expires", "revoked"},
       "id",
       true,
       true},
      {"cert_history", {"id", "issuer", "subject", "level", "created"}, "id", true, false},
      {"certs", {"issuer", "subject", "level", "created"}, "issuer, subject", false, false},
      {"levels_meta",
       {"id", "generation", "computed_at", "compute_micros", "accounts", "certificates"},
       "id",
       false,
       false},
      {"account_levels", {"account_id", "level"}, "account_id", false, false},
      {"diary_entries",
       {"id", "author", "title", "body", "format", "created", "updated", "guid", "link", "blog_title",
        "blog_url", "number", "submission_key"},
       "id",
       true,
       false},
      {"diary_deletions", {"id", "author", "number", "created", "updated", "guid"}, "id", false, false},
      {"diary_drafts", {"author", "body", "saved"}, "author", false, false},
      {"audit_log", {"id", "created", "actor", "action", "target", "detail"}, "id", true, false},
      {"articles",
       {"id", "author", "title", "lead", "body", "topic", "format", "created", "updated", "hidden",
        "hidden_reason", "submission_key"},
       "id",
       true,
       false},
      {"replies",
       {"id", "article", "parent", "author", "title", "body", "format", "created", "hidden", "hidden_reason",
        "submission_key"},
       "id",
       true,
       false},
      {"replies_seen", {"reader", "article", "reply"}, "reader, article", false, false},
      {"projects",
       {"id", "name", "name_key", "homepage", "license", "description", "notes", "created", "created_by",
        "modified", "modified_by"},
       "id",
       true,
       false},
      {"project_former_names", {"name_key", "name", "project_id"}, "name_key", false, false},
      {"project_members", {"account_id", "project_id", "relation"}, "account_id, project_id", false, false},
      {"feeds",
       {"id", "account_id", "url", "etag", "last_modified", "last_fetch", "last_new_post", "last_error",
        "failures", "next_fetch", "blog_title"},
       "id",
       true,
       false},
      {"spam_flags", {"flagger", "target", "created"}, "flagger, target", false, false},
      {"level_history", {"generation", "computed_at", "level", "members"}, "generation, level", false, false},
      {"diary_rating_history", {"id", "reader", "diarist", "value", "created"}, "id", true, false},
      {"diary_ratings", {"reader", "diarist", "value", "created"}, "reader, diarist", false, false},
  };
  return tables;
}

}  // namespace journeyer::storage::sql
