// /person/NAME/trust: the engine's explanation of a member's level, with a
// picture of their certification neighbourhood (/person/NAME/trust.svg).
#include "web/handlers/handlers.h"
#include "web/handlers/person/common.h"
#include "web/neighbourhood.h"

namespace journeyer::web::handlers {

namespace {

// The chain of certificates that carried the member's unit of flow at their
// level (empty when none), and the neighbourhood around them.
Neighbourhood neighbourhood_of(const LevelSnapshot& snap, const Result<trust::Explanation>& ex,
                               const std::string& name, model::CertLevel level) {
  std::vector<std::string> chain;
  if (ex && level.value > 0 && level.value < ex->per_level.size()) chain = ex->per_level[level.value].chain;
  auto n = neighbourhood(*snap.graph, snap.graph_levels, name, chain);
  if (n) return std::move(*n);
  Neighbourhood alone;  // no certificates at all: the member by themselves
  alone.members.push_back({0, name, level.value, true, false});
  return alone;
}

}  // namespace

Response person_trust_svg(Context& ctx) {
  Response error;
  auto account = named_account(ctx, error);
  if (!account) return error;
  auto snap = ctx.site.trust().snapshot();
  const auto& levels = ctx.site.config().trust.levels;
  auto ex = trust::explain(*snap->graph, ctx.site.config().trust, account->name);
  Neighbourhood n = neighbourhood_of(*snap, ex, account->name, snap->level(account->id));
  auto svg = neighbourhood_svg(n, levels);
  if (!svg) return plain_text(500, "The picture could not be drawn: " + svg.error().message() + "\n");
  Response r;
  r.content_type = "image/svg+xml";
  r.body = std::move(*svg);
  return r;
}

Response person_trust(Context& ctx) {
  Response error;
  auto account = named_account(ctx, error);
  if (!account) return error;
  auto snap = ctx.site.trust().snapshot();
  const auto& config = ctx.site.config();
  View data;
  data.set("name", account->name);
  data.set("url", person_url(account->name));
  data.set("level", model::level_name(snap->level(account->id), config.trust.levels));
  data.set("picture_url", person_url(account->name) + "trust.svg");
  auto ex = trust::explain(*snap->graph, config.trust, account->name);
  {
    Neighbourhood n = neighbourhood_of(*snap, ex, account->name, snap->level(account->id));
    View certifiers = list_view(), certified = list_view();
    for (const auto& e : n.edges) {
      const auto& from = n.members[e.from];
      const auto& to = n.members[e.to];
      if (!from.centre && !to.centre) continue;
      const auto& other = from.centre ? to : from;
      View v;
      v.set("name", other.name);
      v.set("url", person_url(other.name));
      v.set("cert_level", model::level_name(model::CertLevel{e.level}, config.trust.levels));
      v.set("on_chain", bool_view(e.on_chain));
      (from.centre ? certified : certifiers).push_back(v);
    }
    data.set("certifiers", certifiers);
    data.set("certified", certified);
    data.set("certifier_count", std::to_string(n.certifiers));
    data.set("certified_count", std::to_string(n.certified));
    data.set("picture_members", std::to_string(n.members.size()));
    // Set only when some are left out: the template's section shows for any
    // string, even an empty one.
    if (n.left_out > 0)
      data.set("left_out", count_of(static_cast<std::int64_t>(n.left_out), "more direct certificate is",
                                    "more direct certificates are"));
    View legend = list_view();
    for (std::size_t l = 0; l < config.trust.levels.size(); ++l) {
      View v;
      v.set("level", config.trust.levels[l]);
      v.set("class", "level-" + std::to_string(std::min<std::size_t>(l, 5)));
      legend.push_back(v);
    }
    data.set("legend", legend);
  }
  if (!ex) {
    data.set("no_explanation", ex.error().message());
    return page(ctx, "Trust: " + account->name, "person_trust", std::move(data));
  }
  View levels = list_view();
  for (std::size_t l = 1; l < ex->per_level.size() && l < config.trust.levels.size(); ++l) {
    const auto& e = ex->per_level[l];
    View v;
    v.set("level", config.trust.levels[l]);
    using V = trust::LevelExplanation::Verdict;
    v.set("accepted", bool_view(e.verdict == V::Accepted));
    v.set("unreachable", bool_view(e.verdict == V::Unreachable));
    v.set("blocked", bool_view(e.verdict == V::Blocked));
    v.set("where", steps_from_seeds(e.distance));
    v.set("seed", bool_view(e.distance == 1));
    v.set("capacity", std::to_string(e.capacity));
    v.set("passing", e.capacity > 1 ? "can pass up to " + std::to_string(e.capacity - 1) + " on"
                                    : std::string("has none to pass on"));
    v.set("chain", person_links(e.chain));
    v.set("saturated", person_links(e.saturated));
    v.set("saturated_total", std::to_string(e.saturated_total));
    v.set("one_stop", bool_view(e.saturated_total == 1));
    v.set("any_stop", bool_view(e.saturated_total > 0));
    v.set("root_exhausted", bool_view(e.root_exhausted));
    levels.push_back(v);
  }
  data.set("levels", levels);
  return page(ctx, "Trust: " + account->name, "person_trust", std::move(data));
}

}  // namespace journeyer::web::handlers
