#include "web/handlers/article/common.h"

#include <cstdlib>

#include "html/markdown.h"
#include "html/policy.h"
#include "html/sanitize.h"
#include "web/handlers/person/common.h"

namespace journeyer::web::handlers {

namespace {

const html::Policy& built_in_policy(std::string_view name) {
  static const html::Policy diary = [] {
    auto p = html::named_policy("diary");
    if (!p) std::abort();  // the built-in policies are checked by the html tests
    return *p;
  }();
  static const html::Policy reply = [] {
    auto p = html::named_policy("reply");
    if (!p) std::abort();
    return *p;
  }();
  return name == "reply" ? reply : diary;
}

Result<html::SafeHtml> render(Context& ctx, const std::string& text, model::TextFormat format,
                              model::AccountId author, const html::Policy& policy, html::SanitizeReport* report) {
  bool follow = ctx.site.trust().snapshot()->level(author) >= ctx.site.config().follow_links_level;
  html::Links links = follow ? html::Links::Follow : html::Links::NoFollow;
  auto r = format == model::TextFormat::Markdown ? html::markdown_to_html_with_report(text, policy, links)
                                                 : html::sanitize_with_report(text, policy, links);
  if (!r) return r.error();
  if (report) *report += r->report;
  return std::move(r->html);
}

std::optional<WhyNot> needs_level(Context& ctx, model::CertLevel needed, const std::string& what) {
  if (!ctx.visitor.logged_in()) return WhyNot{"Log in to " + what + "."};
  const SiteConfig& config = ctx.site.config();
  if (ctx.site.trust().snapshot()->level(ctx.visitor.account->id) < needed)
    return below_level(ctx, "To " + what + " you need " + model::level_name(needed, config.trust.levels) +
                                " level or above.");
  return std::nullopt;
}

}  // namespace

std::string article_url(model::ArticleId id) { return "/article/" + std::to_string(id.value) + ".html"; }

bool is_editor(Context& ctx) {
  return ctx.visitor.logged_in() &&
         (ctx.visitor.admin || ctx.site.config().is_editor(ctx.visitor.account->name));
}

std::optional<WhyNot> cannot_post_article(Context& ctx) {
  if (!ctx.visitor.logged_in()) return WhyNot{"Log in to post an article."};
  if (ctx.site.config().articles_editors_only)
    return is_editor(ctx) ? std::nullopt
                          : std::optional<WhyNot>(WhyNot{"Only the site's editors post articles here."});
  return needs_level(ctx, ctx.site.config().post_article_level, "post an article");
}

std::optional<WhyNot> cannot_reply(Context& ctx) {
  return needs_level(ctx, ctx.site.config().reply_level, "reply");
}

bool may_edit_article(Context& ctx, const model::Article& article) {
  if (!ctx.visitor.logged_in() || ctx.visitor.account->id != article.author) return false;
  return ctx.site.now() - article.created <= std::int64_t{ctx.site.config().article_edit_days} * 86400;
}

Result<html::SafeHtml> render_article_text(Context& ctx, const std::string& text, model::TextFormat format,
                                           model::AccountId author, html::SanitizeReport* report) {
  return render(ctx, text, format, author, built_in_policy("diary"), report);
}

Result<html::SafeHtml> render_reply_text(Context& ctx, const std::string& text, model::TextFormat format,
                                         model::AccountId author, html::SanitizeReport* report) {
  return render(ctx, text, format, author, built_in_policy("reply"), report);
}

View article_items(Context& ctx, const std::vector<model::Article>& articles) {
  auto snap = ctx.site.trust().snapshot();
  std::vector<std::int64_t> fresh;
  if (ctx.visitor.logged_in() && !articles.empty()) {
    std::vector<model::ArticleId> ids;
    for (const auto& a : articles) ids.push_back(a.id);
    if (auto counts = ctx.site.store().count_new_replies(ctx.visitor.account->id, ids))
      fresh = std::move(*counts);
  }
  View list = list_view();
  for (std::size_t i = 0; i < articles.size(); ++i) {
    const auto& a = articles[i];
    View v;
    v.set("title", a.title);
    v.set("href", article_url(a.id));
    v.set("date", format_date(a.created));
    v.set("author", member_view(ctx, *snap, a.author, a.author_name));
    if (!a.topic.empty()) v.set("topic", a.topic);
    if (auto lead = render_article_text(ctx, a.lead, a.format, a.author)) set_html(v, "lead_html", *lead);
    // "(2 replies, 1 new)"; none yet is said as such, without "0 new".
    v.set("replies", a.reply_count == 0 ? std::string("no replies yet") : count_of(a.reply_count, "reply", "replies"));
    if (i < fresh.size() && a.reply_count > 0) v.set("new", std::to_string(fresh[i]) + " new");
    list.push_back(v);
  }
  return list;
}

View topic_options(Context& ctx, const std::string& chosen) {
  View list = list_view();
  for (const auto& t : ctx.site.config().topics) {
    View o;
    o.set("topic", t);
    o.set("selected", bool_view(t == chosen));
    list.push_back(o);
  }
  return list;
}

bool is_known_topic(Context& ctx, std::string_view topic) {
  if (topic.empty()) return true;
  for (const auto& t : ctx.site.config().topics)
    if (t == topic) return true;
  return false;
}

}  // namespace journeyer::web::handlers

namespace journeyer::web::handlers {

model::ArticleId parse_article_id(std::string_view param, std::string_view suffix) {
  if (param.size() <= suffix.size() || param.substr(param.size() - suffix.size()) != suffix) return {};
  param.remove_suffix(suffix.size());
  if (param.size() > 18 || param.front() == '0') return {};
  std::int64_t n = 0;
  for (char c : param) {
    if (c < '0' || c > '9') return {};
    n = n * 10 + (c - '0');
  }
  return model::ArticleId{n};
}

}  // namespace journeyer::web::handlers
