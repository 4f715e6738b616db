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

// For a logged-in member refused something for their level: where levels
// come from and what to do ("Levels come from ... you are at Observer now.").
std::string how_to_rise(Context& ctx);

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
