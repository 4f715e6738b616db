// Shared by the program doors (JSON API and XML-RPC): who holds a token,
// rate limits, and member content as programs see it.
#pragma once

#include <optional>
#include <string>

#include "model/account.h"
#include "model/content.h"
#include "model/records.h"
#include "web/api/json_api.h"
#include "web/site.h"

namespace journeyer::web::handlers {

// Tokens are random_token()s (43 characters); anything much longer is not one.
constexpr std::size_t kMaxTokenChars = 128;

// The active member holding API token `token` (as given to them), with the
// token's record; NotFound for an unknown, revoked or expired token and for
// a disabled member.
struct TokenHolder {
  model::Account account;
  model::Token token;
};
Result<TokenHolder> token_holder(Site& site, std::string_view token);

// The JSON API's caller: the holder of the request's bearer token, counted
// against the token's rate limit. nullopt after filling `error`
// (401 missing_token or invalid_token, 429 rate_limited).
std::optional<TokenHolder> api_caller(Context& ctx, Response& error);
// A read: counted against the bearer token when one is sent (and then it
// must be good), else against the client address. False after filling
// `error`.
bool api_read_allowed(Context& ctx, Response& error);

// An entry's text as HTML, sanitized with the diary policy (Markdown
// rendered first); links followed at or above the configured level.
Result<std::string> diary_html(Context& ctx, const model::DiaryEntry& entry);

// The member's published level's name.
std::string level_of(Context& ctx, model::AccountId id);

// 503 with the store's message.
Response api_store_error(const Error& error);

}  // namespace journeyer::web::handlers

namespace journeyer::web::handlers {

// Posts a new diary entry for `author` (index nullopt, or the diary's
// length) or replaces the text of entry `index`: an entry's number, given
// once (0 the first; model::DiaryEntry). The HTML must pass the diary
// policy's limits. Returns the entry's number. Errors: InvalidInput or
// TooLarge for the text, NotFound for a number never given or deleted,
// Conflict for an entry that comes from the member's syndicated blog.
// Why `author` may not write in a diary (the config's diary level), or
// nullopt when they may.
std::optional<std::string> diary_refusal(Context& ctx, model::AccountId author);

struct DiaryText {
  std::string title;
  std::string body;
  model::TextFormat format = model::TextFormat::Html;
};
Result<std::int64_t> write_diary(Context& ctx, const model::Account& author,
                                 std::optional<std::int64_t> index, const DiaryText& text);

// Entry `number` of the author's diary as the diary APIs find it: the entry,
// or what is left of it when it was deleted. NotFound, saying which numbers
// there are, when the number was never given.
struct NumberedEntry {
  std::optional<model::DiaryEntry> entry;
  std::optional<storage::DiaryDeletion> deleted;
};
Result<NumberedEntry> numbered_entry(Context& ctx, const model::Account& author, std::int64_t number);
// "Entry N of NAME's diary was deleted."
std::string deleted_entry_message(const model::Account& author, std::int64_t number);

}  // namespace journeyer::web::handlers
