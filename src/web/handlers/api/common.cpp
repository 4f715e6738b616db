#include "web/handlers/api/common.h"

#include "web/crypto.h"
#include "web/handlers/diary/common.h"

namespace journeyer::web::handlers {

Result<TokenHolder> token_holder(Site& site, std::string_view token) {
  if (token.empty() || token.size() > kMaxTokenChars) return Error::not_found("No such token.");
  auto t = site.store().token(model::TokenKind::Api, token_hash(token), site.now());
  if (!t) return t.error();
  auto account = site.store().account(t->account);
  if (!account) return account.error();
  if (account->state != model::AccountState::Active)
    return Error::not_found("The token's account is not active.");
  return TokenHolder{std::move(*account), std::move(*t)};
}

namespace {

Response rate_limited(unsigned per_minute, const std::string& what) {
  Response r = api::json_error(429, "rate_limited",
                               "Too many requests: " + what + " may make " + std::to_string(per_minute) +
                                   " a minute. Wait a minute and try again.");
  r.add_header("Retry-After", "60");
  return r;
}

// Checks the bearer token if any; fills `holder` when it is good.
bool check_token(Context& ctx, Response& error, std::optional<TokenHolder>& holder, bool required) {
  std::string token = api::bearer_token(ctx.request.authorization);
  if (token.empty()) {
    if (!required) return true;
    error =
        api::json_error(401, "missing_token",
                        ctx.request.authorization.empty()
                            ? "This needs an API token: send \"Authorization: Bearer TOKEN\" (make one on "
                              "your account's API tokens page)."
                            : "The Authorization header must be \"Bearer TOKEN\".");
    error.add_header("WWW-Authenticate", "Bearer realm=\"api\"");
    return false;
  }
  auto h = token_holder(ctx.site, token);
  if (!h) {
    if (h.error().kind() != ErrorKind::NotFound) {
      error = api_store_error(h.error());
      return false;
    }
    error = api::json_error(401, "invalid_token", "The API token is unknown, revoked or expired.");
    error.add_header("WWW-Authenticate", "Bearer realm=\"api\", error=\"invalid_token\"");
    return false;
  }
  unsigned limit = ctx.site.config().api_per_minute;
  if (!ctx.site.limiter().allow("api-token", std::to_string(h->token.id.value), limit)) {
    error = rate_limited(limit, "one token");
    return false;
  }
  holder = std::move(*h);
  return true;
}

}  // namespace

std::optional<TokenHolder> api_caller(Context& ctx, Response& error) {
  std::optional<TokenHolder> holder;
  if (!check_token(ctx, error, holder, true)) return std::nullopt;
  return holder;
}

bool api_read_allowed(Context& ctx, Response& error) {
  std::optional<TokenHolder> holder;
  if (!check_token(ctx, error, holder, false)) return false;
  if (holder) return true;
  unsigned limit = ctx.site.config().api_anonymous_per_minute;
  if (!ctx.site.limiter().allow("api-address", ctx.request.client, limit)) {
    error = rate_limited(limit, "one address without a token");
    return false;
  }
  return true;
}

Result<std::string> diary_html(Context& ctx, const model::DiaryEntry& entry) {
  // The same rendering as the diary pages (handlers/diary/common.h).
  auto safe = render_entry_body(entry, entry_links(ctx, *ctx.site.trust().snapshot(), entry));
  if (!safe) return safe.error();
  return safe->str();
}

std::string level_of(Context& ctx, model::AccountId id) {
  return model::level_name(ctx.site.trust().snapshot()->level(id), ctx.site.config().trust.levels);
}

Response api_store_error(const Error& error) {
  if (error.kind() == ErrorKind::Busy) {
    // Another writer held the database: the same request in a moment goes through.
    Response r = api::json_error(503, "unavailable",
                                 "The database is busy with another change; send the request again in a moment.");
    r.add_header("Retry-After", "1");
    return r;
  }
  return api::json_error(503, "unavailable", "The database did not answer: " + error.message());
}

}  // namespace journeyer::web::handlers

namespace journeyer::web::handlers {

std::optional<std::string> diary_refusal(Context& ctx, model::AccountId author) {
  const SiteConfig& config = ctx.site.config();
  if (ctx.site.trust().snapshot()->level(author) >= config.diary_level) return std::nullopt;
  return needs_level_text(config, "Keeping a diary", config.diary_level);
}

Result<std::int64_t> write_diary(Context& ctx, const model::Account& author,
                                 std::optional<std::int64_t> index, const DiaryText& text) {
  if (text.body.empty()) return Error::invalid_input("The entry is empty.");
  if (auto st = model::check_diary_body(text.body); !st) return st.error();
  if (auto st = model::check_title(text.title); !st) return st.error();
  // Stored as written and sanitized on output, like the web form's entries;
  // sanitizing now refuses what could never be shown.
  model::DiaryEntry probe;
  probe.author = author.id;
  probe.body = text.body;
  probe.format = text.format;
  if (auto shown = render_new_entry_body(probe, links_for(ctx, *ctx.site.trust().snapshot(), author.id)); !shown)
    return shown.error();
  storage::Store& store = ctx.site.store();
  auto length = JOURNEYER_TRY(store.diary_length(author.id));
  if (!index || *index == length) {
    // The number as the store gives it when adding: simultaneous posts each
    // report their own, not `length` twice.
    storage::NewDiaryEntry e{author.id, text.title, text.body, text.format, ctx.site.now()};
    auto added = JOURNEYER_TRY(store.append_diary_entry(e));
    return added.number;
  }
  if (*index < 0 || *index > length)
    return Error::not_found("There is no diary entry " + std::to_string(*index) +
                            "; entries are numbered from 0 to " + std::to_string(length - 1) + ", and " +
                            std::to_string(length) + " (or -1) adds one.");
  auto found = JOURNEYER_TRY(numbered_entry(ctx, author, *index));
  if (!found.entry) return Error::not_found(deleted_entry_message(author, *index) + " Post a new one instead.");
  const model::DiaryEntry& entry = *found.entry;
  if (entry.syndicated) return Error::conflict("This entry comes from your blog's feed; edit it on your blog.");
  storage::DiaryEdit edit{text.title, text.body, text.format, ctx.site.now()};
  JOURNEYER_TRY(store.edit_diary_entry(entry.id, edit));
  return *index;
}

Result<NumberedEntry> numbered_entry(Context& ctx, const model::Account& author, std::int64_t number) {
  storage::Store& store = ctx.site.store();
  auto entry = store.diary_entry_numbered(author.id, number);
  if (entry) return NumberedEntry{std::move(*entry), std::nullopt};
  if (entry.error().kind() != ErrorKind::NotFound) return entry.error();
  auto deleted = JOURNEYER_TRY(store.diary_deletion(author.id, number));
  if (deleted) return NumberedEntry{std::nullopt, deleted};
  auto length = JOURNEYER_TRY(store.diary_length(author.id));
  return Error::not_found(author.name + " has no diary entry " + std::to_string(number) +
                          (length == 0 ? " (the diary is empty)."
                                       : " (entries are numbered from 0 to " + std::to_string(length - 1) + ")."));
}

std::string deleted_entry_message(const model::Account& author, std::int64_t number) {
  return "Entry " + std::to_string(number) + " of " + author.name + "'s diary was deleted.";
}

}  // namespace journeyer::web::handlers
