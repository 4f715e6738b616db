// /rss/articles.xml (RSS 2.0) and /atom/articles.xml (Atom 1.0, RFC 4287):
// the latest visible articles, written by the feeds layer (libxml2's
// xmlTextWriter) with absolute links; ETag and Last-Modified for a
// conditional GET (Site::handle answers 304).
#include <algorithm>

#include "feeds/write.h"
#include "web/handlers/article/common.h"
#include "web/handlers/diary/common.h"
#include "web/handlers/handlers.h"

namespace journeyer::web::handlers {

namespace {

constexpr std::size_t kFeedArticles = 20;

enum class FeedFormat { Rss, Atom };

Response article_feed(Context& ctx, FeedFormat format) {
  auto articles = ctx.site.store().articles({0, kFeedArticles}, storage::Visibility::Public);
  if (!articles) return plain_text(503, "The database did not answer; try again.\n");
  const SiteConfig& config = ctx.site.config();
  feeds::FeedChannel ch;
  ch.title = config.name + ": articles";
  ch.link = absolute_url(ctx.site, "/article/");
  ch.self_link =
      absolute_url(ctx.site, format == FeedFormat::Rss ? "/rss/articles.xml" : "/atom/articles.xml");
  ch.description = "The latest articles on " + config.name + ".";
  ch.base_url = absolute_url(ctx.site, "/");
  // With no articles, a date a reader can believe (RFC 4287 requires one):
  // when the site last computed its levels, as the recent log's feed says.
  if (articles->empty()) ch.updated = ctx.site.trust().snapshot()->computed_at;
  for (const auto& a : *articles) {
    feeds::FeedItem item;
    item.title = a.title;
    item.fallback_title = a.title;
    item.link = absolute_url(ctx.site, article_url(a.id));
    item.author = a.author_name;
    item.author_url = absolute_url(ctx.site, person_url(a.author_name));
    // The lead, then the body, as the article page shows them.
    auto lead = render_article_text(ctx, a.lead, a.format, a.author);
    item.content_html =
        lead ? lead->str() : "<p>The lead cannot be shown: " + lead.error().message() + "</p>";
    if (!a.body.empty()) {
      auto body = render_article_text(ctx, a.body, a.format, a.author);
      if (body) item.content_html += body->str();
    }
    item.published = a.created;
    item.updated = std::max(a.updated, a.created);
    ch.updated = std::max(ch.updated, item.updated);
    ch.items.push_back(std::move(item));
  }
  if (format == FeedFormat::Rss)
    return xml_response(ctx, feeds::write_rss(ch), "application/rss+xml; charset=utf-8", ch.updated);
  return xml_response(ctx, feeds::write_atom(ch), "application/atom+xml; charset=utf-8", ch.updated);
}

}  // namespace

Response articles_rss(Context& ctx) { return article_feed(ctx, FeedFormat::Rss); }
Response articles_atom(Context& ctx) { return article_feed(ctx, FeedFormat::Atom); }

}  // namespace journeyer::web::handlers
