// /person/NAME/trust: the engine's explanation of a member's level.
#include "web/handlers/handlers.h"
#include "web/handlers/person/common.h"

namespace journeyer::web::handlers {

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
  auto ex = trust::explain(*snap->graph, config.trust, account->name);
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
    v.set("distance", std::to_string(e.distance));
    v.set("capacity", std::to_string(e.capacity));
    View chain = list_view();
    for (const auto& n : e.chain) {
      View c;
      c.set("name", n);
      c.set("url", person_url(n));
      chain.push_back(c);
    }
    v.set("chain", chain);
    View saturated = list_view();
    for (const auto& n : e.saturated) {
      View c;
      c.set("name", n);
      c.set("url", person_url(n));
      saturated.push_back(c);
    }
    v.set("saturated", saturated);
    v.set("saturated_total", std::to_string(e.saturated_total));
    v.set("root_exhausted", bool_view(e.root_exhausted));
    levels.push_back(v);
  }
  data.set("levels", levels);
  return page(ctx, "Trust: " + account->name, "person_trust", std::move(data));
}

}  // namespace journeyer::web::handlers
