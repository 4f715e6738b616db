// The dump format of `journeyer export` / `journeyer import dump`: JSON
// Lines, a header object, one object per row, and (from format 2) an end
// line with the number of rows, by which a dump cut short is told from a
// whole one:
//   {"journeyer_dump":2,"schema_version":8}
//   {"table":"accounts","row":{"id":1,"name":"raph",...}}
//   {"journeyer_dump_end":{"rows":1}}
// Format 1, from before, has no end line and is still read.
#pragma once

#include <istream>
#include <ostream>

#include "storage/store.h"

namespace journeyer::storage {

constexpr int kDumpFormat = 2;
// Longest line `read_dump` accepts (a row holds at most a few 256 KiB texts).
constexpr std::size_t kMaxDumpLineBytes = 16 * 1024 * 1024;

struct DumpSummary {
  std::size_t rows = 0;
};

// Writes every row of `store` (secrets only with Secrets::Include).
Result<DumpSummary> write_dump(Store& store, std::ostream& out, Secrets secrets);

// Reads a dump into `store`, which must hold no accounts yet; all of it in
// one transaction, so a bad line, or a dump cut short (no end line, or one
// counting other rows), leaves the database as it was.
Result<DumpSummary> read_dump(Store& store, std::istream& in);

}  // namespace journeyer::storage
