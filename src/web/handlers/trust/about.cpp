// /trust/: how the trust metric works, its latest run, and members per
// level over time (/trust/levels.svg, from the store's level history).
#include "web/handlers/handlers.h"
#include "web/handlers/person/common.h"
#include "web/level_chart.h"

namespace journeyer::web::handlers {

namespace {

// The computations the chart and the table show, newest last.
constexpr std::size_t kChartComputations = 500;
constexpr std::size_t kTableComputations = 10;

}  // namespace

Response trust_levels_svg(Context& ctx) {
  auto history = ctx.site.store().level_history(kChartComputations);
  if (!history) return plain_text(503, "The database did not answer: " + history.error().message() + "\n");
  std::vector<LevelPoint> points;
  points.reserve(history->size());
  for (auto& h : *history) points.push_back({h.computed_at, std::move(h.members)});
  auto svg = level_chart_svg(points, ctx.site.config().trust.levels);
  if (!svg) return plain_text(500, "The chart could not be drawn: " + svg.error().message() + "\n");
  Response r;
  r.content_type = "image/svg+xml";
  r.body = std::move(*svg);
  return r;
}

Response trust_about(Context& ctx) {
  auto snap = ctx.site.trust().snapshot();
  const auto& t = ctx.site.config().trust;
  View data;
  data.set("seeds", person_links(t.seeds));
  View caps = list_view();
  // caps[0] is what the seeds share (the root's), caps[d] a member's at
  // distance d from the root (the seeds at 1); the last one repeats.
  for (std::size_t i = 0; i < t.caps.size(); ++i) {
    View v;
    std::string where;
    if (i == 0) where = "The seeds together";
    else if (i + 1 < t.caps.size()) where = steps_from_seeds(static_cast<std::uint32_t>(i), Capital::Yes);
    else if (i == 1) where = "Every member";
    else where = std::to_string(i - 1) + " or more steps from the seeds";
    v.set("where", where);
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
  data.set("accounts", count_of(static_cast<std::int64_t>(snap->accounts), "account", "accounts"));
  data.set("certificates",
           count_of(static_cast<std::int64_t>(snap->certificates), "standing certificate", "standing certificates"));
  data.set("top_level", t.levels.back());
  if (!snap->missing_seeds.empty()) data.set("missing_seeds", comma_list(snap->missing_seeds));
  if (auto history = ctx.site.store().level_history(kTableComputations); history) {
    View header = list_view(), rows = list_view();
    for (std::size_t l = t.levels.size(); l-- > 0;) {
      View v;
      v.set("level", t.levels[l]);
      header.push_back(v);
    }
    for (auto it = history->rbegin(); it != history->rend(); ++it) {
      View row;
      row.set("when", format_datetime(it->computed_at));
      View cells = list_view();
      for (std::size_t l = t.levels.size(); l-- > 0;) {
        View c;
        c.set("members", std::to_string(l < it->members.size() ? it->members[l] : 0));
        cells.push_back(c);
      }
      row.set("cells", cells);
      rows.push_back(row);
    }
    data.set("history_levels", header);
    data.set("history", rows);
    data.set("has_history", bool_view(!history->empty()));
  }
  return page(ctx, "The trust metric", "trust", std::move(data));
}

}  // namespace journeyer::web::handlers
