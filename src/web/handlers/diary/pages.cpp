// /person/NAME/diary.html (newest first, paged) and the permalink of one
// entry, /person/NAME/diary/ID.html.
#include <charconv>

#include "web/handlers/diary/common.h"
#include "web/handlers/handlers.h"
#include "web/handlers/interest/ratings.h"
#include "web/handlers/person/common.h"

namespace journeyer::web::handlers {

namespace {

constexpr std::size_t kEntriesPerPage = 10;

// The `start` query value: how many newer entries to skip.
std::size_t start_of(Context& ctx) {
  std::string_view text = ctx.query.get("start");
  std::size_t start = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), start);
  if (ec != std::errc{} || p != text.data() + text.size()) return 0;
  return start;
}

}  // namespace

Response diary_page(Context& ctx) {
  Response error;
  auto account = named_account(ctx, error);
  if (!account) return error;
  auto snap = ctx.site.trust().snapshot();
  storage::Store& store = ctx.site.store();
  std::size_t start = start_of(ctx);
  auto count = store.count_diary_entries(account->id);
  auto entries = store.diary_entries(account->id, {start, kEntriesPerPage});
  if (!count || !entries) return error_page(ctx, 503, "The database did not answer; try again.");

  View data;
  data.set("name", account->name);
  data.set("person_url", person_url(account->name));
  View list = list_view();
  for (const auto& e : *entries) list.push_back(entry_view(ctx, *snap, e, false));
  data.set("entries", list);
  data.set("empty", bool_view(entries->empty()));
  const auto total = static_cast<std::size_t>(*count);
  if (start + entries->size() < total) {
    // Advogato: "51 older entries..."
    std::size_t older = total - start - entries->size();
    data.set("older", std::to_string(older) + (older == 1 ? " older entry..." : " older entries..."));
    data.set("older_url", diary_url(account->name) + "?start=" + std::to_string(start + kEntriesPerPage));
  }
  if (start > 0) {
    std::size_t newer_start = start > kEntriesPerPage ? start - kEntriesPerPage : 0;
    data.set("newer_url", diary_url(account->name) + (newer_start ? "?start=" + std::to_string(newer_start) : ""));
  }
  if (feeds_published(ctx.site, *snap, account->id)) {
    data.set("rss_url", person_url(account->name) + "rss.xml");
    data.set("atom_url", person_url(account->name) + "atom.xml");
  }
  if (ctx.visitor.logged_in() && ctx.visitor.account->id == account->id && may_post_diary(ctx, *snap))
    data.set("can_post", bool_view(true));
  if (ctx.query.get("deleted") == "1") data.set("notice", "The entry is deleted.");
  if (ctx.query.get("rated") == "1") data.set("notice", "Your rating is recorded.");
  if (auto rating = rating_view(ctx, *account)) data.set("rating", *rating);
  return page(ctx, "Diary for " + account->name, "diary", std::move(data));
}

Response diary_entry_page(Context& ctx) {
  Response error;
  auto account = named_account(ctx, error);
  if (!account) return error;
  // The last segment is "ID.html".
  std::string_view segment = ctx.params.at(1);
  constexpr std::string_view kSuffix = ".html";
  std::int64_t id = 0;
  if (segment.size() <= kSuffix.size() || segment.substr(segment.size() - kSuffix.size()) != kSuffix)
    return not_found(ctx);
  std::string_view digits = segment.substr(0, segment.size() - kSuffix.size());
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (ec != std::errc{} || p != digits.data() + digits.size() || id <= 0) return not_found(ctx);
  auto entry = ctx.site.store().diary_entry(model::DiaryEntryId{id});
  if (!entry) {
    if (entry.error().kind() != ErrorKind::NotFound) return error_page(ctx, 503, "The database did not answer; try again.");
    // An entry's id is never given again, so its address shows nothing else.
    auto deleted = ctx.site.store().diary_deletion(model::DiaryEntryId{id});
    if (!deleted) return error_page(ctx, 503, "The database did not answer; try again.");
    if (*deleted && (*deleted)->author == account->id) return error_page(ctx, 404, "This diary entry was deleted.");
    return error_page(ctx, 404, "There is no such diary entry.");
  }
  if (entry->author != account->id) return error_page(ctx, 404, "There is no such diary entry.");
  auto snap = ctx.site.trust().snapshot();
  View data;
  data.set("name", account->name);
  data.set("person_url", person_url(account->name));
  data.set("diary_url", diary_url(account->name));
  data.set("entry", entry_view(ctx, *snap, *entry, false));
  if (ctx.visitor.logged_in() && ctx.visitor.account->id != account->id)
    data.set("rate_url", diary_url(account->name) + "#rate");
  if (ctx.query.get("saved") == "1") data.set("notice", "Your entry is posted.");
  if (ctx.query.get("edited") == "1") data.set("notice", "Your changes are saved.");
  std::string title = entry->title.empty() ? account->name + "'s diary, " + format_date(entry->created) : entry->title;
  return page(ctx, title, "diary_entry", std::move(data));
}

}  // namespace journeyer::web::handlers
