// Versioned, forward-only schema migrations, one list for both dialects
// (docs/storage.md). A database newer than the binary is refused untouched.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "storage/sql/connection.h"
#include "storage/store.h"

namespace journeyer::storage::sql {

struct Migration {
  int version;
  const char* description;
  const char* ddl;  // ID_PK and WITHOUT_ROWID are replaced per dialect
};

const std::vector<Migration>& migrations();

// Numbers the diary entries that have no number yet (those of a database
// or a dump from before version 5): 0, 1, ... per author in the order
// created, then id.
extern const char* const kNumberDiaryEntries;
int latest_version();

// The DDL of a migration for a dialect.
std::string ddl_for(const Migration& migration, Dialect dialect);

// The database's version (0 when it has no schema yet).
Result<int> schema_version(Connection& conn);

// Applies what is missing, each migration in its own transaction. Refuses a
// database whose version is newer than latest_version(), before any change.
Status apply_migrations(Connection& conn, UnixTime now);

// Refuses a newer database; reports one that is behind as needing migrate.
Status check_version(Connection& conn, Migrate mode);

// Tables in dump order (parents first), with their columns in order.
struct TableSpec {
  const char* name;
  std::vector<const char*> columns;
  const char* order_by;
  bool has_id;  // an `id` identity column (PostgreSQL sequences)
  bool secret;  // left out of exports without secrets
};
const std::vector<TableSpec>& dump_tables();

}  // namespace journeyer::storage::sql
