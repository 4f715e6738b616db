// Synthetic certificate graphs for benchmarks and tests.
#pragma once

#include <cstdint>

#include "trust/graph.h"

namespace journeyer::trust {

// `accounts` accounts named u0, u1, ... (the first four are the seeds a
// caller should use) and `certs` certificates: issuers uniform; subjects
// half preferential by in-degree, half uniform; levels Apprentice 1/6,
// Journeyer 2/6, Master 3/6 (level indices 1, 2, 3); no self-certificates.
// The same arguments give the same graph everywhere.
CertGraph generate_graph(std::size_t accounts, std::size_t certs, std::uint64_t random_seed);

}  // namespace journeyer::trust
