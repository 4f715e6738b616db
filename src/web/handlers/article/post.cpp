// Posting and editing an article, replying, and hiding or restoring either.
// Who may post and who may reply is checked on the form and again on the
// submit. A form carries a one-time submission key: a double click or a
// resubmitted form finds the article (or reply) the first one made.
#include "html/sanitize.h"
#include "web/crypto.h"
#include "web/handlers/article/common.h"
#include "web/handlers/handlers.h"

namespace journeyer::web::handlers {

namespace {

struct ArticleFields {
  std::string title, lead, body, topic;
  model::TextFormat format = model::TextFormat::Html;
};

ArticleFields read_fields(Context& ctx) {
  ArticleFields f;
  f.title = std::string(ctx.form.get("title"));
  f.lead = std::string(ctx.form.get("lead"));
  f.body = std::string(ctx.form.get("body"));
  // Without topics the form has no topic list: a topic sent anyway (from an
  // older form, or forged) is ignored rather than refused.
  if (!ctx.site.config().topics.empty()) f.topic = std::string(ctx.form.get("topic"));
  f.format = model::parse_text_format(ctx.form.get("format")).value_or(model::TextFormat::Html);
  return f;
}

// The form (new or edit) with what was typed, an error (marking the field it
// is about) or a preview.
Response article_form_page(Context& ctx, const std::string& action, const std::string& submission,
                           const ArticleFields& f, const FormError& error, int status = 200,
                           const html::SafeHtml* lead = nullptr, const html::SafeHtml* body = nullptr,
                           const std::string& preview_note = {}) {
  bool editing = submission.empty();
  View data;
  data.set("heading", editing ? std::string("Edit your article") : std::string("Post an article"));
  data.set("button", editing ? std::string("Save") : std::string("Post article"));
  data.set("action", action);
  if (!submission.empty()) data.set("submission", submission);
  data.set("title", f.title);
  data.set("lead", f.lead);
  data.set("body", f.body);
  data.set("topics", topic_options(ctx, f.topic));
  data.set("has_topics", bool_view(!ctx.site.config().topics.empty()));
  data.set("html", bool_view(f.format == model::TextFormat::Html));
  data.set("markdown", bool_view(f.format == model::TextFormat::Markdown));
  set_form_error(data, error);
  if (lead) {
    data.set("previewing", bool_view(true));
    set_html(data, "preview_lead_html", *lead);
    if (body) set_html(data, "preview_body_html", *body);
    if (!preview_note.empty()) data.set("preview_note", preview_note);
  }
  return page(ctx, editing ? "Edit your article" : "Post an article", "article_form", std::move(data),
              status);
}

// Checks the fields; on success renders lead and body into `lead`/`body`,
// and what the sanitizer did into `report`. A refusal names the field it is
// about.
std::optional<FormError> check_article(Context& ctx, const ArticleFields& f,
                                       std::optional<html::SafeHtml>& lead,
                                       std::optional<html::SafeHtml>& body, html::SanitizeReport& report) {
  if (f.title.empty()) return FormError{"An article needs a title.", "title"};
  if (auto st = model::check_title(f.title); !st) return FormError{st.error().message(), "title"};
  if (f.lead.empty()) return FormError{"An article needs a lead: the opening paragraph.", "lead"};
  if (!is_known_topic(ctx, f.topic)) return FormError{"Choose a topic from the list.", "topic"};
  model::AccountId me = ctx.visitor.account->id;
  auto l = render_article_text(ctx, f.lead, f.format, me, &report);
  if (!l) return FormError{"The lead: " + l.error().message(), "lead"};
  if (html::shows_nothing(*l))
    return FormError{
        "The lead would show nothing once what pages here leave out (such as scripts) is removed.", "lead"};
  lead = *l;
  if (!f.body.empty()) {
    auto b = render_article_text(ctx, f.body, f.format, me, &report);
    if (!b) return FormError{"The body: " + b.error().message(), "body"};
    body = *b;
  }
  return std::nullopt;
}

std::optional<model::Article> article_for(Context& ctx, Response& error, storage::Visibility visibility) {
  model::ArticleId id = parse_article_id(ctx.params.at(0));
  if (!id) {
    error = not_found(ctx);
    return std::nullopt;
  }
  auto article = ctx.site.store().article(id, visibility);
  if (!article) {
    error = article.error().kind() == ErrorKind::NotFound
                ? not_found(ctx)
                : error_page(ctx, 503, "The database did not answer; try again.");
    return std::nullopt;
  }
  return std::move(*article);
}

// The article the visitor may edit (the author, within the edit window), or
// nothing with `error` set.
std::optional<model::Article> editable_article(Context& ctx, Response& error) {
  auto article = article_for(ctx, error, storage::Visibility::Public);
  if (article && !may_edit_article(ctx, *article)) {
    error = error_page(ctx, 403,
                       "Only the author edits an article, within " +
                           count_of(ctx.site.config().article_edit_days, "day", "days") + " of posting it.");
    return std::nullopt;
  }
  return article;
}

// The member's newest article when this form repeats it word for word
// (kRepostSeconds: Back and Post again).
std::optional<model::ArticleId> repeated_article(Context& ctx, const ArticleFields& f) {
  auto newest = ctx.site.store().articles_by(ctx.visitor.account->id, {0, 1});
  if (!newest || newest->empty()) return std::nullopt;
  const model::Article& a = newest->front();
  if (ctx.site.now() - a.created > kRepostSeconds) return std::nullopt;
  if (a.title != f.title || a.lead != f.lead || a.body != f.body || a.topic != f.topic || a.format != f.format)
    return std::nullopt;
  return a.id;
}

}  // namespace

Response article_new_form(Context& ctx) {
  if (!ctx.visitor.logged_in()) return log_in_first(ctx);
  if (auto why = cannot_post_article(ctx)) return refusal_page(ctx, *why);
  return article_form_page(ctx, "/article/new", random_token(), {}, {});
}

Response article_post(Context& ctx) {
  if (auto why = cannot_post_article(ctx)) return refusal_page(ctx, *why);
  ArticleFields f = read_fields(ctx);
  std::string submission(ctx.form.get("submission"));
  if (!is_form_key(submission))
    return article_form_page(ctx, "/article/new", random_token(), f,
                             {"The form is incomplete; check it and post again."}, 400);
  std::optional<html::SafeHtml> lead, body;
  html::SanitizeReport report;
  if (auto error = check_article(ctx, f, lead, body, report))
    return article_form_page(ctx, "/article/new", submission, f, *error, 400);
  if (ctx.form.has("preview"))
    return article_form_page(ctx, "/article/new", submission, f, {}, 200, &*lead, body ? &*body : nullptr,
                             html::stand_ins_note(report));
  if (auto same = repeated_article(ctx, f)) return redirect(article_url(*same) + "?posted=1");
  storage::NewArticle a{
      ctx.visitor.account->id,    f.title, f.lead, f.body, f.topic, f.format, ctx.site.now(),
      member_form_key(ctx.visitor.account->id.value, submission)};
  auto id = ctx.site.store().create_article(a);
  if (!id) {
    // The same key posts the form again.
    auto [error, status] = store_refusal(id.error(), "Your article is not posted", kAccountGone);
    return article_form_page(ctx, "/article/new", submission, f, error, status);
  }
  return redirect(article_url(*id) + "?posted=1");
}

Response article_edit_form(Context& ctx) {
  if (!ctx.visitor.logged_in()) return log_in_first(ctx);
  Response error;
  auto article = editable_article(ctx, error);
  if (!article) return error;
  ArticleFields f{article->title, article->lead, article->body, article->topic, article->format};
  return article_form_page(ctx, "/article/" + std::to_string(article->id.value) + "/edit", "", f, {});
}

Response article_edit(Context& ctx) {
  Response error;
  auto article = editable_article(ctx, error);
  if (!article) return error;
  std::string action = "/article/" + std::to_string(article->id.value) + "/edit";
  ArticleFields f = read_fields(ctx);
  std::optional<html::SafeHtml> lead, body;
  html::SanitizeReport report;
  if (auto refusal = check_article(ctx, f, lead, body, report))
    return article_form_page(ctx, action, "", f, *refusal, 400);
  if (ctx.form.has("preview"))
    return article_form_page(ctx, action, "", f, {}, 200, &*lead, body ? &*body : nullptr,
                             html::stand_ins_note(report));
  storage::ArticleEdit e{f.title, f.lead, f.body, f.topic, f.format, ctx.site.now()};
  if (auto st = ctx.site.store().edit_article(article->id, e); !st) {
    auto [error, status] = store_refusal(st.error(), "Your changes are not saved",
                                         "the article is no longer on the site");
    return article_form_page(ctx, action, "", f, error, status);
  }
  return redirect(article_url(article->id) + "?edited=1");
}

namespace {

struct ReplyFields {
  std::string title, body;
  model::TextFormat format = model::TextFormat::Html;
  model::ReplyId parent;
};

// The reply form with what was typed, an error (marking the field it is
// about) or a preview.
Response reply_form_page(Context& ctx, const model::Article& article, const ReplyFields& f,
                         const std::string& submission, const FormError& error, int status = 200,
                         const html::SafeHtml* preview = nullptr, const std::string& preview_note = {}) {
  View data;
  data.set("article_title", article.title);
  data.set("article_url", article_url(article.id));
  data.set("action", "/article/" + std::to_string(article.id.value) + "/reply");
  data.set("submission", submission);
  data.set("reply_title", f.title);
  data.set("body", f.body);
  data.set("html", bool_view(f.format == model::TextFormat::Html));
  data.set("markdown", bool_view(f.format == model::TextFormat::Markdown));
  set_form_error(data, error);
  if (f.parent) {
    data.set("parent_id", std::to_string(f.parent.value));
    if (auto replies = ctx.site.store().replies(article.id, storage::Visibility::Public)) {
      for (const auto& r : *replies) {
        if (r.id != f.parent) continue;
        View p;
        p.set("title", r.title);
        p.set("author", r.author_name);
        p.set("date", format_datetime(r.created));
        if (auto body = render_reply_text(ctx, r.body, r.format, r.author)) set_html(p, "body_html", *body);
        data.set("parent", p);
      }
    }
  }
  if (preview) {
    data.set("previewing", bool_view(true));
    data.set("preview_title", f.title);
    set_html(data, "preview_html", *preview);
    if (!preview_note.empty()) data.set("preview_note", preview_note);
  }
  return page(ctx, "Reply to " + article.title, "reply_form", std::move(data), status);
}

model::ReplyId parse_reply_id(std::string_view text) {
  model::ArticleId as_number = parse_article_id(text);
  return model::ReplyId{as_number.value};
}

// The reply `id` on `article` as a visitor sees it, or none.
std::optional<model::Reply> visible_reply(Context& ctx, model::ArticleId article, model::ReplyId id) {
  auto replies = ctx.site.store().replies(article, storage::Visibility::Public);
  if (!replies) return std::nullopt;
  for (auto& r : *replies)
    if (r.id == id) return std::move(r);
  return std::nullopt;
}

}  // namespace

Response reply_form(Context& ctx) {
  Response error;
  auto article = article_for(ctx, error, storage::Visibility::Public);
  if (!article) return error;
  if (!ctx.visitor.logged_in()) return log_in_first(ctx);
  if (auto why = cannot_reply(ctx)) return refusal_page(ctx, *why);
  ReplyFields f;
  f.title = "Re: " + article->title;
  if (ctx.query.has("to")) {
    auto parent = visible_reply(ctx, article->id, parse_reply_id(ctx.query.get("to")));
    if (!parent) return error_page(ctx, 404, "There is no such reply on this article.");
    f.parent = parent->id;
    f.title = parent->title.rfind("Re: ", 0) == 0 ? parent->title : "Re: " + parent->title;
  }
  return reply_form_page(ctx, *article, f, random_token(), {});
}

namespace {

// The member's newest reply on this article when this form repeats it word
// for word, answering the same (kRepostSeconds: Back and Post again).
std::optional<model::ReplyId> repeated_reply(Context& ctx, model::ArticleId article, const ReplyFields& f) {
  auto replies = ctx.site.store().replies(article, storage::Visibility::Public);
  if (!replies) return std::nullopt;
  const model::Reply* newest = nullptr;
  for (const model::Reply& r : *replies)
    if (r.author == ctx.visitor.account->id && (!newest || r.created >= newest->created)) newest = &r;
  if (!newest || ctx.site.now() - newest->created > kRepostSeconds) return std::nullopt;
  if (newest->parent != f.parent || newest->title != f.title || newest->body != f.body || newest->format != f.format)
    return std::nullopt;
  return newest->id;
}

}  // namespace

Response reply_post(Context& ctx) {
  Response error;
  auto article = article_for(ctx, error, storage::Visibility::Public);
  if (!article) return error;
  if (auto why = cannot_reply(ctx)) return refusal_page(ctx, *why);
  ReplyFields f;
  f.title = std::string(ctx.form.get("title"));
  f.body = std::string(ctx.form.get("body"));
  f.format = model::parse_text_format(ctx.form.get("format")).value_or(model::TextFormat::Html);
  if (ctx.form.has("to")) {
    auto parent = visible_reply(ctx, article->id, parse_reply_id(ctx.form.get("to")));
    if (!parent) return error_page(ctx, 404, "The reply you answer is not on this article (or was hidden).");
    f.parent = parent->id;
  }
  std::string submission(ctx.form.get("submission"));
  if (!is_form_key(submission))
    return reply_form_page(ctx, *article, f, random_token(),
                           {"The form is incomplete; check it and post again."}, 400);
  auto refuse = [&](const FormError& error) {
    return reply_form_page(ctx, *article, f, submission, error, 400);
  };
  if (f.title.empty()) return refuse({"A reply needs a title.", "title"});
  if (auto st = model::check_title(f.title); !st) return refuse({st.error().message(), "title"});
  if (f.body.empty()) return refuse({"The reply is empty.", "body"});
  html::SanitizeReport report;
  auto body = render_reply_text(ctx, f.body, f.format, ctx.visitor.account->id, &report);
  if (!body) return refuse({body.error().message(), "body"});
  if (html::shows_nothing(*body)) return refuse({kReplyShowsNothing, "body"});
  if (ctx.form.has("preview"))
    return reply_form_page(ctx, *article, f, submission, {}, 200, &*body, html::stand_ins_note(report));
  if (auto same = repeated_reply(ctx, article->id, f))
    return redirect(article_url(article->id) + "#reply-" + std::to_string(same->value));
  storage::NewReply r{article->id, f.parent, ctx.visitor.account->id, f.title,
                      f.body,      f.format, ctx.site.now(),          member_form_key(ctx.visitor.account->id.value, submission)};
  auto id = ctx.site.store().add_reply(r);
  if (!id) {
    const char* gone = f.parent ? "the article, or the reply you answer, is no longer on the site"
                                : "the article is no longer on the site";
    auto [error, status] = store_refusal(id.error(), "Your reply is not posted", gone);
    return reply_form_page(ctx, *article, f, submission, error, status);
  }
  return redirect(article_url(article->id) + "#reply-" + std::to_string(id->value));
}

Response article_moderate(Context& ctx) {
  if (!is_editor(ctx))
    return error_page(ctx, 403, "Only editors and administrators hide articles and replies.");
  Response error;
  auto article = article_for(ctx, error, storage::Visibility::IncludeHidden);
  if (!article) return error;
  std::string_view action = ctx.form.get("action");
  if (action != "hide" && action != "restore") return error_page(ctx, 400, "Choose hide or restore.");
  bool hide = action == "hide";
  std::string reason(ctx.form.get("reason"));
  // The other editors (and an article's author) are shown why, and the
  // audit log keeps it.
  if (hide && reason.find_first_not_of(" \t\r\n") == std::string::npos)
    return error_page(ctx, 400, "Say why it is hidden: the reason is kept in the audit log. Nothing was hidden.");
  storage::Store& store = ctx.site.store();
  std::string target = "article/" + std::to_string(article->id.value);
  std::string what = "article";
  if (ctx.form.has("reply")) {
    model::ReplyId reply = parse_reply_id(ctx.form.get("reply"));
    auto all = store.replies(article->id, storage::Visibility::IncludeHidden);
    if (!all) return error_page(ctx, 503, "The database did not answer; try again.");
    bool found = false;
    for (const auto& r : *all) found = found || r.id == reply;
    if (!found) return error_page(ctx, 404, "There is no such reply on this article.");
    if (auto st = store.set_reply_hidden(reply, hide, hide ? reason : std::string()); !st)
      return error_page(ctx, 503, st.error().message());
    target += "#reply-" + std::to_string(reply.value);
    what = "reply";
  } else if (auto st = store.set_article_hidden(article->id, hide, hide ? reason : std::string()); !st) {
    return error_page(ctx, 503, st.error().message());
  }
  (void)store.append_audit(
      {ctx.site.now(), ctx.visitor.account->id, what + (hide ? ".hide" : ".restore"), target, reason});
  return redirect(article_url(article->id) + (hide ? "?hidden=" : "?restored=") + what);
}

}  // namespace journeyer::web::handlers
