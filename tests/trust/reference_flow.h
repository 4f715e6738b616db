// An independent, deliberately simple implementation of the trust metric
// for tests: its own certificate rules, its own breadth-first distances, and
// Edmonds-Karp maximum flow on an explicit split-node network. Slow and
// obvious, so the fast engine can be checked against it.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace journeyer::trust::reference {

struct Cert {
  std::string issuer, subject;
  int level;
};

struct Problem {
  std::vector<std::string> accounts;  // every account, including ones without certificates
  std::vector<Cert> history;          // in order; later replaces earlier
  std::vector<std::string> seeds;
  std::vector<std::int64_t> caps;
};

// Maximum flow value of level l's network with a sink arc on every account.
std::int64_t max_flow_value(const Problem& p, int level);

// Accounts accepted at level l by the greedy rule, computed the slow way: try
// each candidate in priority order with a fresh maximum flow whose sink arcs
// are those of the accounts accepted so far plus the candidate.
std::set<std::string> brute_force_greedy(const Problem& p, int level);

// The same greedy set, one residual search per candidate: the candidate's
// sink arc is added and one augmenting path is looked for on the flow kept
// so far (fast enough for graphs of a few hundred accounts).
std::set<std::string> incremental_greedy(const Problem& p, int level);

}  // namespace journeyer::trust::reference
