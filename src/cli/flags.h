// Parsing flag values shared by several subcommands, with messages a person
// can act on.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "trust/metric.h"
#include "util/result.h"

namespace journeyer::cli {

// "a,b,c" -> {"a","b","c"}; empty items are refused.
Result<std::vector<std::string>> split_list(const std::string& text, const std::string& what);

// "800,200,50" -> capacities; each must be a positive integer.
Result<std::vector<std::int64_t>> parse_caps(const std::string& text);

// The trust configuration from the three list flags (defaults: Advogato's).
struct TrustFlags {
  std::string seeds = "raph,miguel,federico,alan";
  std::string caps = "800,200,200,50,12,4,2,1";
  std::string levels = "Observer,Apprentice,Journeyer,Master";
  void add_to(CLI::App& cmd);
  Result<trust::TrustConfig> config() const;
};

// Prints "journeyer: MESSAGE" to stderr; returns the exit code for the kind.
int report(const Error& error);

}  // namespace journeyer::cli
