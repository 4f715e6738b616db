#include "web/handlers/person/common.h"

#include <cstdlib>

namespace journeyer::web::handlers {

std::optional<model::Account> named_account(Context& ctx, Response& error) {
  auto account = ctx.site.store().account_by_name(ctx.params.at(0));
  if (!account) {
    error = account.error().kind() == ErrorKind::NotFound
                ? error_page(ctx, 404, "There is no member called " + ctx.params.at(0) + ".")
                : error_page(ctx, 503, "The database did not answer: " + account.error().message());
    return std::nullopt;
  }
  if (account->state == model::AccountState::Disabled && !ctx.visitor.admin) {
    error = error_page(ctx, 404, "This account has been disabled.");
    return std::nullopt;
  }
  return std::move(*account);
}

View member_view(Context& ctx, const LevelSnapshot& snap, model::AccountId id, const std::string& name) {
  View v;
  model::CertLevel level = snap.level(id);
  v.set("name", name);
  if (level >= ctx.site.config().follow_links_level) v.set("url", person_url(name));
  v.set("level", model::level_name(level, ctx.site.config().trust.levels));
  return v;
}

namespace {

// An unclaimed imported account has not joined: its day is the import's.
std::optional<std::string> imported_on(model::AccountState state, model::UnixTime since) {
  if (state != model::AccountState::Imported) return std::nullopt;
  return "imported " + format_date(since);
}

}  // namespace

std::string member_since(model::AccountState state, model::UnixTime since) {
  if (auto imported = imported_on(state, since)) return "not yet (" + *imported + ")";
  return format_date(since);
}

std::string joined(model::AccountState state, model::UnixTime since) {
  return imported_on(state, since).value_or("since " + format_date(since));
}

std::string steps_from_seeds(std::uint32_t distance, Capital capital) {
  if (distance <= 1) return capital == Capital::Yes ? "A seed" : "a seed";
  const std::uint32_t steps = distance - 1;
  return count_of(steps, "step", "steps") + " from the seeds";
}

namespace {

std::optional<View> how_to_rise(Context& ctx) {
  if (!ctx.visitor.logged_in()) return std::nullopt;
  const model::Account& me = *ctx.visitor.account;
  const auto& levels = ctx.site.config().trust.levels;
  View rise;
  rise.set("before",
           "Levels come from the certificates members give one another: ask members who know your work to "
           "certify you on ");
  rise.set("url", person_url(me.name));
  rise.set("link", "your page");
  rise.set("after", " (you are at " + model::level_name(ctx.site.trust().snapshot()->level(me.id), levels) +
                        " level now).");
  return rise;
}

}  // namespace

WhyNot below_level(Context& ctx, std::string reason) { return {std::move(reason), how_to_rise(ctx)}; }

View why_not_view(const WhyNot& why) {
  View v;
  v.set("reason", why.reason);
  if (why.rise) v.set("rise", *why.rise);
  return v;
}

Response refusal_page(Context& ctx, const WhyNot& why) {
  View data;
  data.set("heading", "Not allowed");
  data.set("message", why.reason);
  if (why.rise) data.set("rise", *why.rise);
  return page(ctx, "Not allowed", "error", std::move(data), 403);
}

Status check_homepage(std::string_view url) {
  if (url.empty()) return Ok{};
  if (url.size() > model::kMaxHomepageBytes) return Error::invalid_input("The homepage address is too long.");
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
    return Error::invalid_input("The homepage must be an http:// or https:// address.");
  for (unsigned char c : url)
    if (c <= ' ' || c == '"' || c == '<' || c == '>') return Error::invalid_input("The homepage address has a space or a quote in it.");
  return Ok{};
}

const html::Policy& notes_policy() {
  static const html::Policy policy = [] {
    auto p = html::Policy::from_config(html::notes_config());
    if (!p) std::abort();  // the built-in policy is checked by the html tests
    return *p;
  }();
  return policy;
}

}  // namespace journeyer::web::handlers
