// Shared by the article pages: who may post, reply, edit and hide; how an
// article and its replies are rendered; the list items of the front page,
// /article/ and a member's articles.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "html/safe_html.h"
#include "html/sanitize.h"
#include "model/content.h"
#include "web/handlers/person/common.h"
#include "web/site.h"

namespace journeyer::web::handlers {

constexpr std::size_t kFrontPageArticles = 10;
constexpr std::size_t kArticlesPerPage = 20;

std::string article_url(model::ArticleId id);  // "/article/N.html"

// Why the visitor may not post an article or reply, or nullopt when they
// may. Checked on the form and again on the submit.
std::optional<WhyNot> cannot_post_article(Context& ctx);
std::optional<WhyNot> cannot_reply(Context& ctx);
// Editors and administrators hide and restore articles and replies.
bool is_editor(Context& ctx);
// The author, within the configured window after posting.
bool may_edit_article(Context& ctx, const model::Article& article);

// Member-written text as the page shows it (the diary policy for articles,
// the reply policy for replies; links followed at the author's level).
// With `report`, what the sanitizer did is added to it (for a preview's note).
Result<html::SafeHtml> render_article_text(Context& ctx, const std::string& text, model::TextFormat format,
                                           model::AccountId author, html::SanitizeReport* report = nullptr);
Result<html::SafeHtml> render_reply_text(Context& ctx, const std::string& text, model::TextFormat format,
                                         model::AccountId author, html::SanitizeReport* report = nullptr);
// What a member is told when a reply sanitizes to nothing
// (html::shows_nothing): on the form and through the JSON API.
inline constexpr const char* kReplyShowsNothing =
    "The reply would show nothing once what pages here leave out (such as scripts) is removed.";

// List items: title, url, "Posted DATE by AUTHOR", lead, replies, and for a
// logged-in reader how many are new.
View article_items(Context& ctx, const std::vector<model::Article>& articles);

// The topic choices for a form, `chosen` selected.
View topic_options(Context& ctx, const std::string& chosen);
bool is_known_topic(Context& ctx, std::string_view topic);

}  // namespace journeyer::web::handlers

namespace journeyer::web::handlers {

// The article id in the route's first parameter ("12" or, with `suffix`,
// "12.html"); none when it is not one.
model::ArticleId parse_article_id(std::string_view param, std::string_view suffix = {});

}  // namespace journeyer::web::handlers
