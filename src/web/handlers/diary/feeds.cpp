// Feeds out: a member's diary as RSS 2.0 and Atom 1.0, the recent log as
// both, and a member's FOAF document. Absolute links from the config's
// base_url; ETag and Last-Modified on each (Site::handle answers 304).
#include <algorithm>

#include "feeds/write.h"
#include "web/crypto.h"
#include "web/handlers/diary/common.h"
#include "web/handlers/diary/recentlog.h"
#include "web/handlers/handlers.h"

namespace journeyer::web::handlers {

// The feed's bytes with the validators a conditional GET compares.
Response xml_response(Context& ctx, Result<std::string> body, const char* content_type,
                      model::UnixTime last_modified) {
  if (!body) return plain_text(500, body.error().message() + "\n");
  Response r;
  r.content_type = content_type;
  r.body = std::move(*body);
  // A strong validator: any change to the bytes changes it.
  const std::string etag = "\"" + token_hash(r.body).substr(0, 32) + "\"";
  r.add_header("ETag", etag);
  // The dates inside say when entries were written, not when one was
  // deleted or a certificate withdrawn: the bytes' first serving does.
  last_modified = std::max(last_modified, ctx.site.first_served(ctx.request.path, etag));
  r.add_header("Last-Modified", feeds::rfc822_date(last_modified));
  return r;
}

namespace {

constexpr std::size_t kFeedEntries = 20;

enum class FeedFormat { Rss, Atom };

Response feed_not_found(std::string message) {
  Response r = plain_text(404, std::move(message) + "\n");
  return r;
}

Response write_feed(Context& ctx, const feeds::FeedChannel& channel, FeedFormat format) {
  if (format == FeedFormat::Rss)
    return xml_response(ctx, feeds::write_rss(channel), "application/rss+xml; charset=utf-8", channel.updated);
  return xml_response(ctx, feeds::write_atom(channel), "application/atom+xml; charset=utf-8", channel.updated);
}

feeds::FeedItem feed_item(Context& ctx, const LevelSnapshot& snap, const model::DiaryEntry& e) {
  feeds::FeedItem item;
  item.title = e.title;
  item.fallback_title = e.author_name + "'s diary, " + format_date(e.created);
  item.link = absolute_url(ctx.site, entry_url(e));
  item.author = e.author_name;
  item.author_url = absolute_url(ctx.site, person_url(e.author_name));
  auto body = render_entry_body(e, entry_links(ctx, snap, e));
  item.content_html = body ? body->str() : "<p>This entry cannot be shown: " + body.error().message() + "</p>";
  item.published = e.created;
  item.updated = std::max(e.updated, e.created);
  return item;
}

// The member named by the route whose diary (or profile) may be published,
// or a 404 naming `what` is not published.
std::optional<model::Account> published_member(Context& ctx, const LevelSnapshot& snap, Response& error,
                                               std::string_view what) {
  auto account = ctx.site.store().account_by_name(ctx.params.at(0));
  if (!account) {
    error = account.error().kind() == ErrorKind::NotFound
                ? feed_not_found("There is no member called " + ctx.params.at(0) + ".")
                : plain_text(503, "The database did not answer; try again.\n");
    return std::nullopt;
  }
  // Disabled accounts disappear everywhere, for administrators too.
  if (account->state == model::AccountState::Disabled) {
    error = feed_not_found("This account has been disabled.");
    return std::nullopt;
  }
  if (!feeds_published(ctx.site, snap, account->id)) {
    error = feed_not_found(account->name + " is not certified yet; uncertified members' " + std::string(what) +
                           " not published.");
    return std::nullopt;
  }
  return std::move(*account);
}

Response person_feed(Context& ctx, FeedFormat format) {
  auto snap = ctx.site.trust().snapshot();
  Response error;
  auto account = published_member(ctx, *snap, error, "diaries are");
  if (!account) return error;
  auto entries = ctx.site.store().diary_entries(account->id, {0, kFeedEntries});
  if (!entries) return plain_text(503, "The database did not answer; try again.\n");
  const SiteConfig& config = ctx.site.config();
  feeds::FeedChannel ch;
  ch.title = account->name + "'s diary on " + config.name;
  ch.link = absolute_url(ctx.site, diary_url(account->name));
  ch.self_link = absolute_url(ctx.site, person_url(account->name) + (format == FeedFormat::Rss ? "rss.xml" : "atom.xml"));
  ch.description = "The diary of " + account->name + " on " + config.name + ".";
  ch.base_url = absolute_url(ctx.site, "/");
  ch.author = account->name;
  ch.author_url = absolute_url(ctx.site, person_url(account->name));
  ch.updated = account->member_since;
  for (const auto& e : *entries) {
    ch.items.push_back(feed_item(ctx, *snap, e));
    ch.updated = std::max(ch.updated, ch.items.back().updated);
  }
  return write_feed(ctx, ch, format);
}

Response recent_feed(Context& ctx, FeedFormat format) {
  const SiteConfig& config = ctx.site.config();
  // The same for every reader (cacheable): no per-reader choices here.
  model::CertLevel min_level = config.uncertified_feeds ? model::kNoCertificate : model::CertLevel{1};
  auto entries = ctx.site.store().recent_diary_entries({config.recentlog_style, min_level, config.recentlog_entries, 0});
  if (!entries) return plain_text(503, "The database did not answer; try again.\n");
  auto snap = ctx.site.trust().snapshot();
  feeds::FeedChannel ch;
  ch.title = config.name + ": recent diary entries";
  ch.link = absolute_url(ctx.site, "/recentlog.html");
  ch.self_link = absolute_url(ctx.site, format == FeedFormat::Rss ? "/rss.xml" : "/atom.xml");
  ch.description = "The latest diary entries of " + config.name + "'s members.";
  ch.base_url = absolute_url(ctx.site, "/");
  ch.updated = snap->computed_at;  // with no entries: when the levels deciding who shows were computed
  if (!entries->empty()) ch.updated = 0;
  for (const auto& r : *entries) {
    ch.items.push_back(feed_item(ctx, *snap, r.entry));
    ch.updated = std::max(ch.updated, ch.items.back().updated);
  }
  return write_feed(ctx, ch, format);
}

bool is_web_address(std::string_view url) { return url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0; }

}  // namespace

Response person_rss(Context& ctx) { return person_feed(ctx, FeedFormat::Rss); }
Response person_atom(Context& ctx) { return person_feed(ctx, FeedFormat::Atom); }
Response recent_rss(Context& ctx) { return recent_feed(ctx, FeedFormat::Rss); }
Response recent_atom(Context& ctx) { return recent_feed(ctx, FeedFormat::Atom); }

Response person_foaf(Context& ctx) {
  auto snap = ctx.site.trust().snapshot();
  Response error;
  auto account = published_member(ctx, *snap, error, "FOAF profiles are");
  if (!account) return error;
  storage::Store& store = ctx.site.store();
  auto certs = store.certificates_from(account->id);
  auto count = store.count_diary_entries(account->id);
  if (!certs || !count) return plain_text(503, "The database did not answer; try again.\n");
  feeds::FoafPerson p;
  p.document = absolute_url(ctx.site, person_url(account->name) + "foaf.rdf");
  p.nick = account->name;
  p.name = account->profile.real_name;
  p.page = absolute_url(ctx.site, person_url(account->name));
  if (is_web_address(account->profile.homepage)) p.homepage = account->profile.homepage;
  if (*count > 0) p.weblog = absolute_url(ctx.site, diary_url(account->name));
  // No address unless the member chose to publish its sha1 sum.
  if (account->profile.publish_email_sha1 && !account->profile.email.empty())
    p.mbox_sha1sum = feeds::mbox_sha1sum(account->profile.email);
  model::UnixTime last_modified = account->member_since;
  if (auto projects = store.projects_of(account->id)) {
    for (const auto& m : *projects) {
      auto project = store.project_by_name(m.project_name);
      p.projects.push_back({m.project_name, absolute_url(ctx.site, "/proj/" + url_encode(m.project_name) + "/"),
                            project && is_web_address(project->homepage) ? project->homepage : std::string()});
    }
  }
  for (const auto& c : *certs) {
    // Their own FOAF document only where it is published.
    p.knows.push_back({c.subject_name, absolute_url(ctx.site, person_url(c.subject_name)),
                       feeds_published(ctx.site, *snap, c.subject)
                           ? absolute_url(ctx.site, person_url(c.subject_name) + "foaf.rdf")
                           : std::string()});
    last_modified = std::max(last_modified, c.when);
  }
  return xml_response(ctx, feeds::write_foaf(p), "application/rdf+xml; charset=utf-8", last_modified);
}

}  // namespace journeyer::web::handlers
