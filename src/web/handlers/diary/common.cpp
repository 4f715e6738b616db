#include "web/handlers/diary/common.h"

#include <cstdlib>

#include "html/markdown.h"
#include "html/sanitize.h"
#include "util/text.h"
#include "web/form.h"
#include "web/handlers/person/common.h"

namespace journeyer::web::handlers {

const html::Policy& diary_policy() {
  static const html::Policy policy = [] {
    auto p = html::Policy::from_config(html::diary_config());
    if (!p) std::abort();  // the built-in policy is checked by the html tests
    return *p;
  }();
  return policy;
}

namespace {

Result<html::Sanitized> render_entry(const model::DiaryEntry& entry, html::Links links) {
  if (entry.format == model::TextFormat::Markdown)
    return html::markdown_to_html_with_report(entry.body, diary_policy(), links);
  return html::sanitize_with_report(entry.body, diary_policy(), links);
}

}  // namespace

Result<html::SafeHtml> render_entry_body(const model::DiaryEntry& entry, html::Links links) {
  auto body = render_entry(entry, links);
  if (!body) return body.error();
  return std::move(body->html);
}

Result<html::SafeHtml> render_new_entry_body(const model::DiaryEntry& entry, html::Links links,
                                             html::SanitizeReport* report) {
  auto body = render_entry(entry, links);
  if (!body) return body.error();
  if (html::shows_nothing(body->html))
    return Error::invalid_input(
        "The entry would show nothing: what it holds (such as a script) is left out of pages here. Write something "
        "first.");
  if (report) *report += body->report;
  return std::move(body->html);
}

std::string diary_url(std::string_view name) { return person_url(name) + "diary.html"; }

std::string entry_url(const model::DiaryEntry& entry) {
  return person_url(entry.author_name) + "diary/" + std::to_string(entry.id.value) + ".html";
}

std::string absolute_url(const Site& site, std::string_view path) {
  std::string base = site.config().base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + std::string(path);
}

html::Links links_for(Context& ctx, const LevelSnapshot& snap, model::AccountId author) {
  return snap.level(author) >= ctx.site.config().follow_links_level ? html::Links::Follow : html::Links::NoFollow;
}

namespace {

// A syndicated post's own address, only when a browser may follow it.
bool is_web_url(std::string_view url) {
  auto starts = [&](std::string_view p) { return url.size() > p.size() && ascii_iequals(url.substr(0, p.size()), p); };
  if (!starts("http://") && !starts("https://")) return false;
  for (unsigned char c : url)
    if (c <= ' ' || c == '"' || c == '<' || c == '>') return false;
  return true;
}

}  // namespace

html::Links entry_links(Context& ctx, const LevelSnapshot& snap, const model::DiaryEntry& entry) {
  return entry.syndicated ? html::Links::NoFollow : links_for(ctx, snap, entry.author);
}

std::string syndicated_link(const model::Syndication& from) {
  return is_web_url(from.link) ? from.link : is_web_url(from.blog_url) ? from.blog_url : std::string();
}

View entry_view(Context& ctx, const LevelSnapshot& snap, const model::DiaryEntry& e, bool with_author) {
  View v;
  v.set("id", std::to_string(e.id.value));
  v.set("permalink", entry_url(e));
  v.set("date", format_date(e.created));
  if (!e.title.empty()) v.set("title", e.title);
  html::Links links = entry_links(ctx, snap, e);
  auto body = render_entry_body(e, links);
  if (body)
    set_html(v, "body_html", *body);
  else
    v.set("body_error", "This entry cannot be shown: " + body.error().message());
  if (e.syndicated) {
    // Advogato: "Syndicated DATE from BLOG", the blog's title linking to the post.
    const auto& s = *e.syndicated;
    View syn;
    syn.set("date", format_date(e.created));
    std::string link = syndicated_link(s);
    std::string blog = !s.blog_title.empty() ? s.blog_title : !s.blog_url.empty() ? s.blog_url : "their blog";
    syn.set("blog", blog);
    if (!link.empty()) {
      syn.set("link", link);
      syn.set("follow", bool_view(links == html::Links::Follow));
    }
    v.set("syndicated", syn);
  }
  if (ctx.visitor.logged_in() && ctx.visitor.account->id == e.author) {
    v.set("edit_url", "/diary/" + std::to_string(e.id.value) + "/edit");
    v.set("delete_url", "/diary/" + std::to_string(e.id.value) + "/delete");
  }
  if (with_author) v.set("author", member_view(ctx, snap, e.author, e.author_name));
  return v;
}

bool may_post_diary(Context& ctx, const LevelSnapshot& snap) {
  return ctx.visitor.logged_in() && snap.level(ctx.visitor.account->id) >= ctx.site.config().diary_level;
}

bool feeds_published(const Site& site, const LevelSnapshot& snap, model::AccountId account) {
  return site.config().uncertified_feeds || snap.level(account) > model::kNoCertificate;
}

}  // namespace journeyer::web::handlers
