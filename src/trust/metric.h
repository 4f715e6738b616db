// Levien's group trust metric over all levels (trust-metric.md), with the
// canonical greedy answer, explanations and attack simulation.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "trust/graph.h"
#include "util/result.h"

namespace journeyer::trust {

// Largest capacity accepted in a configuration: flows are kept in 32 bits.
constexpr std::int64_t kMaxCapacity = 1'000'000'000;

struct TrustConfig {
  std::vector<std::string> seeds{"raph", "miguel", "federico", "alan"};
  std::vector<std::int64_t> caps{800, 200, 200, 50, 12, 4, 2, 1};
  std::vector<std::string> levels{"Observer", "Apprentice", "Journeyer", "Master"};
};

// A clear error for an unusable configuration, or Ok.
Status validate(const TrustConfig& config);

struct TrustResult {
  // accepted[l] counts the accounts accepted on level l's graph (l >= 1;
  // accepted[0] is unused and 0).
  std::vector<std::size_t> accepted;
  // Each account's level: the highest level at which it was accepted, or 0.
  std::vector<LevelIndex> level;
  // accepted_on[l][a] is 1 when account a was accepted on level l's graph.
  std::vector<std::vector<std::uint8_t>> accepted_on;
  std::size_t certificates = 0;  // standing certificates
  std::vector<std::string> missing_seeds;  // configured seeds not in the graph
};

// Computes every level (in parallel threads where there is more than one).
Result<TrustResult> compute(const StandingGraph& graph, const TrustConfig& config);

// Why an account is or is not at each level.
struct LevelExplanation {
  enum class Verdict {
    Accepted,      // `chain` holds the accounts from a seed to it
    Unreachable,   // no chain of certificates at this level from a seed
    Blocked,       // reachable, but every route runs through used-up capacity
  } verdict = Verdict::Unreachable;
  std::uint32_t distance = 0;         // from the root, seeds at 1 (0 if unreachable)
  std::int64_t capacity = 0;          // its capacity at that distance
  std::vector<std::string> chain;     // Accepted: seed ... account
  bool root_exhausted = false;        // Blocked: the seeds' whole capacity was used
  std::vector<std::string> saturated;   // Blocked: accounts on the minimum cut (up to kMaxNamed)
  std::size_t saturated_total = 0;    // how many there are in all
  std::size_t accepted_before = 0;    // accounts accepted ahead of it in priority order
};

constexpr std::size_t kMaxNamed = 25;

struct Explanation {
  std::string account;
  LevelIndex level = 0;
  std::vector<LevelExplanation> per_level;  // index l >= 1 meaningful
  std::vector<std::string> missing_seeds;   // configured seeds not in the graph
};

Result<Explanation> explain(const StandingGraph& graph, const TrustConfig& config,
                            const std::string& account);

// Attack simulation: a nest of `sybils` fake accounts that certify each other
// at the top level, joined to the graph by one certificate (at `level`; 0:
// the top level) from each confused real account to a fake.
struct AttackSpec {
  std::size_t sybils = 0;
  std::vector<std::string> confused;  // real accounts that certify a fake
  LevelIndex level = 0;               // the confused accounts' certificates
};

struct AttackResult {
  std::vector<std::size_t> fakes_accepted;  // per level, index >= 1
  std::vector<std::int64_t> bound;          // Levien's bound per level
  std::vector<std::size_t> real_accepted;   // real accounts accepted, per level
  std::vector<std::string> confused;
  std::vector<std::string> missing_seeds;  // configured seeds not in the graph
};

// Most fakes the nest is wired with certificates to each: every fake
// certified by a confused account certifies all fakes (so every fake is as
// near the seeds as in a complete nest), and every fake certifies the next
// kNestFanout fakes in a ring.
constexpr std::size_t kNestFanout = 64;
constexpr std::size_t kMaxSybils = 10'000'000;
// Most certificates a nest may take (those above, together): as many as the
// 1M / 10M benchmark graph's, so that a simulation is refused before it
// asks for more memory than a computation of that size.
constexpr std::uint64_t kMaxNestCertificates = 16'000'000;
// The certificates a nest of `sybils` fakes entered by `confused` real
// accounts takes.
std::uint64_t nest_certificates(std::uint64_t sybils, std::uint64_t confused);

Result<AttackResult> simulate_attack(const CertGraph& history, const TrustConfig& config,
                                     const AttackSpec& spec);

// Picks `k` distinct real accounts accepted at the top level, at random with
// `random_seed` (deterministic), for an attack.
Result<std::vector<std::string>> pick_confused(const StandingGraph& graph, const TrustConfig& config,
                                               std::size_t k, std::uint64_t random_seed);

}  // namespace journeyer::trust
