// Administration: the spam queue, the audit log, disabling and re-enabling
// accounts. Only the configured administrators, checked here.
#include "web/handlers/account/logins.h"
#include "web/handlers/article/common.h"
#include "web/handlers/handlers.h"
#include "web/handlers/person/common.h"

namespace journeyer::web::handlers {

namespace {
constexpr std::size_t kAuditRows = 100;
constexpr std::size_t kQueueRows = 50;

// The page an audit entry's target ("person/NAME", "proj/NAME",
// "article/N#reply-M") names, or "" for a target that has no page: a
// project's old name after a rename or a delete, or a kind of target this
// does not know.
std::string audit_target_url(const model::AuditEntry& e) {
  if (e.action == "project.rename" || e.action == "project.delete") return "";
  const std::string& target = e.target;
  auto slash = target.find('/');
  if (slash == std::string::npos) return "";
  std::string_view kind = std::string_view(target).substr(0, slash);
  std::string_view rest = std::string_view(target).substr(slash + 1);
  if (kind == "person") return person_url(rest);
  if (kind == "proj") return project_url(rest);
  if (kind == "article") {
    auto hash = rest.find('#');
    std::string_view fragment = hash == std::string_view::npos ? "" : rest.substr(hash);
    model::ArticleId id = parse_article_id(rest.substr(0, hash));
    if (id.value == 0) return "";
    return article_url(id) + std::string(fragment);
  }
  return "";
}
}  // namespace

Response admin_home(Context& ctx) {
  if (!ctx.visitor.logged_in()) return log_in_first(ctx);
  if (!ctx.visitor.admin) return error_page(ctx, 403, "Only administrators may see this page.");
  storage::Store& store = ctx.site.store();
  auto snap = ctx.site.trust().snapshot();
  View data;
  View queue = list_view();
  if (auto flagged = store.flagged_accounts(kQueueRows)) {
    for (auto id : *flagged) {
      auto account = store.account(id);
      auto flags = store.spam_flags(id);
      if (!account || !flags) continue;
      std::int64_t score = 0;
      for (const auto& f : *flags) score += snap->level(f.flagger).value;
      View v;
      v.set("name", account->name);
      v.set("url", person_url(account->name));
      v.set("flags", std::to_string(flags->size()));
      v.set("score", std::to_string(score));
      v.set("state", std::string(model::to_string(account->state)));
      queue.push_back(v);
    }
  }
  data.set("has_queue", bool_view(!queue.is_empty_list()));
  data.set("queue", queue);
  data.set("threshold", std::to_string(ctx.site.config().spam_threshold));
  View log = list_view();
  if (auto entries = store.audit_log(kAuditRows, model::AuditId{})) {
    for (const auto& e : *entries) {
      View v;
      v.set("when", format_datetime(e.when));
      v.set("actor", e.actor ? e.actor_name : std::string("(the site)"));
      v.set("action", e.action);
      v.set("target", e.target);
      if (auto url = audit_target_url(e); !url.empty()) v.set("target_url", url);
      v.set("detail", e.detail);
      log.push_back(v);
    }
  }
  data.set("audit", log);
  return page(ctx, "Administration", "admin", std::move(data));
}

Response admin_set_state(Context& ctx) {
  if (!ctx.visitor.admin) return error_page(ctx, 403, "Only administrators may do this.");
  Response error;
  auto target = named_account(ctx, error);
  if (!target) return error;
  std::string_view action = ctx.form.get("action");
  model::AccountState state;
  if (action == "disable") {
    state = model::AccountState::Disabled;
  } else if (action == "enable") {
    state = target->password_hash.empty() ? model::AccountState::Imported : model::AccountState::Active;
  } else {
    return error_page(ctx, 400, "Choose disable or enable.");
  }
  if (target->id == ctx.visitor.account->id) return error_page(ctx, 403, "You cannot disable yourself.");
  if (auto st = ctx.site.store().set_account_state(target->id, state); !st)
    return error_page(ctx, 503, st.error().message());
  if (state == model::AccountState::Disabled) end_password_logins(ctx.site.store(), target->id);
  (void)ctx.site.store().append_audit({ctx.site.now(), ctx.visitor.account->id,
                                       state == model::AccountState::Disabled ? "account.disable" : "account.enable",
                                       "person/" + target->name, std::string(ctx.form.get("reason"))});
  ctx.site.trust().request_recompute();
  return redirect(person_url(target->name) +
                  (state == model::AccountState::Disabled ? "?disabled=1" : "?enabled=1"));
}

}  // namespace journeyer::web::handlers
