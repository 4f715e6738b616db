// Parsing flag values shared by several subcommands, with messages a person
// can act on.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "storage/store.h"
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

// Opens a site database that must already exist, for reading only: a
// mistyped path is an error naming it, not a new empty database, and
// nothing is migrated or written. A database whose schema is older than
// this binary's is refused with the command that brings it up to date.
Result<std::unique_ptr<storage::Store>> open_existing(const std::string& url);

// Prints "journeyer: MESSAGE" to stderr; returns the exit code for the kind.
int report(const Error& error);

}  // namespace journeyer::cli
