// /recentlog.html: the latest diary entries across the site, one per member
// (Advogato's "Unique") or every entry, as the config says.
#include "web/handlers/diary/recentlog.h"

#include <charconv>

#include "web/handlers/diary/common.h"
#include "web/handlers/handlers.h"
#include "web/handlers/interest/ratings.h"

namespace journeyer::web::handlers {

namespace {

template <typename T>
std::optional<T> number(std::string_view text) {
  T value{};
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || p != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

const std::vector<RecentlogStage>& recentlog_stages() {
  static const std::vector<RecentlogStage> stages = {interest_stage};
  return stages;
}

RecentlogChoice recentlog_choice(Context& ctx) {
  const SiteConfig& config = ctx.site.config();
  RecentlogChoice c;
  c.count = config.recentlog_entries;
  if (auto level = model::parse_level(ctx.query.get("level"), config.trust.levels)) c.min_level = *level;
  if (auto n = number<std::size_t>(ctx.query.get("count")); n && *n > 0) c.count = std::min(*n, kMaxRecentlogEntries);
  if (auto t = number<model::UnixTime>(ctx.query.get("before")); t && *t > 0) c.before = *t;
  if (auto id = number<std::int64_t>(ctx.query.get("before_id")); id && *id > 0 && c.before > 0) c.before_id = *id;
  return c;
}

Response recentlog(Context& ctx) {
  const SiteConfig& config = ctx.site.config();
  RecentlogChoice choice = recentlog_choice(ctx);
  auto entries = ctx.site.store().recent_diary_entries(
      {config.recentlog_style, choice.min_level, choice.count, choice.before, choice.before_id});
  if (!entries) return error_page(ctx, 503, "The database did not answer; try again.");

  std::vector<RecentlogRow> rows;
  rows.reserve(entries->size());
  for (auto& e : *entries) rows.push_back({std::move(e), {}, false});
  // The stages may hide rows: whether there are older entries depends on
  // what was read, not on what is left.
  const std::size_t read = rows.size();
  const model::UnixTime oldest = rows.empty() ? 0 : rows.back().entry.entry.created;
  const std::int64_t oldest_id = rows.empty() ? 0 : rows.back().entry.entry.id.value;
  for (RecentlogStage stage : recentlog_stages()) stage(ctx, rows);

  auto snap = ctx.site.trust().snapshot();
  View list = list_view();
  std::size_t hidden = 0;
  for (const auto& row : rows) {
    if (row.hidden) {
      ++hidden;
      continue;
    }
    View v = entry_view(ctx, *snap, row.entry.entry, true);
    View notes = list_view();
    for (const auto& note : row.notes) {
      View n;
      n.set("label", note.label);
      n.set("value", note.value);
      n.set("class", note.css_class);
      notes.push_back(n);
    }
    v.set("notes", notes);
    list.push_back(v);
  }
  View data;
  data.set("entries", list);
  data.set("empty", bool_view(rows.empty()));
  if (hidden > 0) data.set("hidden", count_of(static_cast<std::int64_t>(hidden), "entry is", "entries are"));
  data.set("unique", bool_view(config.recentlog_style == storage::RecentStyle::LatestPerMember));
  View levels = list_view();
  for (std::size_t i = 0; i < config.trust.levels.size(); ++i) {
    View l;
    l.set("name", config.trust.levels[i]);
    l.set("selected", bool_view(choice.min_level.value == i));
    levels.push_back(l);
  }
  data.set("levels", levels);
  data.set("count", std::to_string(choice.count));
  data.set("max_count", std::to_string(kMaxRecentlogEntries));
  auto threshold = interest_threshold(ctx);
  if (ctx.visitor.logged_in()) {
    data.set("reader", bool_view(true));
    data.set("interest", threshold ? std::to_string(*threshold) : std::string());
  }
  if (read > 0 && read == choice.count) {
    std::string older = "/recentlog.html?level=" + url_encode(model::level_name(choice.min_level, config.trust.levels)) +
                        "&count=" + std::to_string(choice.count) + "&before=" + std::to_string(oldest) +
                        "&before_id=" + std::to_string(oldest_id);
    if (threshold) older += "&interest=" + std::to_string(*threshold);
    data.set("older_url", older);
  }
  return page(ctx, "Recent diary entries", "recentlog", std::move(data));
}

}  // namespace journeyer::web::handlers
