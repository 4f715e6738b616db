// Certifying a member, and flagging an uncertified account as spam.
#include "web/handlers/account/logins.h"
#include "web/handlers/handlers.h"
#include "web/handlers/person/common.h"

namespace journeyer::web::handlers {

// How long a certificate's page waits for the levels that include it.
constexpr int kCertifyWaitMs = 5000;

Response certify(Context& ctx) {
  if (!ctx.visitor.logged_in())
    return error_page(ctx, 403, "Certification disabled because you're not logged in.");
  Response error;
  auto subject = named_account(ctx, error);
  if (!subject) return error;
  const model::Account& me = *ctx.visitor.account;
  const SiteConfig& config = ctx.site.config();
  auto level = model::parse_level(ctx.form.get("level"), config.trust.levels);
  if (!level) return error_page(ctx, 400, "Choose a level from the list.");
  if (me.id == subject->id) return error_page(ctx, 403, "You cannot certify yourself.");
  if (auto st = model::check_certification(me.id, subject->id, *level, config.trust.levels.size()); !st)
    return error_page(ctx, 400, st.error().message());
  if (ctx.site.trust().snapshot()->level(me.id) < config.certify_level)
    return refusal_page(ctx, below_level(ctx, needs_level_text(config, "Certifying", config.certify_level)));
  storage::NewCertificate c{me.id, subject->id, *level, ctx.site.now()};
  if (auto st = ctx.site.store().certify(c); !st) {
    const StoreRefusal no = store_refusal(st.error(), "Your certificate is not saved", "the member is no longer on the site");
    return error_page(ctx, no.status, no.error.message);
  }
  // A certificate at the lowest level counts for nothing: it takes back the
  // one given before.
  const bool withdrawn = *level == model::kNoCertificate;
  (void)ctx.site.store().append_audit({ctx.site.now(), me.id, withdrawn ? "cert.withdraw" : "cert.give",
                                       "person/" + subject->name, model::level_name(*level, config.trust.levels)});
  // The member expects the page that follows to show the level this
  // certificate gives: wait for the computation (milliseconds on most
  // sites), but not for ever.
  const std::uint64_t ticket = ctx.site.trust().request_recompute();
  const bool computed = ctx.site.trust().wait_computed(ticket, kCertifyWaitMs);
  return redirect(person_url(subject->name) + (withdrawn ? "?withdrawn=" : "?certified=") +
                  (computed ? "1" : "pending"));
}

Response flag_spam(Context& ctx) {
  if (!ctx.visitor.logged_in()) return error_page(ctx, 403, "Log in first.");
  Response error;
  auto target = named_account(ctx, error);
  if (!target) return error;
  const model::Account& me = *ctx.visitor.account;
  const SiteConfig& config = ctx.site.config();
  auto snap = ctx.site.trust().snapshot();
  if (me.id == target->id) return error_page(ctx, 403, "You cannot flag yourself.");
  if (snap->level(me.id) < config.flag_spam_level)
    return refusal_page(ctx, below_level(ctx, needs_level_text(config, "Flagging spam", config.flag_spam_level)));
  if (snap->level(target->id) > model::kNoCertificate)
    return error_page(ctx, 403, "Only uncertified accounts can be flagged as spam.");
  auto st = ctx.site.store().flag_spam(me.id, target->id, ctx.site.now());
  if (!st && st.error().kind() != ErrorKind::Conflict) {  // Conflict: flagged before, which stands
    const StoreRefusal no = store_refusal(st.error(), "Your flag is not saved", "the account is no longer on the site");
    return error_page(ctx, no.status, no.error.message);
  }
  (void)ctx.site.store().append_audit({ctx.site.now(), me.id, "spam.flag", "person/" + target->name, ""});
  // The score: the sum of the flaggers' current levels.
  auto flags = ctx.site.store().spam_flags(target->id);
  std::int64_t score = 0;
  if (flags)
    for (const auto& f : *flags) score += snap->level(f.flagger).value;
  if (score >= config.spam_threshold && target->state != model::AccountState::Disabled) {
    (void)ctx.site.store().set_account_state(target->id, model::AccountState::Disabled);
    end_password_logins(ctx.site.store(), target->id);
    (void)ctx.site.store().append_audit({ctx.site.now(), model::AccountId{}, "account.disable", "person/" + target->name,
                                         "spam score " + std::to_string(score)});
    ctx.site.trust().request_recompute();
    return redirect("/person/?disabled=" + url_encode(target->name));
  }
  return redirect(person_url(target->name) + "?flagged=1");
}

}  // namespace journeyer::web::handlers
