// Creating an account, logging in and out.
#include <optional>

#include "model/account.h"
#include "web/crypto.h"
#include "web/handlers/account/password_rules.h"
#include "web/handlers/handlers.h"

namespace journeyer::web::handlers {

namespace {

// `field`: the form field the error is about ("name", "email", "password",
// "password2"), marked invalid and focused when the page loads.
Response signup_page(Context& ctx, const std::string& error, int status = 200, const std::string& field = "") {
  View data;
  data.set("name", std::string(ctx.form.get("name")));
  data.set("email", std::string(ctx.form.get("email")));
  set_form_error(data, {error, field});
  data.set("min_password_chars", std::to_string(ctx.site.config().min_password_chars));
  return page(ctx, "Create an account", "signup", std::move(data), status);
}

Response login_page(Context& ctx, const std::string& error, int status = 200) {
  View data;
  data.set("name", std::string(ctx.form.get("name")));
  const std::string next = local_path_or_empty(ctx.form.has("next") ? ctx.form.get("next") : ctx.query.get("next"));
  if (!next.empty()) data.set("next", next);
  if (!error.empty()) data.set("error", error);
  if (error.empty() && ctx.query.get("reset") == "1")
    data.set("notice", "Your new password is set, and every earlier log-in has ended. Log in with it.");
  return page(ctx, "Log in", "login", std::move(data), status);
}

Response with_session(Context& ctx, model::AccountId id, const std::string& to) {
  auto set_cookie = start_session(ctx.site, id);
  if (!set_cookie) return error_page(ctx, 503, "Could not start a session: " + set_cookie.error().message());
  Response r = redirect(to);
  r.add_header("Set-Cookie", *set_cookie);
  return r;
}

// What the sign-up form says of a name model::check_account_name refuses,
// in the form's sentences (its own messages are the command line's). A new
// name also starts with a letter or a digit, so that pages never read
// "- is currently certified at ..." (imported graphs keep the names they
// have).
std::optional<std::string> account_name_problem(std::string_view name) {
  if (model::check_account_name(name))
    return name.front() == '-' || name.front() == '_'
               ? std::optional<std::string>("An account name starts with a letter or a digit.")
               : std::nullopt;
  if (name.empty()) return "Choose an account name.";
  if (name.size() > model::kMaxAccountNameChars)
    return "An account name has at most " + std::to_string(model::kMaxAccountNameChars) + " characters.";
  return std::string("An account name may only hold letters, digits, '_' and '-'.");
}

// A hash to verify against when the name is unknown, so that a wrong name
// takes as long as a wrong password.
const std::string& dummy_hash() {
  static const std::string hash = [] {
    auto h = hash_password(random_token());
    return h ? *h : std::string();
  }();
  return hash;
}

}  // namespace

Response signup_form(Context& ctx) {
  if (ctx.visitor.logged_in()) return redirect(person_url(ctx.visitor.account->name));
  return signup_page(ctx, "");
}

Response signup(Context& ctx) {
  const SiteConfig& config = ctx.site.config();
  // The honeypot: a field hidden from people, which form-filling robots fill.
  if (!ctx.form.get("website").empty()) return signup_page(ctx, "This form was filled in by a program, not a person.", 400);
  std::string name(ctx.form.get("name"));
  std::string email(ctx.form.get("email"));
  std::string_view password = ctx.form.get("password");
  if (auto problem = account_name_problem(name)) return signup_page(ctx, *problem, 400, "name");
  if (config.is_reserved(name))
    return signup_page(ctx, "The name " + name + " is reserved; choose another.", 400, "name");
  if (auto st = check_email(email); !st) return signup_page(ctx, st.error().message(), 400, "email");
  if (auto st = check_password_strength(password, name, config.min_password_chars); !st)
    return signup_page(ctx, st.error().message(), 400, "password");
  if (password != ctx.form.get("password2")) return signup_page(ctx, "The two passwords differ.", 400, "password2");
  if (ctx.site.store().account_by_name(name))
    return signup_page(ctx, "The name " + name + " is taken; choose another.", 409, "name");
  // Only a form that passed the checks above counts: the limit guards the
  // password hashing and the new account, and a member who mistyped a few
  // times is not locked out.
  if (!ctx.site.limiter().allow("signup", ctx.request.client, config.signup_per_minute))
    return signup_page(ctx, "Too many sign-ups from your address in the last minute. Wait a minute and try again.", 429);
  auto hash = hash_password(password);
  if (!hash) return signup_page(ctx, hash.error().message(), 503);

  storage::NewAccount a;
  a.name = name;
  a.profile.email = email;
  a.password_hash = *hash;
  a.member_since = ctx.site.now();
  auto id = ctx.site.store().create_account(a);
  if (!id) {
    if (id.error().kind() == ErrorKind::Conflict)
      return signup_page(ctx, "The name " + name + " is taken; choose another.", 409, "name");
    auto [error, status] = store_refusal(id.error(), "Your account is not made", "");
    return signup_page(ctx, error.message, status);
  }
  (void)ctx.site.store().append_audit({ctx.site.now(), *id, "account.create", "person/" + name, ""});
  (void)ctx.site.store().record_login(*id, ctx.site.now());
  ctx.site.trust().request_recompute();  // the new member joins the member list
  return with_session(ctx, *id, person_url(name));
}

Response login_form(Context& ctx) {
  if (ctx.visitor.logged_in()) {
    const std::string next = local_path_or_empty(ctx.query.get("next"));
    return redirect(next.empty() ? person_url(ctx.visitor.account->name) : next);
  }
  return login_page(ctx, "");
}

Response login(Context& ctx) {
  if (!ctx.site.limiter().allow("login", ctx.request.client, ctx.site.config().login_per_minute))
    return login_page(ctx, "Too many log-in attempts from your address in the last minute. Wait a minute and try again.", 429);
  auto account = ctx.site.store().account_by_name(ctx.form.get("name"));
  std::string_view password = ctx.form.get("password");
  bool ok = account ? verify_password(account->password_hash, password) : (verify_password(dummy_hash(), password), false);
  if (!ok) return login_page(ctx, "Wrong name or password.", 403);
  // Only whoever knows the password learns that the account is disabled.
  if (account->state == model::AccountState::Disabled)
    return login_page(ctx,
                      "This account is disabled: the site's administrators (or members' spam flags) closed it. "
                      "Write to the administrators if you think that is a mistake.",
                      403);
  if (account->state != model::AccountState::Active) return login_page(ctx, "Wrong name or password.", 403);
  (void)ctx.site.store().record_login(account->id, ctx.site.now());
  // A session from before the log-in (a shared computer) ends here.
  if (!ctx.visitor.session_hash.empty()) (void)ctx.site.store().delete_session(ctx.visitor.session_hash);
  // Back to the page that asked for the log-in, else the member's own.
  const std::string next = local_path_or_empty(ctx.form.get("next"));
  return with_session(ctx, account->id, next.empty() ? person_url(account->name) : next);
}

Response logout(Context& ctx) {
  if (!ctx.visitor.session_hash.empty()) (void)ctx.site.store().delete_session(ctx.visitor.session_hash);
  Response r = redirect("/");
  r.add_header("Set-Cookie", cookie(ctx.site.config(), kSessionCookie, "", 0));
  return r;
}

}  // namespace journeyer::web::handlers
