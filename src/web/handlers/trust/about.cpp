// /trust/: how the trust metric works, and its latest run.
#include "web/handlers/handlers.h"

namespace journeyer::web::handlers {

Response trust_about(Context& ctx) {
  auto snap = ctx.site.trust().snapshot();
  const auto& t = ctx.site.config().trust;
  View data;
  View seeds = list_view();
  for (const auto& s : t.seeds) {
    View v;
    v.set("name", s);
    v.set("url", person_url(s));
    seeds.push_back(v);
  }
  data.set("seeds", seeds);
  View caps = list_view();
  for (std::size_t i = 0; i < t.caps.size(); ++i) {
    View v;
    v.set("distance", std::to_string(i + 1));
    v.set("capacity", std::to_string(t.caps[i]));
    caps.push_back(v);
  }
  data.set("caps", caps);
  View counts = list_view();
  for (std::size_t l = t.levels.size(); l-- > 0;) {
    View v;
    v.set("level", t.levels[l]);
    v.set("count", std::to_string(l < snap->counts.size() ? snap->counts[l] : 0));
    counts.push_back(v);
  }
  data.set("counts", counts);
  data.set("computed", bool_view(snap->generation > 0));
  data.set("computed_at", format_datetime(snap->computed_at));
  char ms[32];
  std::snprintf(ms, sizeof ms, "%.1f", static_cast<double>(snap->compute_micros) / 1000.0);
  data.set("compute_ms", std::string(ms));
  data.set("accounts", std::to_string(snap->accounts));
  data.set("certificates", std::to_string(snap->certificates));
  data.set("top_level", t.levels.back());
  if (!snap->missing_seeds.empty()) {
    std::string missing;
    for (const auto& s : snap->missing_seeds) missing += (missing.empty() ? "" : ", ") + s;
    data.set("missing_seeds", missing);
  }
  return page(ctx, "The trust metric", "trust", std::move(data));
}

}  // namespace journeyer::web::handlers
