// Password reset by e-mail link: a one-hour, single-use token, stored hashed.
#include "web/crypto.h"
#include "web/handlers/account/logins.h"
#include "web/handlers/account/password_rules.h"
#include "web/handlers/handlers.h"

namespace journeyer::web::handlers {

namespace {

constexpr model::UnixTime kResetLinkSeconds = 3600;

Response request_page(Context& ctx, const std::string& notice, const std::string& error, int status = 200) {
  View data;
  if (!ctx.site.sends_mail()) {
    // Nothing would arrive: no form, and no promise of a link.
    data.set("no_mail", "This site is not set up to send mail, so a forgotten password cannot be reset here by "
                        "e-mail. Ask the site's administrator for help.");
    return page(ctx, "Reset your password", "reset_request", std::move(data), status);
  }
  if (!notice.empty()) data.set("notice", notice);
  if (!error.empty()) data.set("error", error);
  return page(ctx, "Reset your password", "reset_request", std::move(data), status);
}

// `field`: the password field the error is about, marked as on the password form.
Response choose_page(Context& ctx, const std::string& error, int status = 200,
                     const std::string& field = "") {
  View data;
  data.set("action", "/account/reset/" + ctx.params.at(0));
  data.set("min_password_chars", std::to_string(ctx.site.config().min_password_chars));
  set_form_error(data, {error, field});
  return page(ctx, "Choose a new password", "reset_choose", std::move(data), status);
}

}  // namespace

Response reset_form(Context& ctx) { return request_page(ctx, "", ""); }

Response request_reset(Context& ctx) {
  if (!ctx.site.sends_mail()) return request_page(ctx, "", "");  // says that no mail is sent
  if (!ctx.site.limiter().allow("reset", ctx.request.client, ctx.site.config().login_per_minute))
    return request_page(ctx, "", "Too many reset requests from your address in the last minute. Wait a minute and try again.", 429);
  // The same answer whether or not the account exists: no probing for names.
  const std::string sent = "If that account has an e-mail address, a link to choose a new password is on its way. It works once, for an hour.";
  auto account = ctx.site.store().account_by_name(ctx.form.get("name"));
  if (!account || account->state != model::AccountState::Active || account->profile.email.empty())
    return request_page(ctx, sent, "");
  std::string token = random_token();
  model::Token t;
  t.kind = model::TokenKind::PasswordReset;
  t.token_hash = token_hash(token);
  t.account = account->id;
  t.label = "password reset";
  t.created = ctx.site.now();
  t.expires = t.created + kResetLinkSeconds;
  if (auto id = ctx.site.store().create_token(t); !id) return request_page(ctx, "", id.error().message(), 503);
  ctx.site.mail()(account->profile.email, "Password reset for " + account->name + " on " + ctx.site.config().name,
                  "Someone asked to reset the password of " + account->name + ". To choose a new one, open\n\n  " +
                      ctx.site.config().base_url + "/account/reset/" + token +
                      "\n\nwithin an hour. If it was not you, ignore this message.\n");
  return request_page(ctx, sent, "");
}

Response reset_choose_form(Context& ctx) {
  if (!ctx.site.store().token(model::TokenKind::PasswordReset, token_hash(ctx.params.at(0)), ctx.site.now()))
    return error_page(ctx, 404, "This reset link is unknown, used or expired. Ask for a new one.");
  return choose_page(ctx, "");
}

Response reset_password(Context& ctx) {
  auto token = ctx.site.store().token(model::TokenKind::PasswordReset, token_hash(ctx.params.at(0)), ctx.site.now());
  if (!token) return error_page(ctx, 404, "This reset link is unknown, used or expired. Ask for a new one.");
  auto account = ctx.site.store().account(token->account);
  if (!account || account->state != model::AccountState::Active)
    return error_page(ctx, 404, "This reset link is unknown, used or expired. Ask for a new one.");
  std::string_view pw = ctx.form.get("password");
  if (auto st = check_password_strength(pw, account->name, ctx.site.config().min_password_chars); !st)
    return choose_page(ctx, st.error().message(), 400, "password");
  if (pw != ctx.form.get("password2")) return choose_page(ctx, "The two passwords differ.", 400, "password2");
  auto hash = hash_password(pw);
  if (!hash) return choose_page(ctx, hash.error().message(), 503);
  if (auto st = ctx.site.store().set_password_hash(account->id, *hash); !st)
    return choose_page(ctx, st.error().message(), 503);
  (void)ctx.site.store().revoke_token(token->id);
  end_password_logins(ctx.site.store(), account->id);
  (void)ctx.site.store().append_audit({ctx.site.now(), account->id, "account.reset", "person/" + account->name, ""});
  return redirect("/account/login?reset=1");
}

}  // namespace journeyer::web::handlers
