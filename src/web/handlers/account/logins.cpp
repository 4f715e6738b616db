#include "web/handlers/account/logins.h"

namespace journeyer::web::handlers {

void end_password_logins(storage::Store& store, model::AccountId account) {
  (void)store.delete_sessions_of(account);
  auto tokens = store.tokens_of(account, model::TokenKind::Api);
  if (!tokens) return;
  for (const auto& t : *tokens)
    if (!t.revoked && t.label == kXmlRpcTokenLabel) (void)store.revoke_token(t.id);
}

}  // namespace journeyer::web::handlers
