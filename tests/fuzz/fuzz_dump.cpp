// Fuzz target for the dump reader (`journeyer import dump`): any input is
// refused with an Error or imported whole into an empty in-memory SQLite
// store; never a crash, a leak or a half-imported database.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "storage/dump.h"
#include "storage/store.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // One connection only (used from this thread), so ":memory:" is one database.
  auto store = journeyer::storage::open_store("sqlite::memory:");
  if (!store) std::abort();
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  auto r = journeyer::storage::read_dump(**store, in);
  if (!r) {
    // A refused dump leaves nothing behind.
    auto n = (*store)->list_accounts({});
    if (!n || !n->empty()) std::abort();
  }
  return 0;
}
