// The dump format of `journeyer export` / `journeyer import dump`: JSON
// Lines, a header object then one object per row:
//   {"journeyer_dump":1,"schema_version":2}
//   {"table":"accounts","row":{"id":1,"name":"raph",...}}
#pragma once

#include <istream>
#include <ostream>

#include "storage/store.h"

namespace journeyer::storage {

constexpr int kDumpFormat = 1;
// Longest line `read_dump` accepts (a row holds at most a few 256 KiB texts).
constexpr std::size_t kMaxDumpLineBytes = 16 * 1024 * 1024;

struct DumpSummary {
  std::size_t rows = 0;
};

// Writes every row of `store` (secrets only with Secrets::Include).
Result<DumpSummary> write_dump(Store& store, std::ostream& out, Secrets secrets);

// Reads a dump into `store`, which must hold no accounts yet; all of it in
// one transaction, so a bad line leaves the database as it was.
Result<DumpSummary> read_dump(Store& store, std::istream& in);

}  // namespace journeyer::storage
