// open_store(): the URL decides the backend.
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

#include "storage/postgres/pg_connection.h"
#include "storage/sql/schema.h"
#include "storage/sql/sql_store.h"
#include "storage/sqlite/sqlite_connection.h"
#include "storage/store.h"
#include "storage/url.h"

namespace journeyer::storage {

namespace {

UnixTime now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Result<std::unique_ptr<Store>> open_with(sql::ConnectionFactory factory, const OpenOptions& options,
                                         std::string backend) {
  auto first = factory();
  if (!first) return first.error();
  // A read-only store cannot migrate: it checks the version only.
  Status st = options.migrate == Migrate::Apply && options.access == Access::ReadWrite
                  ? sql::apply_migrations(**first, now_seconds())
                  : sql::check_version(**first, options.migrate);
  if (!st) return st.error();
  return sql::make_sql_store(std::move(factory), std::move(*first), std::move(backend));
}

}  // namespace

Result<DatabaseUrl> parse_database_url(const std::string& url) {
  if (url.rfind("sqlite:", 0) == 0) {
    std::string path = url.substr(7);
    if (path.rfind("//", 0) == 0) path = path.substr(2);  // sqlite://PATH
    if (path.empty()) return Error::invalid_input("the database URL \"sqlite:\" names no file");
    return DatabaseUrl{Backend::Sqlite, path};
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0)
    return DatabaseUrl{Backend::Postgres, url};
  return Error::invalid_input("unknown database URL \"" + url +
                              "\": use sqlite:PATH or postgresql://user@host:port/dbname");
}

Result<std::unique_ptr<Store>> open_store(const std::string& url, const OpenOptions& options) {
  auto parsed = parse_database_url(url);
  if (!parsed) return parsed.error();
  if (parsed->backend == Backend::Sqlite) {
    std::string path = parsed->target;
    int timeout = options.busy_timeout_ms;
    std::int64_t cap = options.max_bytes;
    const bool read_only = options.access == Access::ReadOnly;
    // Only the first connection (the one that migrates) may create the file.
    auto mode = read_only                           ? sqlite::OpenMode::ReadOnly
                : options.migrate == Migrate::Apply ? sqlite::OpenMode::ReadWriteCreate
                                                    : sqlite::OpenMode::ReadWrite;
    auto first = sqlite::connect(path, timeout, mode, cap);
    if (!first) return first.error();
    bool used = false;
    auto later = read_only ? sqlite::OpenMode::ReadOnly : sqlite::OpenMode::ReadWrite;
    auto factory = [path, timeout, cap, later,
                    first = std::make_shared<std::unique_ptr<sql::Connection>>(std::move(*first)),
                    used]() mutable -> Result<std::unique_ptr<sql::Connection>> {
      if (!used) {
        used = true;
        return std::move(*first);
      }
      return sqlite::connect(path, timeout, later, cap);
    };
    return open_with(std::move(factory), options, "sqlite");
  }
  std::string target = parsed->target;
  auto access = options.access == Access::ReadOnly ? postgres::Access::ReadOnly : postgres::Access::ReadWrite;
  const int lock_timeout = options.busy_timeout_ms;
  return open_with([target, access, lock_timeout]() { return postgres::connect(target, access, lock_timeout); },
                   options, "postgresql");
}

ServeClaim& ServeClaim::operator=(ServeClaim&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = o.fd_;
    o.fd_ = -1;
  }
  return *this;
}

ServeClaim::~ServeClaim() {
  if (fd_ >= 0) ::close(fd_);
}

Result<ServeClaim> claim_for_serving(const std::string& url) {
  auto parsed = parse_database_url(url);
  if (!parsed) return parsed.error();
  if (parsed->backend != Backend::Sqlite) return ServeClaim{};
  // A file of its own, not the database: SQLite's own locks are POSIX record
  // locks on the database file, which closing any descriptor of that file
  // would drop. Named after the file the path leads to, so that a symbolic
  // link to the database is the same database.
  std::error_code ec;
  const std::filesystem::path target = std::filesystem::weakly_canonical(parsed->target, ec);
  const std::string lock_path = (ec ? std::filesystem::path(parsed->target) : target).string() + ".serve-lock";
  // Read-only and readable by all: whoever made it first, any user who may
  // serve the database can take the lock (flock needs no write access).
  const int fd = ::open(lock_path.c_str(), O_RDONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Error::io("cannot open the serve lock " + lock_path + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int why = errno;
    ::close(fd);
    if (why == EWOULDBLOCK)
      return Error::conflict("another journeyer serve is already serving " + url +
                             " (a SQLite database serves one process; use PostgreSQL for several)");
    return Error::io("cannot take the serve lock " + lock_path + ": " + std::strerror(why));
  }
  return ServeClaim{fd};
}

Result<SchemaStatus> migrate(const std::string& url) {
  auto store = open_store(url, OpenOptions{Migrate::Apply});
  if (!store) return store.error();
  return (*store)->schema_status();
}

Status backup_sqlite(const std::string& url, const std::string& out_path) {
  auto parsed = parse_database_url(url);
  if (!parsed) return parsed.error();
  if (parsed->backend != Backend::Sqlite)
    return Error::invalid_input("db backup copies SQLite databases; for PostgreSQL use pg_dump");
  return sqlite::backup(parsed->target, out_path, OpenOptions{}.busy_timeout_ms);
}

}  // namespace journeyer::storage
