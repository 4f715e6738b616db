// The JSON API's reads: members, a member's profile, level, certificates
// and diary, articles with their replies, projects (docs/api.md).
#include <charconv>

#include "feeds/write.h"
#include "html/sanitize.h"
#include "web/form.h"
#include "web/handlers/api/common.h"
#include "web/handlers/article/common.h"
#include "web/handlers/diary/common.h"
#include "web/handlers/handlers.h"
#include "web/handlers/person/common.h"

namespace journeyer::web::handlers {

namespace {

using api::Json;

// ?limit=N, 1 to kMaxPageSize (default kDefaultPageSize); nullopt after
// filling `error`.
std::optional<std::size_t> page_size(Context& ctx, Response& error) {
  std::string_view text = ctx.query.get("limit");
  if (text.empty()) return api::kDefaultPageSize;
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || end != text.data() + text.size() || n < 1 || n > api::kMaxPageSize) {
    error =
        api::json_error(400, "bad_limit",
                        "limit must be a whole number from 1 to " + std::to_string(api::kMaxPageSize) + ".");
    return std::nullopt;
  }
  return n;
}

// A cursor that is a non-negative integer (an index or an id); `fallback`
// when absent.
std::optional<std::int64_t> integer_cursor(Context& ctx, Response& error, std::int64_t fallback) {
  std::string_view text = ctx.query.get("cursor");
  if (text.empty()) return fallback;
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc{} || end != text.data() + text.size() || n < 0) {
    error = api::json_error(400, "bad_cursor", "The cursor is not one this API gave out.");
    return std::nullopt;
  }
  return n;
}

std::optional<std::int64_t> integer_param(std::string_view text) {
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || n < 0) return std::nullopt;
  return n;
}

// The member named by the route's first parameter (disabled ones are not
// shown); nullopt after filling `error`.
std::optional<model::Account> api_member(Context& ctx, Response& error) {
  auto account = ctx.site.store().account_by_name(ctx.params.at(0));
  if (!account || account->state == model::AccountState::Disabled) {
    if (account || account.error().kind() == ErrorKind::NotFound)
      error = api::json_error(404, "no_such_member", "There is no member called " + ctx.params.at(0) + ".");
    else
      error = api_store_error(account.error());
    return std::nullopt;
  }
  return std::move(*account);
}

Json page_of(Json items_key_value, const std::string& key, std::optional<std::string> next) {
  Json j = Json::object();
  j[key] = std::move(items_key_value);
  j["next_cursor"] = next ? Json(*next) : Json(nullptr);
  return j;
}

Json diary_json(Context& ctx, const model::DiaryEntry& e) {
  Json j = {{"index", e.number},
            {"author", e.author_name},
            {"title", e.title},
            {"format", std::string(model::to_string(e.format))},
            {"source", e.body},
            {"created", feeds::rfc3339_date(e.created)},
            {"updated", feeds::rfc3339_date(e.updated)}};
  auto html = diary_html(ctx, e);
  j["html"] = html ? Json(*html) : Json(nullptr);  // null where it cannot be shown, as for articles
  j["url"] = absolute_url(ctx.site, entry_url(e));
  if (e.syndicated) {
    // Where the page's "Syndicated DATE from BLOG" leads.
    const std::string link = syndicated_link(*e.syndicated);
    j["syndicated_from"] = link.empty() ? Json(nullptr) : Json(link);
  }
  return j;
}

// Member-written text as its page shows it (sanitized, links followed at
// the author's level), or null where it cannot be shown.
Json shown_html(const Result<html::SafeHtml>& safe) { return safe ? Json(safe->str()) : Json(nullptr); }

// lead and body as written (not safe to show), lead_html and body_html as
// the article's page shows them.
Json article_json(Context& ctx, const model::Article& a) {
  Json j = {{"id", a.id.value},
            {"author", a.author_name},
            {"title", a.title},
            {"lead", a.lead},
            {"body", a.body},
            {"topic", a.topic},
            {"format", std::string(model::to_string(a.format))},
            {"created", feeds::rfc3339_date(a.created)},
            {"updated", feeds::rfc3339_date(a.updated)},
            {"reply_count", a.reply_count}};
  j["lead_html"] = shown_html(render_article_text(ctx, a.lead, a.format, a.author));
  j["body_html"] = a.body.empty() ? Json(std::string()) : shown_html(render_article_text(ctx, a.body, a.format, a.author));
  return j;
}

Json project_json(const model::Project& p) {
  return {{"name", p.name},
          {"homepage", p.homepage},
          {"license", p.license},
          {"description", p.description},
          {"notes", p.notes},
          {"created", feeds::rfc3339_date(p.created)},
          {"created_by", p.created_by_name},
          {"modified", feeds::rfc3339_date(p.modified)},
          {"modified_by", p.modified_by_name}};
}

}  // namespace

Response api_me(Context& ctx) {
  Response error;
  auto me = api_caller(ctx, error);
  if (!me) return error;
  return api::json_response(200, {{"name", me->account.name},
                                  {"level", level_of(ctx, me->account.id)},
                                  {"token", {{"id", me->token.id.value}, {"label", me->token.label}}}});
}

namespace {

// "member_since" and "imported": an unclaimed imported account is no member
// yet (the pages say "not yet (imported DATE)"), and its date is the
// import's.
void add_since(Json& j, model::AccountState state, model::UnixTime since) {
  const bool imported = state == model::AccountState::Imported;
  j["member_since"] = imported ? Json(nullptr) : Json(feeds::rfc3339_date(since));
  j["imported"] = imported ? Json(feeds::rfc3339_date(since)) : Json(nullptr);
}

}  // namespace

Response api_people(Context& ctx) {
  Response error;
  if (!api_read_allowed(ctx, error)) return error;
  auto limit = page_size(ctx, error);
  if (!limit) return error;
  // The cursor is the last name of the previous page: names are unique.
  storage::AccountQuery q;
  q.after_name = std::string(ctx.query.get("cursor"));
  q.name_prefix = std::string(ctx.query.get("prefix"));
  q.limit = *limit + 1;
  auto members = ctx.site.store().list_accounts(q);
  if (!members) return api_store_error(members.error());
  Json items = Json::array();
  std::optional<std::string> next;
  for (std::size_t i = 0; i < members->size(); ++i) {
    const auto& m = (*members)[i];
    if (i == *limit) {
      next = (*members)[i - 1].name;
      break;
    }
    Json item = {{"name", m.name}, {"level", level_of(ctx, m.id)}};
    add_since(item, m.state, m.member_since);
    items.push_back(std::move(item));
  }
  return api::json_response(200, page_of(std::move(items), "people", next));
}

Response api_person(Context& ctx) {
  Response error;
  if (!api_read_allowed(ctx, error)) return error;
  auto a = api_member(ctx, error);
  if (!a) return error;
  bool follow = ctx.site.trust().snapshot()->level(a->id) >= ctx.site.config().follow_links_level;
  auto notes =
      html::sanitize(a->profile.notes, notes_policy(), follow ? html::Links::Follow : html::Links::NoFollow);
  auto count = ctx.site.store().count_diary_entries(a->id);
  Json j = {{"name", a->name},
            {"real_name", a->profile.real_name},
            {"homepage", a->profile.homepage},
            {"notes_html", notes ? notes->str() : std::string()},
            {"level", level_of(ctx, a->id)},
            {"diary_entries", count ? *count : 0},
            {"url", ctx.site.config().base_url + person_url(a->name)}};
  add_since(j, a->state, a->member_since);
  j["last_login"] = a->last_login ? Json(feeds::rfc3339_date(*a->last_login)) : Json(nullptr);
  Json projects = Json::array();
  if (auto ps = ctx.site.store().projects_of(a->id))
    for (const auto& p : *ps)
      projects.push_back({{"project", p.project_name}, {"relation", model::to_string(p.relation)}});
  j["projects"] = std::move(projects);
  return api::json_response(200, j);
}

Response api_certificates(Context& ctx) {
  Response error;
  if (!api_read_allowed(ctx, error)) return error;
  auto a = api_member(ctx, error);
  if (!a) return error;
  auto given = ctx.site.store().certificates_from(a->id);
  auto received = ctx.site.store().certificates_to(a->id);
  if (!given) return api_store_error(given.error());
  if (!received) return api_store_error(received.error());
  const auto& levels = ctx.site.config().trust.levels;
  Json g = Json::array(), r = Json::array();
  for (const auto& c : *given)
    g.push_back({{"subject", c.subject_name},
                 {"level", model::level_name(c.level, levels)},
                 {"when", feeds::rfc3339_date(c.when)}});
  for (const auto& c : *received)
    r.push_back({{"issuer", c.issuer_name},
                 {"level", model::level_name(c.level, levels)},
                 {"when", feeds::rfc3339_date(c.when)}});
  return api::json_response(
      200, {{"name", a->name}, {"level", level_of(ctx, a->id)}, {"given", g}, {"received", r}});
}

Response api_diary(Context& ctx) {
  Response error;
  if (!api_read_allowed(ctx, error)) return error;
  auto a = api_member(ctx, error);
  if (!a) return error;
  auto limit = page_size(ctx, error);
  if (!limit) return error;
  auto count = ctx.site.store().count_diary_entries(a->id);
  if (!count) return api_store_error(count.error());
  auto length = ctx.site.store().diary_length(a->id);
  if (!length) return api_store_error(length.error());
  // Entries by number, highest first (0 is the first entry, Advogato's
  // numbering; a number is kept for good); the cursor is the number to
  // continue below.
  auto below = integer_cursor(ctx, error, *length);
  if (!below) return error;
  Json items = Json::array();
  std::optional<std::string> next;
  // One more than the page holds: a cursor only when an entry lies beyond
  // (numbers of deleted entries stay given, so a full page ending above 0
  // may have nothing after it).
  auto entries = ctx.site.store().diary_entries_below(a->id, *below, *limit + 1);
  if (!entries) return api_store_error(entries.error());
  if (entries->size() > *limit) {
    entries->resize(*limit);
    next = std::to_string(entries->back().number);
  }
  for (const auto& e : *entries) items.push_back(diary_json(ctx, e));
  Json j = page_of(std::move(items), "entries", next);
  j["count"] = *count;
  j["length"] = *length;
  return api::json_response(200, j);
}

Response api_diary_entry(Context& ctx) {
  Response error;
  if (!api_read_allowed(ctx, error)) return error;
  auto a = api_member(ctx, error);
  if (!a) return error;
  auto number = integer_param(ctx.params.at(1));
  if (!number)
    return api::json_error(404, "no_such_entry", "Diary entries are numbered from 0; " + ctx.params.at(1) + " is not one.");
  auto found = numbered_entry(ctx, *a, *number);
  if (!found) {
    if (found.error().kind() != ErrorKind::NotFound) return api_store_error(found.error());
    return api::json_error(404, "no_such_entry", found.error().message());
  }
  if (!found->entry) return api::json_error(404, "deleted_entry", deleted_entry_message(*a, *number));
  return api::json_response(200, diary_json(ctx, *found->entry));
}

Response api_articles(Context& ctx) {
  Response error;
  if (!api_read_allowed(ctx, error)) return error;
  auto limit = page_size(ctx, error);
  if (!limit) return error;
  // Newest first. The cursor is "OFFSET.LAST_ID": articles posted while a
  // client pages shift offsets, so ids at or above the last one are skipped.
  std::size_t offset = 0;
  std::int64_t last_id = 0;
  if (std::string_view c = ctx.query.get("cursor"); !c.empty()) {
    auto dot = c.find('.');
    auto o = integer_param(c.substr(0, dot));
    auto l = dot == std::string_view::npos ? std::nullopt : integer_param(c.substr(dot + 1));
    if (!o || !l) return api::json_error(400, "bad_cursor", "The cursor is not one this API gave out.");
    offset = static_cast<std::size_t>(*o);
    last_id = *l;
  }
  auto articles = ctx.site.store().articles({offset, *limit * 2 + 1}, storage::Visibility::Public);
  if (!articles) return api_store_error(articles.error());
  Json items = Json::array();
  std::optional<std::string> next;
  std::size_t used = 0;
  for (const auto& a : *articles) {
    ++used;
    if (last_id != 0 && a.id.value >= last_id) continue;
    if (items.size() == *limit) {
      --used;
      next = std::to_string(offset + used) + "." + std::to_string(items.back()["id"].get<std::int64_t>());
      break;
    }
    items.push_back(article_json(ctx, a));
  }
  return api::json_response(200, page_of(std::move(items), "articles", next));
}

Response api_article(Context& ctx) {
  Response error;
  if (!api_read_allowed(ctx, error)) return error;
  auto id = integer_param(ctx.params.at(0));
  if (!id)
    return api::json_error(404, "no_such_article",
                           "Articles are numbered; " + ctx.params.at(0) + " is not a number.");
  auto a = ctx.site.store().article(model::ArticleId{*id}, storage::Visibility::Public);
  if (!a) {
    if (a.error().kind() == ErrorKind::NotFound)
      return api::json_error(404, "no_such_article", "There is no article " + ctx.params.at(0) + ".");
    return api_store_error(a.error());
  }
  auto replies = ctx.site.store().replies(a->id, storage::Visibility::Public);
  if (!replies) return api_store_error(replies.error());
  Json j = article_json(ctx, *a);
  Json rs = Json::array();
  for (const auto& r : *replies) {
    Json x = {{"id", r.id.value},
              {"author", r.author_name},
              {"title", r.title},
              {"body", r.body},
              {"format", std::string(model::to_string(r.format))},
              {"created", feeds::rfc3339_date(r.created)}};
    x["html"] = shown_html(render_reply_text(ctx, r.body, r.format, r.author));
    x["parent"] = r.parent ? Json(r.parent.value) : Json(nullptr);
    rs.push_back(std::move(x));
  }
  j["replies"] = std::move(rs);
  return api::json_response(200, j);
}

Response api_projects(Context& ctx) {
  Response error;
  if (!api_read_allowed(ctx, error)) return error;
  auto limit = page_size(ctx, error);
  if (!limit) return error;
  // By name; the cursor is the offset of the next page.
  auto offset = integer_cursor(ctx, error, 0);
  if (!offset) return error;
  auto projects = ctx.site.store().projects(storage::ProjectOrder::ByName,
                                            {static_cast<std::size_t>(*offset), *limit + 1});
  if (!projects) return api_store_error(projects.error());
  Json items = Json::array();
  std::optional<std::string> next;
  for (std::size_t i = 0; i < projects->size(); ++i) {
    if (i == *limit) {
      next = std::to_string(*offset + static_cast<std::int64_t>(i));
      break;
    }
    items.push_back(project_json((*projects)[i]));
  }
  return api::json_response(200, page_of(std::move(items), "projects", next));
}

Response api_project(Context& ctx) {
  Response error;
  if (!api_read_allowed(ctx, error)) return error;
  storage::Store& store = ctx.site.store();
  auto p = store.project_by_name(ctx.params.at(0));
  if (!p && p.error().kind() == ErrorKind::NotFound) {
    // A renamed project's former name leads to its present address, as on
    // the site (/proj/OLD/).
    auto moved = store.project_by_former_name(ctx.params.at(0));
    if (moved) {
      Response r = api::json_error(301, "moved", "The project is now called " + moved->name + ".");
      r.add_header("Location", "/api/v1/projects/" + url_encode(moved->name));
      return r;
    }
    if (moved.error().kind() == ErrorKind::NotFound)
      return api::json_error(404, "no_such_project", "There is no project called " + ctx.params.at(0) + ".");
    return api_store_error(moved.error());
  }
  if (!p) return api_store_error(p.error());
  Json j = project_json(*p);
  Json members = Json::array();
  auto ms = ctx.site.store().project_members(p->id);
  if (!ms) return api_store_error(ms.error());
  for (const auto& m : *ms)
    members.push_back({{"member", m.account_name}, {"relation", model::to_string(m.relation)}});
  j["members"] = std::move(members);
  auto former = store.project_former_names(p->id);
  if (!former) return api_store_error(former.error());
  j["former_names"] = *former;
  return api::json_response(200, j);
}

}  // namespace journeyer::web::handlers
