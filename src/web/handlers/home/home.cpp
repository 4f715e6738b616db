// /: what the site is, the latest articles, counts per level, the newest
// members; /static/NAME.
#include "web/embedded.h"
#include "web/handlers/article/common.h"
#include "web/handlers/handlers.h"
#include "web/handlers/person/common.h"

namespace journeyer::web::handlers {

namespace {
constexpr std::size_t kNewestMembers = 10;
}

Response home(Context& ctx) {
  auto snap = ctx.site.trust().snapshot();
  const auto& config = ctx.site.config();
  View data;
  data.set("site_name", config.name);
  data.set("tagline", config.tagline);
  View counts = list_view();
  std::int64_t total = 0;
  for (std::size_t l = config.trust.levels.size(); l-- > 0;) {
    std::int64_t n = l < snap->counts.size() ? snap->counts[l] : 0;
    total += n;
    View v;
    v.set("level", config.trust.levels[l]);
    v.set("count", std::to_string(n));
    counts.push_back(v);
  }
  data.set("counts", counts);
  data.set("total", count_of(total, "member", "members"));
  View newest = list_view();
  if (auto members = ctx.site.store().newest_accounts(kNewestMembers)) {
    for (const auto& m : *members) {
      View v;
      v.set("name", m.name);
      v.set("url", person_url(m.name));
      v.set("joined", joined(m.state, m.member_since));
      newest.push_back(v);
    }
  }
  data.set("newest", newest);
  data.set("logged_in", bool_view(ctx.visitor.logged_in()));
  if (auto articles = ctx.site.store().articles({0, kFrontPageArticles}, storage::Visibility::Public))
    data.set("articles", article_items(ctx, *articles));
  if (!cannot_post_article(ctx)) data.set("post_url", std::string("/article/new"));
  return page(ctx, "", "home", std::move(data));  // the title: the site's name alone
}

Response static_file(Context& ctx) {
  // Only files built into the binary, by exact name: no path reaches the disk.
  const auto* f = embedded::find("static/" + ctx.params.at(0));
  if (!f) return not_found(ctx);
  Response r;
  const std::string& name = ctx.params.at(0);
  r.content_type = name.ends_with(".css")   ? "text/css; charset=utf-8"
                   : name.ends_with(".svg") ? "image/svg+xml"
                                            : "application/octet-stream";
  r.body = std::string(f->text);
  r.add_header("Cache-Control", "public, max-age=3600");
  return r;
}

}  // namespace journeyer::web::handlers
