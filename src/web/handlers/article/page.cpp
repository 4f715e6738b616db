// /article/N.html: one article with its body and its threaded replies.
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "web/crypto.h"
#include "web/handlers/article/common.h"
#include "web/handlers/handlers.h"
#include "web/handlers/person/common.h"

namespace journeyer::web::handlers {

namespace {

// Answers deeper than this are not indented further (a phone would have no
// width left for them): they follow in thread order, each naming the reply
// it answers.
constexpr std::size_t kIndentedDepth = 6;

// The replies in thread order (each followed by its answers), as list items
// that open a nested list before a first answer and close it after the last
// one, so that the template writes nested <ol> without recursion. Iterative:
// a thread may be thousands deep. `replies` is the whole thread, hidden
// replies and those of disabled accounts included; `visible` the ones this
// reader is shown (null: all, for editors). A reply left out moves its
// answers up to the nearest shown reply above it, and they say that they
// answer one not shown.
View thread_items(Context& ctx, const std::vector<model::Reply>& replies,
                  const std::unordered_set<std::int64_t>* visible, model::ReplyId last_seen, bool may_reply,
                  model::ArticleId article) {
  const bool editor = visible == nullptr;
  auto snap = ctx.site.trust().snapshot();
  std::unordered_map<std::int64_t, const model::Reply*> by_id;
  for (const auto& r : replies) by_id.emplace(r.id.value, &r);
  auto shown = [&](const model::Reply& r) { return editor || visible->contains(r.id.value); };
  // The nearest shown ancestor (0: the article).
  auto shown_parent = [&](const model::Reply& r) {
    std::int64_t p = r.parent.value;
    while (p != 0) {
      auto it = by_id.find(p);
      if (it == by_id.end()) return std::int64_t{0};
      if (shown(*it->second)) return p;
      p = it->second->parent.value;
    }
    return std::int64_t{0};
  };
  std::unordered_map<std::int64_t, std::vector<const model::Reply*>> children;  // oldest first
  for (const auto& r : replies)
    if (shown(r)) children[shown_parent(r)].push_back(&r);

  struct Item {
    const model::Reply* reply;
    bool opens;
    bool leaf;  // no nested list follows: its answers, if any, are not indented
    bool beyond_indent;
    int closes = 0;
  };
  std::vector<Item> items;
  struct Frame {
    const std::vector<const model::Reply*>* siblings;
    std::size_t next;
    bool nested;
    std::size_t depth;  // 1: answers to the article
  };
  std::vector<Frame> stack;
  if (auto top = children.find(0); top != children.end()) stack.push_back({&top->second, 0, false, 1});
  while (!stack.empty()) {
    Frame& f = stack.back();
    if (f.next == f.siblings->size()) {
      bool nested = f.nested;
      stack.pop_back();
      if (nested) ++items.back().closes;
      continue;
    }
    const model::Reply* r = (*f.siblings)[f.next];
    const bool first = f.next == 0, nested = f.nested;
    const std::size_t depth = f.depth;
    ++f.next;
    auto kids = children.find(r->id.value);
    const bool indent = kids != children.end() && depth < kIndentedDepth;
    items.push_back({r, first && nested, !indent, depth > kIndentedDepth});
    if (kids != children.end()) stack.push_back({&kids->second, 0, indent, depth + 1});
  }

  View list = list_view();
  for (const auto& item : items) {
    const model::Reply& r = *item.reply;
    View v;
    v.set("id", std::to_string(r.id.value));
    v.set("title", r.title.empty() ? std::string("(untitled)") : r.title);
    v.set("date", format_datetime(r.created));
    v.set("author", member_view(ctx, *snap, r.author, r.author_name));
    if (auto body = render_reply_text(ctx, r.body, r.format, r.author))
      set_html(v, "body_html", *body);
    else
      v.set("body_error", body.error().message());
    v.set("new",
          bool_view(ctx.visitor.logged_in() && r.id > last_seen && r.author != ctx.visitor.account->id));
    if (may_reply)
      v.set("reply_url",
            "/article/" + std::to_string(article.value) + "/reply?to=" + std::to_string(r.id.value));
    if (editor) {
      View m;
      m.set("action", "/article/" + std::to_string(article.value) + "/moderate");
      m.set("reply", std::to_string(r.id.value));
      m.set("hidden", bool_view(r.hidden));
      if (r.hidden) m.set("reason", r.hidden_reason);
      v.set("moderate", m);
    }
    // Whom it answers, where the indentation does not show it.
    const std::int64_t parent = shown_parent(r);
    if (parent != r.parent.value) {
      v.set("answers_hidden", bool_view(true));
    } else if (item.beyond_indent) {
      const model::Reply& p = *by_id.at(parent);
      View answers;
      answers.set("id", std::to_string(parent));
      answers.set("title", p.title.empty() ? std::string("(untitled)") : p.title);
      v.set("answers", answers);
    }
    v.set("opens", bool_view(item.opens));
    v.set("leaf", bool_view(item.leaf));
    View closes = list_view();
    for (int i = 0; i < item.closes; ++i) closes.push_back(View(View::type::bool_true));
    v.set("closes", closes);
    list.push_back(v);
  }
  return list;
}

}  // namespace

Response article_page(Context& ctx) {
  model::ArticleId id = parse_article_id(ctx.params.at(0), ".html");
  if (!id) return not_found(ctx);
  storage::Store& store = ctx.site.store();
  bool editor = is_editor(ctx);
  auto article = store.article(id, editor ? storage::Visibility::IncludeHidden : storage::Visibility::Public);
  // A hidden article's author still opens it, as its editors do, and both
  // are told it is hidden; to everyone else it is not there.
  if (!article && article.error().kind() == ErrorKind::NotFound && ctx.visitor.logged_in() && !editor) {
    auto hidden = store.article(id, storage::Visibility::IncludeHidden);
    if (!hidden || hidden->author == ctx.visitor.account->id) article = std::move(hidden);
  }
  if (!article) {
    if (article.error().kind() == ErrorKind::NotFound)
      return error_page(ctx, 404, "There is no article " + std::to_string(id.value) + ".");
    return error_page(ctx, 503, "The database did not answer; try again.");
  }
  // The whole thread for its shape; a reader who is not an editor is shown
  // the public replies only.
  auto replies = store.replies(id, storage::Visibility::IncludeHidden);
  if (!replies) return error_page(ctx, 503, "The database did not answer; try again.");
  std::optional<std::unordered_set<std::int64_t>> visible;
  if (!editor) {
    auto shown = store.replies(id, storage::Visibility::Public);
    if (!shown) return error_page(ctx, 503, "The database did not answer; try again.");
    visible.emplace();
    for (const auto& r : *shown) visible->insert(r.id.value);
  }

  auto snap = ctx.site.trust().snapshot();
  View data;
  data.set("title", article->title);
  data.set("date", format_date(article->created));
  data.set("author", member_view(ctx, *snap, article->author, article->author_name));
  if (article->updated != article->created) data.set("updated", format_date(article->updated));
  if (!article->topic.empty()) data.set("topic", article->topic);
  if (auto lead = render_article_text(ctx, article->lead, article->format, article->author))
    set_html(data, "lead_html", *lead);
  if (!article->body.empty()) {
    if (auto body = render_article_text(ctx, article->body, article->format, article->author))
      set_html(data, "body_html", *body);
  }
  // Nobody edits or replies to a hidden article (its forms answer 404).
  const bool hidden = article->hidden;
  if (hidden) {
    View notice;
    notice.set("editor", bool_view(editor));
    if (!article->hidden_reason.empty()) notice.set("reason", article->hidden_reason);
    data.set("hidden_notice", notice);
  }
  if (!hidden && may_edit_article(ctx, *article))
    data.set("edit_url", "/article/" + std::to_string(id.value) + "/edit");
  if (editor) {
    View m;
    m.set("action", "/article/" + std::to_string(id.value) + "/moderate");
    m.set("hidden", bool_view(article->hidden));
    if (article->hidden) m.set("reason", article->hidden_reason);
    data.set("moderate", m);
  }

  // "M new": what this reader had seen before this view; the store is written
  // only when a newer reply is shown.
  model::ReplyId last_seen;
  if (ctx.visitor.logged_in()) {
    if (auto seen = store.last_seen_reply(ctx.visitor.account->id, id)) last_seen = *seen;
    model::ReplyId newest;
    for (const auto& r : *replies)
      if (!r.hidden && (!visible || visible->contains(r.id.value)) && r.id > newest) newest = r.id;
    if (newest > last_seen) (void)store.mark_replies_seen(ctx.visitor.account->id, id, newest);
  }
  auto why_not = cannot_reply(ctx);
  data.set("replies", thread_items(ctx, *replies, visible ? &*visible : nullptr, last_seen, !why_not && !hidden, id));
  data.set("reply_count", std::to_string(article->reply_count));
  data.set("has_replies", bool_view(article->reply_count > 0 || (editor && !replies->empty())));
  if (hidden) {
    data.set("replies_closed", bool_view(true));
  } else if (why_not) {
    data.set("reply_why_not", why_not_view(*why_not));
    // A visitor: a way to log in that comes back here.
    if (!ctx.visitor.logged_in()) data.set("reply_login_url", "/account/login?next=" + url_encode(ctx.request.path));
  } else {
    View form;
    form.set("action", "/article/" + std::to_string(id.value) + "/reply");
    form.set("reply_title", "Re: " + article->title);
    form.set("submission", random_token());
    data.set("reply_form", form);
  }
  if (ctx.query.get("posted") == "1") data.set("notice", std::string("Your article is posted."));
  if (ctx.query.get("edited") == "1") data.set("notice", std::string("Your changes are saved."));
  // An editor's hide or restore, said back (the article's own notice says
  // what a hidden article is).
  for (const char* done : {"hidden", "restored"}) {
    const std::string_view what = ctx.query.get(done);
    if (what == "article" || what == "reply")
      data.set("notice", std::string(what == "article" ? "The article is " : "The reply is ") + done + ".");
  }
  return page(ctx, article->title, "article", std::move(data));
}

}  // namespace journeyer::web::handlers
