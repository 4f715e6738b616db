// /account/tokens: a member's personal API tokens (docs/api.md). A new
// token is shown once, right after it is made; only its hash is stored.
#include "util/text.h"
#include "web/crypto.h"
#include "web/handlers/handlers.h"

namespace journeyer::web::handlers {

namespace {

constexpr std::size_t kMaxTokenLabelChars = 100;
constexpr std::size_t kMaxTokensPerMember = 50;

// The page with a new token, or with an error marking the field it is about
// and the name typed kept.
Response tokens_view(Context& ctx, const std::string& new_token, const FormError& error, int status = 200) {
  const model::Account& me = *ctx.visitor.account;
  View data;
  View list = list_view();
  auto tokens = ctx.site.store().tokens_of(me.id, model::TokenKind::Api);
  if (!tokens) return error_page(ctx, 503, "The database did not answer: " + tokens.error().message());
  const model::UnixTime now = ctx.site.now();
  for (const auto& t : *tokens) {
    if (t.revoked || (t.expires != 0 && t.expires <= now)) continue;
    View v;
    v.set("id", std::to_string(t.id.value));
    v.set("label", t.label);
    v.set("created", format_datetime(t.created));
    v.set("expires", t.expires == 0 ? std::string("never") : format_date(t.expires));
    list.push_back(v);
  }
  data.set("tokens", list);
  data.set("has_tokens", bool_view(!list.is_empty_list()));
  if (!new_token.empty()) data.set("new_token", new_token);
  set_form_error(data, error);
  if (!error.message.empty()) data.set("typed_label", std::string(ctx.form.get("label")));
  if (ctx.query.get("revoked") == "1")
    data.set("notice", "The token is revoked: programs using it are refused from now on.");
  return page(ctx, "API tokens", "tokens", std::move(data), status);
}

std::size_t live_tokens(Context& ctx) {
  auto tokens = ctx.site.store().tokens_of(ctx.visitor.account->id, model::TokenKind::Api);
  std::size_t n = 0;
  if (tokens)
    for (const auto& t : *tokens) n += !t.revoked && (t.expires == 0 || t.expires > ctx.site.now());
  return n;
}

}  // namespace

Response tokens_page(Context& ctx) {
  if (!ctx.visitor.logged_in()) return log_in_first(ctx);
  return tokens_view(ctx, "", {});
}

Response create_token(Context& ctx) {
  if (!ctx.visitor.logged_in()) return error_page(ctx, 403, "Log in first.");
  const model::Account& me = *ctx.visitor.account;
  std::string label(ctx.form.get("label"));
  if (label.empty())
    return tokens_view(ctx, "", {"Give the token a name, such as the program that will use it.", "label"},
                       400);
  if (!fits_chars(label, kMaxTokenLabelChars))
    return tokens_view(
        ctx, "", {"The name is longer than " + std::to_string(kMaxTokenLabelChars) + " characters.", "label"},
        400);
  // Not the name's fault: no field is marked.
  if (live_tokens(ctx) >= kMaxTokensPerMember)
    return tokens_view(
        ctx, "", {"You have " + std::to_string(kMaxTokensPerMember) + " tokens; revoke one first."}, 409);
  std::string token = random_token();
  model::Token t;
  t.kind = model::TokenKind::Api;
  t.token_hash = token_hash(token);
  t.account = me.id;
  t.label = label;
  t.created = ctx.site.now();
  if (auto id = ctx.site.store().create_token(t); !id)
    return tokens_view(ctx, "", {"The token could not be stored: " + id.error().message()}, 503);
  (void)ctx.site.store().append_audit({ctx.site.now(), me.id, "token.create", "person/" + me.name, label});
  // Shown in this response only: never stored, never in a URL.
  Response r = tokens_view(ctx, token, {});
  r.add_header("Cache-Control", "no-store");
  return r;
}

Response revoke_token(Context& ctx) {
  if (!ctx.visitor.logged_in()) return error_page(ctx, 403, "Log in first.");
  const model::Account& me = *ctx.visitor.account;
  auto tokens = ctx.site.store().tokens_of(me.id, model::TokenKind::Api);
  if (!tokens) return error_page(ctx, 503, "The database did not answer: " + tokens.error().message());
  for (const auto& t : *tokens) {
    if (std::to_string(t.id.value) != ctx.params.at(0)) continue;
    if (auto st = ctx.site.store().revoke_token(t.id); !st)
      return error_page(ctx, 503, "The token could not be revoked: " + st.error().message());
    (void)ctx.site.store().append_audit(
        {ctx.site.now(), me.id, "token.revoke", "person/" + me.name, t.label});
    return redirect("/account/tokens?revoked=1");
  }
  return error_page(ctx, 404, "You have no such token.");
}

}  // namespace journeyer::web::handlers
