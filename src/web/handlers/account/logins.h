// What a log-in with the password leaves behind, and ending it all when
// the password changes.
#pragma once

#include <string_view>

#include "model/ids.h"
#include "storage/store.h"

namespace journeyer::web::handlers {

// The label of the API tokens that XML-RPC's authenticate() hands out as
// its cookie: a log-in with the password, like a browser's session.
inline constexpr std::string_view kXmlRpcTokenLabel = "XML-RPC (authenticate)";

// Ends every log-in made with the member's password: the browsers'
// sessions and the cookies XML-RPC's authenticate() gave. The API tokens the
// member made on the tokens page stay until revoked there. Best effort: the
// password is changed already when this runs.
void end_password_logins(storage::Store& store, model::AccountId account);

}  // namespace journeyer::web::handlers
