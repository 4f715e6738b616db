// Changing the password and editing the profile (with a preview).
#include "feeds/fetch.h"
#include "html/sanitize.h"
#include "web/crypto.h"
#include "web/handlers/account/logins.h"
#include "web/handlers/account/password_rules.h"
#include "web/handlers/handlers.h"
#include "web/handlers/person/common.h"

namespace journeyer::web::handlers {

namespace {

// `field`: the form field the error is about, marked invalid and focused.
Response password_page(Context& ctx, const std::string& error, const std::string& notice, int status = 200,
                       const std::string& field = "") {
  View data;
  set_form_error(data, {error, field});
  if (!notice.empty()) data.set("notice", notice);
  data.set("min_password_chars", std::to_string(ctx.site.config().min_password_chars));
  return page(ctx, "Change your password", "password", std::move(data), status);
}

// Whether this member may have the site import their blog (levels.syndicate).
bool may_syndicate(Context& ctx) {
  return ctx.site.trust().snapshot()->level(ctx.visitor.account->id) >= ctx.site.config().syndicate_level;
}

std::string current_feed_url(Context& ctx) {
  auto feed = ctx.site.store().feed_of(ctx.visitor.account->id);
  return feed && feed->has_value() ? (*feed)->url : std::string();
}

// The blog feed field: shown to members at the syndicate level, and to
// anyone who has a feed (so that they can remove it).
void add_feed_field(Context& ctx, View& data, const std::string& feed_url) {
  if (!may_syndicate(ctx) && feed_url.empty()) {
    data.set("feed_why_not",
             why_not_view(below_level(ctx, needs_level_text(ctx.site.config(),
                                                            "Importing your blog's feed into your diary",
                                                            ctx.site.config().syndicate_level))));
    return;
  }
  View f;
  f.set("url", feed_url);
  data.set("feed", f);
}

// The profile form filled with `p`.
View profile_form(Context& ctx, const model::Profile& p, std::int64_t version, const std::string& feed_url) {
  View data;
  add_feed_field(ctx, data, feed_url);
  data.set("email", p.email);
  data.set("real_name", p.real_name);
  data.set("homepage", p.homepage);
  data.set("notes", p.notes);
  data.set("publish_email_sha1", bool_view(p.publish_email_sha1));
  data.set("version", std::to_string(version));
  data.set("person_url", person_url(ctx.visitor.account->name));
  return data;
}

// `field`: the form field the error is about, marked invalid and focused.
Response profile_page(Context& ctx, const model::Profile& p, std::int64_t version, const std::string& error,
                      int status = 200, const std::optional<std::string>& feed_url = std::nullopt,
                      const std::string& field = "") {
  View data = profile_form(ctx, p, version, feed_url ? *feed_url : current_feed_url(ctx));
  set_form_error(data, {error, field});
  return page(ctx, "Edit your profile", "profile", std::move(data), status);
}

}  // namespace

Response password_form(Context& ctx) {
  if (!ctx.visitor.logged_in()) return log_in_first(ctx);
  return password_page(ctx, "", ctx.query.get("changed") == "1" ? "Your password is changed." : "");
}

Response change_password(Context& ctx) {
  if (!ctx.visitor.logged_in()) return error_page(ctx, 403, "Log in first.");
  const model::Account& me = *ctx.visitor.account;
  if (!verify_password(me.password_hash, ctx.form.get("current")))
    return password_page(ctx, "The current password is wrong.", "", 403, "current");
  std::string_view pw = ctx.form.get("password");
  if (auto st = check_password_strength(pw, me.name, ctx.site.config().min_password_chars); !st)
    return password_page(ctx, st.error().message(), "", 400, "password");
  if (pw != ctx.form.get("password2"))
    return password_page(ctx, "The two new passwords differ.", "", 400, "password2");
  auto hash = hash_password(pw);
  if (!hash) return password_page(ctx, hash.error().message(), "", 503);
  if (auto st = ctx.site.store().set_password_hash(me.id, *hash); !st)
    return password_page(ctx, st.error().message(), "", 503);
  // Every other browser logged in as this member is logged out, and every
  // XML-RPC client that logged in with the password.
  end_password_logins(ctx.site.store(), me.id);
  (void)ctx.site.store().append_audit({ctx.site.now(), me.id, "account.password", "person/" + me.name, ""});
  auto set_cookie = start_session(ctx.site, me.id);
  Response r = redirect("/account/password?changed=1");
  if (set_cookie) r.add_header("Set-Cookie", *set_cookie);
  return r;
}

Response profile_form(Context& ctx) {
  if (!ctx.visitor.logged_in()) return log_in_first(ctx);
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
  // The blog feed (syndication in): only when the form has the field.
  const std::string old_feed = current_feed_url(ctx);
  const bool feed_in_form = ctx.form.has("feed_url");
  const std::string feed_url = feed_in_form ? std::string(ctx.form.get("feed_url")) : old_feed;
  // An error names the field it is about; the form comes back as it was sent.
  auto refuse = [&](const std::string& m, const std::string& field) {
    return profile_page(ctx, p, version, as_sentence(m), 400, feed_url, field);
  };
  auto feed_error = [&](const std::string& m) { return refuse(m, "feed_url"); };
  if (auto st = check_email(p.email); !st) return refuse(st.error().message(), "email");
  if (auto st = check_homepage(p.homepage); !st) return refuse(st.error().message(), "homepage");
  if (auto bad = model::profile_error(p)) return refuse(bad->error.message(), std::string(bad->field));
  if (p.real_name != me.profile.real_name)
    if (auto st = model::check_name_text(p.real_name, "a real name"); !st)
      return refuse(st.error().message(), "real_name");
  if (feed_url != old_feed && !feed_url.empty()) {
    if (!may_syndicate(ctx))
      return feed_error(needs_level_text(ctx.site.config(), "Importing a blog", ctx.site.config().syndicate_level));
    if (auto st = feeds::check_feed_url(feed_url, ctx.site.config().feeds.fetch.destinations); !st)
      return feed_error(st.error().message());
  }
  auto snap = ctx.site.trust().snapshot();
  bool follow = snap->level(me.id) >= ctx.site.config().follow_links_level;
  auto notes = html::sanitize(p.notes, notes_policy(), follow ? html::Links::Follow : html::Links::NoFollow);
  if (!notes) return refuse(notes.error().message(), "notes");

  if (ctx.form.has("preview")) {
    // The notes as the person page will show them.
    View data = profile_form(ctx, p, version, feed_url);
    set_html(data, "preview_html", *notes);
    data.set("previewing", bool_view(true));
    return page(ctx, "Edit your profile", "profile", std::move(data));
  }
  auto st = ctx.site.store().update_profile(me.id, p, version);
  if (!st) {
    if (st.error().kind() == ErrorKind::Conflict)
      return profile_page(ctx, p, ctx.visitor.account->version,
                          "Your profile was changed elsewhere since this form was loaded; check and save again.", 409);
    auto [error, status] = store_refusal(st.error(), "Your profile is not saved", kAccountGone);
    return profile_page(ctx, p, version, error.message, status, feed_url);
  }
  if (feed_url != old_feed) {
    // The rest is saved by now; a store that did not answer is no field's
    // fault, and the form comes back at the version just saved.
    if (auto fs = ctx.site.store().set_feed_url(me.id, feed_url); !fs) {
      auto saved = ctx.site.store().account(me.id);
      return profile_page(ctx, p, saved ? saved->version : version,
                          "Your profile is saved, but not the blog feed: " + fs.error().message(), 503, feed_url);
    }
    (void)ctx.site.store().append_audit(
        {ctx.site.now(), me.id, feed_url.empty() ? "feed.remove" : "feed.set", "person/" + me.name, feed_url});
    if (!feed_url.empty()) ctx.site.feed_changed();
  }
  (void)ctx.site.store().append_audit({ctx.site.now(), me.id, "account.profile", "person/" + me.name, ""});
  return redirect(person_url(me.name) + "?saved=1");
}

}  // namespace journeyer::web::handlers
