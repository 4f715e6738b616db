// The certificate graph parser (DOT and edge list) on arbitrary bytes: it
// returns a graph or a clear error, never crashes; what it accepts survives
// a write and a re-parse unchanged.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "trust/metric.h"
#include "trust/parse.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace journeyer::trust;
  const std::vector<std::string> levels{"Observer", "Apprentice", "Journeyer", "Master"};
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto g = parse_graph(text, levels, "fuzz");
  if (!g) {
    if (g.error().message().rfind("fuzz:", 0) != 0) std::abort();  // errors name the input
    return 0;
  }
  std::string dot = write_dot(*g, levels);
  auto again = parse_graph(dot, levels, "rewritten");
  if (!again || again->certificates.size() != g->certificates.size()) std::abort();
  // A small accepted graph also goes through the engine.
  if (g->accounts.size() < 200) {
    TrustConfig config;
    config.seeds = {g->accounts.size() ? g->accounts.name(0) : "none"};
    config.caps = {5, 3, 2, 1};
    auto r = compute(standing_graph(*g), config);
    if (!r) std::abort();
  }
  return 0;
}
