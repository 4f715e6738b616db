// /account/tokens: a member's personal API tokens (docs/api.md). A new
// token is shown once, on the page the form leads to after making it; only
// its hash is stored.
#include <algorithm>
#include <charconv>
#include <functional>
#include <optional>
#include <vector>

#include "util/text.h"
#include "web/crypto.h"
#include "web/handlers/account/logins.h"
#include "web/form.h"
#include "web/handlers/handlers.h"

namespace journeyer::web::handlers {

namespace {

constexpr std::size_t kMaxTokenLabelChars = 100;
constexpr std::size_t kMaxTokensPerMember = 50;

// The form that makes a token answers with a redirect (so that reloading
// the page makes no second token), and the new token reaches the page it
// leads to in a cookie of its own: never in an address (addresses are
// logged and kept in the browser's history), never on the server (only its
// hash is kept). The page shows it once, for the token its address names,
// and deletes the cookie. Each new token has a cookie of its own, named
// after it, so that tokens made in two tabs at once are each shown on
// their own page.
constexpr std::string_view kTokensPath = "/account/tokens";
constexpr std::string_view kNewTokenCookie = "journeyer_new_token_";
// Long enough for the browser to follow the redirect.
constexpr long kNewTokenCookieSeconds = 5 * 60;

// The token number `id` names: decimal digits only, nothing beyond the
// largest number (nullopt otherwise: an address or a cookie may hold anything).
std::optional<std::uint64_t> token_number(std::string_view id) {
  std::uint64_t n = 0;
  const auto [end, ec] = std::from_chars(id.data(), id.data() + id.size(), n);
  if (id.empty() || ec != std::errc{} || end != id.data() + id.size()) return std::nullopt;
  return n;
}

// The cookie of the new token numbered `id` ("" when `id` is no number).
std::string new_token_cookie(std::string_view id) {
  if (!token_number(id)) return {};
  return std::string(kNewTokenCookie) + std::string(id);
}

// The page, with an error marking the field it is about and the name typed
// kept. After a token is made (?made=ID) it shows that token's secret when
// the cookie holds it, and otherwise says the secret was shown once.
Response tokens_view(Context& ctx, const FormError& error, int status = 200) {
  const model::Account& me = *ctx.visitor.account;
  View data;
  View list = list_view();
  auto tokens = ctx.site.store().tokens_of(me.id, model::TokenKind::Api);
  if (!tokens) return error_page(ctx, 503, "The database did not answer: " + tokens.error().message());
  const model::UnixTime now = ctx.site.now();
  const std::string_view made = ctx.query.get("made");
  const std::string made_cookie = new_token_cookie(made);
  const std::string secret = made_cookie.empty() ? std::string() : cookie_value(ctx.request.cookie, made_cookie);
  for (const auto& t : *tokens) {
    if (t.revoked || (t.expires != 0 && t.expires <= now)) continue;
    const std::string id = std::to_string(t.id.value);
    View v;
    v.set("id", id);
    v.set("label", t.label);
    v.set("created", format_datetime(t.created));
    v.set("expires", t.expires == 0 ? std::string("never") : format_date(t.expires));
    list.push_back(v);
    if (made != id) continue;
    View shown;
    shown.set("label", t.label);
    if (!secret.empty() && equal_secrets(token_hash(secret), t.token_hash)) shown.set("token", secret);
    data.set("made", shown);
  }
  data.set("tokens", list);
  data.set("has_tokens", bool_view(!list.is_empty_list()));
  set_form_error(data, error);
  if (!error.message.empty()) data.set("typed_label", std::string(ctx.form.get("label")));
  if (ctx.query.get("revoked") == "1")
    data.set("notice", "The token is revoked: programs using it are refused from now on.");
  Response r = page(ctx, "API tokens", "tokens", std::move(data), status);
  // Read once: the next visit (a reload) finds no token to show.
  if (!secret.empty()) r.add_header("Set-Cookie", cookie(ctx.site.config(), made_cookie, "", 0, kTokensPath));
  return r;
}

// New tokens whose pages a browser has not opened yet keep their cookies
// for a while; so that they cannot crowd the session cookie out of the
// Cookie header (the site reads kMaxCookies, and a browser sends the
// cookies of the longer path first), making one leaves at most this many
// others, the newest.
constexpr std::size_t kMaxPendingNewTokens = 2;

// Expires the cookies of pending new tokens beyond the newest kept.
void forget_older_new_tokens(Context& ctx, Response& r) {
  std::vector<std::pair<std::uint64_t, std::string>> pending;  // (id, cookie name)
  for (const auto& [name, value] : parse_cookies(ctx.request.cookie)) {
    if (name.rfind(kNewTokenCookie, 0) != 0) continue;
    if (auto id = token_number(std::string_view(name).substr(kNewTokenCookie.size()))) pending.emplace_back(*id, name);
  }
  std::sort(pending.begin(), pending.end(), std::greater<>());
  for (std::size_t i = kMaxPendingNewTokens; i < pending.size(); ++i)
    r.add_header("Set-Cookie", cookie(ctx.site.config(), pending[i].second, "", 0, kTokensPath));
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
  return tokens_view(ctx, {});
}

Response create_token(Context& ctx) {
  if (!ctx.visitor.logged_in()) return error_page(ctx, 403, "Log in first.");
  const model::Account& me = *ctx.visitor.account;
  std::string label(ctx.form.get("label"));
  if (label.empty())
    return tokens_view(ctx, {"Give the token a name, such as the program that will use it.", "label"},
                       400);
  // The label XML-RPC's log-ins carry: a new password revokes those.
  if (label == kXmlRpcTokenLabel)
    return tokens_view(ctx, {"That name is kept for XML-RPC log-ins; choose another.", "label"}, 400);
  if (!fits_chars(label, kMaxTokenLabelChars))
    return tokens_view(
        ctx, {"The name is longer than " + std::to_string(kMaxTokenLabelChars) + " characters.", "label"},
        400);
  // Not the name's fault: no field is marked.
  if (live_tokens(ctx) >= kMaxTokensPerMember)
    return tokens_view(
        ctx, {"You have " + std::to_string(kMaxTokensPerMember) + " tokens; revoke one first."}, 409);
  std::string token = random_token();
  model::Token t;
  t.kind = model::TokenKind::Api;
  t.token_hash = token_hash(token);
  t.account = me.id;
  t.label = label;
  t.created = ctx.site.now();
  auto id = ctx.site.store().create_token(t);
  if (!id) return tokens_view(ctx, {"The token could not be stored: " + id.error().message()}, 503);
  (void)ctx.site.store().append_audit({ctx.site.now(), me.id, "token.create", "person/" + me.name, label});
  const std::string made = std::to_string(id->value);
  Response r = redirect(std::string(kTokensPath) + "?made=" + made);
  r.add_header("Set-Cookie",
               cookie(ctx.site.config(), new_token_cookie(made), token, kNewTokenCookieSeconds, kTokensPath));
  forget_older_new_tokens(ctx, r);
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
    return redirect(std::string(kTokensPath) + "?revoked=1");
  }
  return error_page(ctx, 404, "You have no such token.");
}

}  // namespace journeyer::web::handlers
