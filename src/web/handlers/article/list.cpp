// /article/: every article, newest first, in pages; /person/NAME/articles.html.
#include <charconv>

#include "web/handlers/article/common.h"
#include "web/handlers/handlers.h"
#include "web/handlers/person/common.h"

namespace journeyer::web::handlers {

namespace {

void add_pager(View& data, const std::string& base, std::size_t page_no, std::size_t shown,
               std::int64_t total) {
  bool newer = page_no > 1;
  bool older = static_cast<std::int64_t>((page_no - 1) * kArticlesPerPage + shown) < total;
  if (newer) data.set("newer", page_no == 2 ? base : base + "?page=" + std::to_string(page_no - 1));
  if (older) data.set("older", base + "?page=" + std::to_string(page_no + 1));
  data.set("has_pager", bool_view(newer || older));
  // A page past the last (an old link, a number typed): not "no articles
  // yet", and a link to the newest instead of to pages as empty as this.
  if (shown == 0 && page_no > 1) {
    data.set("past_end", base);
    data.set("has_pager", bool_view(false));
  }
}

}  // namespace

Response article_list(Context& ctx) {
  storage::Store& store = ctx.site.store();
  std::size_t page_no = page_param(ctx.query);
  auto total = store.count_articles(storage::Visibility::Public);
  auto articles =
      store.articles({(page_no - 1) * kArticlesPerPage, kArticlesPerPage}, storage::Visibility::Public);
  if (!total || !articles) return error_page(ctx, 503, "The database did not answer; try again.");
  View data;
  data.set("heading", std::string("Articles"));
  if (!cannot_post_article(ctx)) data.set("post_url", std::string("/article/new"));
  data.set("articles", article_items(ctx, *articles));
  add_pager(data, "/article/", page_no, articles->size(), *total);
  data.set("feeds", bool_view(true));
  return page(ctx, "Articles", "article_list", std::move(data));
}

Response person_articles(Context& ctx) {
  Response error;
  auto account = named_account(ctx, error);
  if (!account) return error;
  std::size_t page_no = page_param(ctx.query);
  // One more than a page tells whether there is an older page.
  auto articles =
      ctx.site.store().articles_by(account->id, {(page_no - 1) * kArticlesPerPage, kArticlesPerPage + 1});
  if (!articles) return error_page(ctx, 503, "The database did not answer; try again.");
  bool more = articles->size() > kArticlesPerPage;
  if (more) articles->pop_back();
  View data;
  data.set("heading", "Articles by " + account->name);
  data.set("articles", article_items(ctx, *articles));
  std::string base = person_url(account->name) + "articles.html";
  add_pager(data, base, page_no, articles->size(),
            static_cast<std::int64_t>((page_no - 1) * kArticlesPerPage + articles->size() + (more ? 1 : 0)));
  return page(ctx, "Articles by " + account->name, "article_list", std::move(data));
}

}  // namespace journeyer::web::handlers
