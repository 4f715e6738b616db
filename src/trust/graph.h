// The certificate graph as the trust engine sees it: accounts by dense id,
// certificates as (issuer, subject, level index), and the rules that decide
// which certificates stand (trust-metric.md, "Inputs").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/big_blocks.h"

namespace journeyer::trust {

using AccountId = std::uint32_t;
using LevelIndex = std::uint8_t;  // index into the configured level names, lowest first

struct Certificate {
  AccountId issuer;
  AccountId subject;
  LevelIndex level;
};

// Interns account names to dense ids, in order of first appearance.
class NameTable {
 public:
  // Returns the id of `name`, adding it if new.
  AccountId intern(std::string_view name);
  // Returns the id of `name`, or kNone.
  AccountId find(std::string_view name) const;
  const std::string& name(AccountId id) const { return names_[id]; }
  std::size_t size() const { return names_.size(); }
  const std::vector<std::string>& names() const { return names_; }
  void reserve(std::size_t n);
  // Hints for a reader that knows which names come next (in a big input
  // each lookup otherwise waits for memory twice): ask for the slot `name`
  // hashes to, returning the hash; later, with the slot at hand, ask for
  // the name stored there. Neither changes anything.
  std::size_t prefetch_slot(std::string_view name) const;
  void prefetch_name(std::size_t hash) const;

  static constexpr AccountId kNone = 0xffffffffu;

 private:
  void grow();
  void place(AccountId id, std::uint32_t tag, std::size_t hash);
  std::vector<std::string> names_;
  // Open addressing: each slot holds (high 32 bits of the name's hash) << 32
  // | id, or kEmpty, so most probes are settled without touching the name.
  std::vector<std::uint64_t> slots_;
  std::vector<std::uint32_t> tags_;  // by id: the hash bits kept in its slot
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};
};

// A certificate history as read from a dump or a store, in order: a later
// certificate from the same issuer to the same subject replaces an earlier one.
struct CertGraph {
  NameTable accounts;
  BigVector<Certificate> certificates;  // resize() leaves new ones unset
};

// The certificates that stand, with issuer-ordered compact adjacency (CSR).
struct StandingGraph {
  std::vector<std::string> names;        // by AccountId
  std::vector<std::uint32_t> out_begin;  // size names.size() + 1
  std::vector<AccountId> out_subject;    // sorted by issuer, then subject
  std::vector<LevelIndex> out_level;
  std::size_t account_count() const { return names.size(); }
  std::size_t certificate_count() const { return out_subject.size(); }
};

// Applies the certificate rules: self-certificates and certificates at the
// lowest level (index 0) count for nothing; the latest certificate from an
// issuer to a subject replaces earlier ones.
StandingGraph standing_graph(const CertGraph& history);

// The certificates that stand, as a history with one certificate per pair
// (what simulate_attack extends with a nest of fakes).
CertGraph history_of(const StandingGraph& graph);

}  // namespace journeyer::trust
