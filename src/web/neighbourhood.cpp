#include "web/neighbourhood.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <unordered_map>
#include <utility>

namespace journeyer::web {

namespace {

struct Link {
  trust::AccountId other;
  trust::LevelIndex level;
};

trust::AccountId find_name(const trust::StandingGraph& g, const std::string& name) {
  auto it = std::find(g.names.begin(), g.names.end(), name);
  return it == g.names.end() ? trust::NameTable::kNone : static_cast<trust::AccountId>(it - g.names.begin());
}

// The standing certificate from `a` to `b`, if any (subjects are sorted per issuer).
bool cert_level(const trust::StandingGraph& g, trust::AccountId a, trust::AccountId b, trust::LevelIndex& level) {
  auto first = g.out_subject.begin() + g.out_begin[a];
  auto last = g.out_subject.begin() + g.out_begin[a + 1];
  auto it = std::lower_bound(first, last, b);
  if (it == last || *it != b) return false;
  level = g.out_level[static_cast<std::size_t>(it - g.out_subject.begin())];
  return true;
}

}  // namespace

Result<Neighbourhood> neighbourhood(const trust::StandingGraph& g, const std::vector<trust::LevelIndex>& levels,
                                    const std::string& centre_name, const std::vector<std::string>& chain_names) {
  const trust::AccountId centre = find_name(g, centre_name);
  if (centre == trust::NameTable::kNone) return Error::not_found(centre_name + " has no certificates in the graph");
  auto level_of = [&](trust::AccountId a) -> trust::LevelIndex { return a < levels.size() ? levels[a] : 0; };

  std::vector<trust::AccountId> chain;
  for (const auto& n : chain_names)
    if (auto id = find_name(g, n); id != trust::NameTable::kNone) chain.push_back(id);
  auto on_chain = [&](trust::AccountId a) { return std::find(chain.begin(), chain.end(), a) != chain.end(); };

  // Direct neighbours: who certified the centre (one pass over every
  // certificate), whom the centre certified (its own row).
  std::vector<Link> certifiers, certified;
  for (trust::AccountId a = 0; a < g.account_count(); ++a)
    for (auto i = g.out_begin[a]; i < g.out_begin[a + 1]; ++i)
      if (g.out_subject[i] == centre) certifiers.push_back({a, g.out_level[i]});
  for (auto i = g.out_begin[centre]; i < g.out_begin[centre + 1]; ++i)
    certified.push_back({g.out_subject[i], g.out_level[i]});

  // The most telling first: on the chain, higher certificates, higher members, then by name.
  auto order = [&](std::vector<Link>& v) {
    std::sort(v.begin(), v.end(), [&](const Link& x, const Link& y) {
      auto key = [&](const Link& l) {
        return std::make_tuple(!on_chain(l.other), -int{l.level}, -int{level_of(l.other)});
      };
      if (key(x) != key(y)) return key(x) < key(y);
      return g.names[x.other] < g.names[y.other];
    });
  };
  order(certifiers);
  order(certified);

  Neighbourhood n;
  n.certifiers = certifiers.size();
  n.certified = certified.size();
  std::unordered_map<trust::AccountId, std::size_t> index;
  auto add = [&](trust::AccountId a) -> std::size_t {
    auto [it, fresh] = index.emplace(a, n.members.size());
    if (fresh) n.members.push_back({a, g.names[a], level_of(a), a == centre, on_chain(a)});
    return it->second;
  };
  std::map<std::pair<std::size_t, std::size_t>, std::size_t> edge_index;
  auto link = [&](trust::AccountId from, trust::AccountId to, trust::LevelIndex level, bool chained) {
    auto key = std::make_pair(add(from), add(to));
    auto [it, fresh] = edge_index.emplace(key, n.edges.size());
    if (fresh) n.edges.push_back({key.first, key.second, level, chained});
    else n.edges[it->second].on_chain = n.edges[it->second].on_chain || chained;
  };
  auto room = [&] { return n.members.size() < kMaxPictureMembers; };

  add(centre);
  for (std::size_t i = 0; i + 1 < chain.size(); ++i) {
    trust::LevelIndex l = 0;
    if (cert_level(g, chain[i], chain[i + 1], l)) link(chain[i], chain[i + 1], l, true);
  }
  std::vector<trust::AccountId> shown_certifiers, shown_certified;
  for (const auto& l : certifiers) {
    if (shown_certifiers.size() == kMaxDirectEachWay || (!room() && !index.count(l.other))) break;
    link(l.other, centre, l.level, false);
    shown_certifiers.push_back(l.other);
  }
  for (const auto& l : certified) {
    if (shown_certified.size() == kMaxDirectEachWay || (!room() && !index.count(l.other))) break;
    link(centre, l.other, l.level, false);
    shown_certified.push_back(l.other);
  }
  n.left_out = certifiers.size() - shown_certifiers.size() + certified.size() - shown_certified.size();

  // A second step out: who certified the certifiers, whom the certified certified.
  std::unordered_map<trust::AccountId, std::vector<Link>> second_in;
  for (auto a : shown_certifiers) second_in[a];
  for (trust::AccountId a = 0; a < g.account_count(); ++a)
    for (auto i = g.out_begin[a]; i < g.out_begin[a + 1]; ++i)
      if (auto it = second_in.find(g.out_subject[i]); it != second_in.end() && a != centre)
        it->second.push_back({a, g.out_level[i]});
  for (auto a : shown_certifiers) {
    auto& v = second_in[a];
    order(v);
    for (std::size_t k = 0; k < v.size() && k < kMaxSecondStep && room(); ++k) link(v[k].other, a, v[k].level, false);
  }
  for (auto a : shown_certified) {
    std::vector<Link> v;
    for (auto i = g.out_begin[a]; i < g.out_begin[a + 1]; ++i)
      if (g.out_subject[i] != centre) v.push_back({g.out_subject[i], g.out_level[i]});
    order(v);
    for (std::size_t k = 0; k < v.size() && k < kMaxSecondStep && room(); ++k) link(a, v[k].other, v[k].level, false);
  }
  return n;
}

namespace {

// Graphviz keeps global state: one caller at a time, one context for the process.
std::mutex graphviz_m;

GVC_t* graphviz() {
  static GVC_t* gvc = gvContext();
  return gvc;
}

// Lower levels pale, higher levels deep (a sequential blue scale), spread
// over however many levels the site has.
const char* fill_for(std::size_t level, std::size_t level_count) {
  static const char* const kScale[] = {"#f0f0f0", "#c6dbef", "#6baed6", "#2171b5", "#08519c", "#08306b"};
  constexpr std::size_t kColours = sizeof kScale / sizeof kScale[0];
  if (level_count <= kColours) return kScale[std::min(level, kColours - 1)];
  return kScale[std::min(level * (kColours - 1) / (level_count - 1), kColours - 1)];
}

// A plain Graphviz label: backslashes would start escapes such as \N.
std::string label_text(const std::string& name) {
  std::string out;
  for (char c : name) {
    if (c == '\\') out += '\\';
    out += c;
  }
  return out;
}

void set(void* object, const char* key, const std::string& value) {
  agsafeset(object, const_cast<char*>(key), const_cast<char*>(value.c_str()), const_cast<char*>(""));
}

}  // namespace

Result<std::string> neighbourhood_svg(const Neighbourhood& n, const std::vector<std::string>& level_names) {
  constexpr const char* kChainColour = "#d94801";
  std::lock_guard lock(graphviz_m);
  GVC_t* gvc = graphviz();
  if (!gvc) return Error::internal("graphviz: no context");
  Agraph_t* g = agopen(const_cast<char*>("neighbourhood"), Agdirected, nullptr);
  if (!g) return Error::internal("graphviz: cannot make a graph");
  set(g, "rankdir", "LR");
  set(g, "bgcolor", "white");
  set(g, "fontname", "sans-serif");
  set(g, "nodesep", "0.15");
  set(g, "ranksep", "0.6");
  std::vector<Agnode_t*> nodes;
  for (std::size_t i = 0; i < n.members.size(); ++i) {
    const auto& m = n.members[i];
    // Named by the member's name: the SVG's <title> says who it is.
    Agnode_t* v = agnode(g, const_cast<char*>(m.name.c_str()), 1);
    set(v, "label", label_text(m.name));
    set(v, "shape", "box");
    set(v, "style", "rounded,filled");
    set(v, "fontname", "sans-serif");
    set(v, "fontsize", m.centre ? "16" : "12");
    set(v, "fillcolor", fill_for(m.level, level_names.size()));
    set(v, "fontcolor", m.level >= 3 ? "white" : "black");  // on the deeper blues
    set(v, "tooltip", m.name + ": " + (m.level < level_names.size() ? level_names[m.level] : std::string()));
    set(v, "class", m.centre ? "centre" : m.on_chain ? "chain" : "member");
    if (m.on_chain || m.centre) {
      set(v, "color", m.on_chain ? kChainColour : "black");
      set(v, "penwidth", "2.5");
    }
    nodes.push_back(v);
  }
  for (const auto& e : n.edges) {
    Agedge_t* x = agedge(g, nodes[e.from], nodes[e.to], nullptr, 1);
    set(x, "color", e.on_chain ? kChainColour : "#737373");
    set(x, "penwidth", e.on_chain ? "3" : std::to_string(0.6 + 0.5 * e.level));
    set(x, "arrowsize", "0.6");
    if (e.level < level_names.size()) set(x, "tooltip", level_names[e.level]);
    if (e.on_chain) set(x, "class", "chain");
  }
  std::string out;
  Status st = Ok{};
  if (gvLayout(gvc, g, "dot") != 0) {
    st = Error::internal("graphviz: the dot layout failed");
  } else {
    char* data = nullptr;
    unsigned int length = 0;
    if (gvRenderData(gvc, g, "svg", &data, &length) != 0 || !data) {
      st = Error::internal("graphviz: SVG rendering failed");
    } else {
      out.assign(data, length);
    }
    gvFreeRenderData(data);
    gvFreeLayout(gvc, g);
  }
  agclose(g);
  if (!st) return st.error();
  return out;
}

}  // namespace journeyer::web
