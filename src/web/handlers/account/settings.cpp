// Changing the password and editing the profile (with a preview).
#include "html/sanitize.h"
#include "web/crypto.h"
#include "web/handlers/account/password_rules.h"
#include "web/handlers/handlers.h"
#include "web/handlers/person/common.h"

namespace journeyer::web::handlers {

namespace {

Response password_page(Context& ctx, const std::string& error, const std::string& notice, int status = 200) {
  View data;
  if (!error.empty()) data.set("error", error);
  if (!notice.empty()) data.set("notice", notice);
  data.set("min_password_chars", std::to_string(ctx.site.config().min_password_chars));
  return page(ctx, "Change your password", "password", std::move(data), status);
}

Response profile_page(Context& ctx, const model::Profile& p, std::int64_t version, const std::string& error,
                      int status = 200) {
  View data;
  data.set("email", p.email);
  data.set("real_name", p.real_name);
  data.set("homepage", p.homepage);
  data.set("notes", p.notes);
  data.set("publish_email_sha1", bool_view(p.publish_email_sha1));
  data.set("version", std::to_string(version));
  data.set("person_url", person_url(ctx.visitor.account->name));
  if (!error.empty()) data.set("error", error);
  return page(ctx, "Edit your profile", "profile", std::move(data), status);
}

}  // namespace

Response password_form(Context& ctx) {
  if (!ctx.visitor.logged_in()) return redirect("/account/login");
  return password_page(ctx, "", ctx.query.get("changed") == "1" ? "Your password is changed." : "");
}

Response change_password(Context& ctx) {
  if (!ctx.visitor.logged_in()) return error_page(ctx, 403, "Log in first.");
  const model::Account& me = *ctx.visitor.account;
  if (!verify_password(me.password_hash, ctx.form.get("current")))
    return password_page(ctx, "The current password is wrong.", "", 403);
  std::string_view pw = ctx.form.get("password");
  if (auto st = check_password_strength(pw, me.name, ctx.site.config().min_password_chars); !st)
    return password_page(ctx, st.error().message(), "", 400);
  if (pw != ctx.form.get("password2")) return password_page(ctx, "The two new passwords differ.", "", 400);
  auto hash = hash_password(pw);
  if (!hash) return password_page(ctx, hash.error().message(), "", 503);
  if (auto st = ctx.site.store().set_password_hash(me.id, *hash); !st)
    return password_page(ctx, st.error().message(), "", 503);
  // Every other browser logged in as this member is logged out.
  (void)ctx.site.store().delete_sessions_of(me.id);
  (void)ctx.site.store().append_audit({ctx.site.now(), me.id, "account.password", "person/" + me.name, ""});
  auto set_cookie = start_session(ctx.site, me.id);
  Response r = redirect("/account/password?changed=1");
  if (set_cookie) r.add_header("Set-Cookie", *set_cookie);
  return r;
}

Response profile_form(Context& ctx) {
  if (!ctx.visitor.logged_in()) return redirect("/account/login");
  return profile_page(ctx, ctx.visitor.account->profile, ctx.visitor.account->version, "");
}

Response edit_profile(Context& ctx) {
  if (!ctx.visitor.logged_in()) return error_page(ctx, 403, "Log in first.");
  const model::Account& me = *ctx.visitor.account;
  model::Profile p = me.profile;
  p.email = std::string(ctx.form.get("email"));
  p.real_name = std::string(ctx.form.get("real_name"));
  p.homepage = std::string(ctx.form.get("homepage"));
  p.notes = std::string(ctx.form.get("notes"));
  p.publish_email_sha1 = ctx.form.get("publish_email_sha1") == "1";
  std::int64_t version = 0;
  try {
    version = std::stoll(std::string(ctx.form.get("version")));
  } catch (const std::exception&) {
    return profile_page(ctx, p, me.version, "The form is incomplete; reload the page.", 400);
  }
  if (auto st = check_email(p.email); !st) return profile_page(ctx, p, version, st.error().message(), 400);
  if (auto st = check_homepage(p.homepage); !st) return profile_page(ctx, p, version, st.error().message(), 400);
  if (auto st = model::check_profile(p); !st) return profile_page(ctx, p, version, st.error().message(), 400);
  auto snap = ctx.site.trust().snapshot();
  bool follow = snap->level(me.id) >= ctx.site.config().follow_links_level;
  auto notes = html::sanitize(p.notes, notes_policy(), follow ? html::Links::Follow : html::Links::NoFollow);
  if (!notes) return profile_page(ctx, p, version, notes.error().message(), 400);

  if (ctx.form.has("preview")) {
    // The notes as the person page will show them.
    View data;
    data.set("email", p.email);
    data.set("real_name", p.real_name);
    data.set("homepage", p.homepage);
    data.set("notes", p.notes);
    data.set("publish_email_sha1", bool_view(p.publish_email_sha1));
    data.set("version", std::to_string(version));
    data.set("person_url", person_url(me.name));
    set_html(data, "preview_html", *notes);
    data.set("previewing", bool_view(true));
    return page(ctx, "Edit your profile", "profile", std::move(data));
  }
  auto st = ctx.site.store().update_profile(me.id, p, version);
  if (!st) {
    if (st.error().kind() == ErrorKind::Conflict)
      return profile_page(ctx, p, ctx.visitor.account->version,
                          "Your profile was changed elsewhere since this form was loaded; check and save again.", 409);
    return profile_page(ctx, p, version, st.error().message(), 400);
  }
  (void)ctx.site.store().append_audit({ctx.site.now(), me.id, "account.profile", "person/" + me.name, ""});
  return redirect(person_url(me.name));
}

}  // namespace journeyer::web::handlers
