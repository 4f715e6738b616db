// Shared by the person pages: looking up the named member, and how a
// member's name and links are shown at their level.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "html/policy.h"
#include "model/account.h"
#include "web/site.h"

namespace journeyer::web::handlers {

// The account named by the route's first parameter; nullopt after filling
// `error` (404 for unknown names, and for disabled accounts unless the
// visitor is an administrator).
std::optional<model::Account> named_account(Context& ctx, Response& error);

// {name, url (only at or above the follow-links level), level} for lists.
View member_view(Context& ctx, const LevelSnapshot& snap, model::AccountId id, const std::string& name);

// Why the visitor may not do something: the reason ("Log in to reply.",
// "Replying needs Journeyer level or above.") and, when it is a logged-in
// member's level, `rise`: where levels come from and what to do ("Levels
// come from ... certify you on your page (you are at Observer level
// now)."), with "your page" linking the member's page, where their
// certificates are and their level is explained. A template prints it as
// {{#rise}} {{before}}<a href="{{url}}">{{link}}</a>{{after}}{{/rise}},
// every part escaped.
struct WhyNot {
  std::string reason;
  std::optional<View> rise = std::nullopt;
};
// The reason a member's level is too low for, with `rise`.
WhyNot below_level(Context& ctx, std::string reason);
// {reason, rise} for a template's section.
View why_not_view(const WhyNot& why);
// The 403 page saying why.
Response refusal_page(Context& ctx, const WhyNot& why);

// Where a distance from the trust metric's root (seeds at 1) puts a member,
// in words: "a seed", "1 step from the seeds", "3 steps from the seeds";
// with Capital::Yes, as a sentence or a table cell starts ("A seed").
enum class Capital { No, Yes };
std::string steps_from_seeds(std::uint32_t distance, Capital capital = Capital::No);

// When a member joined, as the person page and the member list say it: the
// day, or "not yet (imported DAY)" for an imported account nobody has
// claimed (the day is the import's).
std::string member_since(model::AccountState state, model::UnixTime since);
// The same among the front page's newest members: "since DAY", or
// "imported DAY" for such an account.
std::string joined(model::AccountState state, model::UnixTime since);

// Certificates under this many days old are marked new.
constexpr model::UnixTime kNewCertificateSeconds = 30 * 86400;

// Empty, or an http(s) address without spaces or quotes (profiles, projects).
Status check_homepage(std::string_view url);

// The sanitizer's policy for profile notes (html::notes_config()).
const html::Policy& notes_policy();

}  // namespace journeyer::web::handlers
