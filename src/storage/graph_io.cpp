#include "storage/graph_io.h"

namespace journeyer::storage {

Result<trust::StandingGraph> load_standing_graph(const std::string& url) {
  auto store = open_store(url);
  if (!store) return store.error();
  auto g = (*store)->load_trust_graph(GraphOptions{.include_aliases = true});
  if (!g) return g.error();
  return std::move(*g->graph);
}

Result<trust::CertGraph> load_cert_graph(const std::string& url) {
  auto standing = load_standing_graph(url);
  if (!standing) return standing.error();
  return trust::history_of(*standing);
}

GraphImport graph_import_from(const trust::CertGraph& graph, UnixTime when) {
  GraphImport in;
  in.names = graph.accounts.names();
  in.certificates.reserve(graph.certificates.size());
  for (const auto& c : graph.certificates)
    in.certificates.push_back({c.issuer, c.subject, model::CertLevel{c.level}});
  in.when = when;
  return in;
}

}  // namespace journeyer::storage
