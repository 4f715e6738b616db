#include "reference_flow.h"

#include <algorithm>
#include <deque>
#include <limits>

namespace journeyer::trust::reference {

namespace {

constexpr std::int64_t kInfinite = std::numeric_limits<std::int64_t>::max() / 4;

struct Network {
  struct Arc {
    int to;
    std::int64_t cap;
  };
  std::vector<Arc> arcs;
  std::vector<std::vector<int>> out;
  explicit Network(int n) : out(n) {}
  void add(int a, int b, std::int64_t c) {
    out[a].push_back(static_cast<int>(arcs.size()));
    arcs.push_back({b, c});
    out[b].push_back(static_cast<int>(arcs.size()));
    arcs.push_back({a, 0});
  }
  std::int64_t max_flow(int s, int t) {
    std::int64_t total = 0;
    while (true) {
      std::vector<int> via(out.size(), -1);
      std::deque<int> q{s};
      via[s] = -2;
      while (!q.empty() && via[t] == -1) {
        int u = q.front();
        q.pop_front();
        for (int a : out[u])
          if (arcs[a].cap > 0 && via[arcs[a].to] == -1) {
            via[arcs[a].to] = a;
            q.push_back(arcs[a].to);
          }
      }
      if (via[t] == -1) return total;
      std::int64_t push = kInfinite;
      for (int v = t; v != s; v = arcs[via[v] ^ 1].to) push = std::min(push, arcs[via[v]].cap);
      for (int v = t; v != s; v = arcs[via[v] ^ 1].to) {
        arcs[via[v]].cap -= push;
        arcs[via[v] ^ 1].cap += push;
      }
      total += push;
    }
  }
};

struct Level {
  std::vector<std::string> names;       // index 0 is the root
  std::vector<int> dist;                // -1 unreachable
  std::vector<std::pair<int, int>> edges;
};

Level level_graph(const Problem& p, int level) {
  Level g;
  g.names.push_back("");
  std::map<std::string, int> id;
  for (const auto& a : p.accounts)
    if (!id.count(a)) {
      id[a] = static_cast<int>(g.names.size());
      g.names.push_back(a);
    }
  std::map<std::pair<std::string, std::string>, int> latest;
  for (const auto& c : p.history) latest[{c.issuer, c.subject}] = c.level;
  for (const auto& [pair, l] : latest)
    if (pair.first != pair.second && l >= level && l > 0) g.edges.push_back({id[pair.first], id[pair.second]});
  for (const auto& s : p.seeds)
    if (id.count(s)) g.edges.push_back({0, id[s]});
  g.dist.assign(g.names.size(), -1);
  g.dist[0] = 0;
  std::deque<int> q{0};
  while (!q.empty()) {
    int u = q.front();
    q.pop_front();
    for (auto [a, b] : g.edges)
      if (a == u && g.dist[b] == -1) {
        g.dist[b] = g.dist[u] + 1;
        q.push_back(b);
      }
  }
  return g;
}

// Source, sink, then in/out per node. R keeps its own unit like any node.
std::int64_t flow_with_sinks(const Problem& p, const Level& g, const std::set<int>& sinks) {
  int n = static_cast<int>(g.names.size());
  Network net(2 * n + 2);
  int s = 2 * n, t = 2 * n + 1;
  auto cap = [&](int v) { return p.caps[std::min<std::size_t>(g.dist[v], p.caps.size() - 1)]; };
  net.add(s, 0, cap(0));
  for (int v = 0; v < n; ++v) {
    if (g.dist[v] < 0) continue;
    if (sinks.count(v) || v == 0) net.add(2 * v, t, 1);
    net.add(2 * v, 2 * v + 1, cap(v) - 1);
  }
  for (auto [a, b] : g.edges)
    if (g.dist[a] >= 0) net.add(2 * a + 1, 2 * b, kInfinite);
  return net.max_flow(s, t) - 1;  // less R's own unit
}

}  // namespace

std::int64_t max_flow_value(const Problem& p, int level) {
  Level g = level_graph(p, level);
  std::set<int> all;
  for (int v = 1; v < static_cast<int>(g.names.size()); ++v) all.insert(v);
  return flow_with_sinks(p, g, all);
}

std::set<std::string> brute_force_greedy(const Problem& p, int level) {
  Level g = level_graph(p, level);
  std::vector<int> order;
  for (int v = 1; v < static_cast<int>(g.names.size()); ++v)
    if (g.dist[v] >= 0) order.push_back(v);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    return std::tie(g.dist[a], g.names[a]) < std::tie(g.dist[b], g.names[b]);
  });
  std::set<int> chosen;
  std::set<std::string> names;
  for (int v : order) {
    std::set<int> trial = chosen;
    trial.insert(v);
    if (flow_with_sinks(p, g, trial) == static_cast<std::int64_t>(trial.size())) {
      chosen = trial;
      names.insert(g.names[v]);
    }
  }
  return names;
}

std::set<std::string> incremental_greedy(const Problem& p, int level) {
  Level g = level_graph(p, level);
  int n = static_cast<int>(g.names.size());
  Network net(2 * n + 2);
  int s = 2 * n, t = 2 * n + 1;
  auto cap = [&](int v) { return p.caps[std::min<std::size_t>(g.dist[v], p.caps.size() - 1)]; };
  net.add(s, 0, cap(0));
  for (int v = 0; v < n; ++v)
    if (g.dist[v] >= 0) net.add(2 * v, 2 * v + 1, cap(v) - 1);
  for (auto [a, b] : g.edges)
    if (g.dist[a] >= 0) net.add(2 * a + 1, 2 * b, kInfinite);
  std::vector<int> order;
  for (int v = 1; v < n; ++v)
    if (g.dist[v] >= 0) order.push_back(v);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    return std::tie(g.dist[a], g.names[a]) < std::tie(g.dist[b], g.names[b]);
  });
  order.insert(order.begin(), 0);  // R takes its own unit first
  std::set<std::string> names;
  for (int v : order) {
    const int arc = static_cast<int>(net.arcs.size());
    net.add(2 * v, t, 1);
    // The flow so far is maximal for the sinks so far: at most one more unit.
    if (net.max_flow(s, t) > 0) {
      if (v != 0) names.insert(g.names[v]);
    } else {
      net.arcs[arc].cap = 0;  // not reached: its sink arc carries nothing and goes
    }
  }
  return names;
}

}  // namespace journeyer::trust::reference
