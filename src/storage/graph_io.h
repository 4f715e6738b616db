// Moving certificate graphs between the store and the trust engine's types.
#pragma once

#include <string>

#include "storage/store.h"
#include "trust/graph.h"

namespace journeyer::storage {

// The standing certificate graph of the database at `url`, for `journeyer
// trust --db URL`: imported alias names are included as accounts without
// certificates, so that the figures equal those of the dump the database was
// imported from. Opens the store (applying migrations) and closes it.
Result<trust::StandingGraph> load_standing_graph(const std::string& url);

// The same graph as a history with one certificate per standing pair (what
// trust::simulate_attack takes).
Result<trust::CertGraph> load_cert_graph(const std::string& url);

// A trust::CertGraph (parsed from a dump) as an import for Store::import_graph.
GraphImport graph_import_from(const trust::CertGraph& graph, UnixTime when);

}  // namespace journeyer::storage
