// The JSON API's writes, each with the caller's API token: post and edit
// diary entries, certify, reply to an article (docs/api.md).
#include "html/markdown.h"
#include "html/sanitize.h"
#include "web/handlers/api/common.h"
#include "web/handlers/article/common.h"
#include "web/handlers/handlers.h"

namespace journeyer::web::handlers {

namespace {

using api::Json;

// The body of a write: a JSON object sent as application/json; nullopt
// after filling `error`.
std::optional<Json> json_body(Context& ctx, Response& error) {
  constexpr std::string_view kJson = "application/json";
  if (ctx.request.content_type.substr(0, kJson.size()) != kJson) {
    error = api::json_error(415, "unsupported_media_type", "Send the body as application/json.");
    return std::nullopt;
  }
  auto body = api::parse_body(ctx.request.body);
  if (!body) {
    error = body.error().kind() == ErrorKind::TooLarge
                ? api::json_error(413, "too_large", body.error().message())
                : api::json_error(400, "bad_json", body.error().message());
    return std::nullopt;
  }
  return std::move(*body);
}

// Field `key` as a string: "" when absent and not `required`; nullopt
// after filling `error` when it is of another type or missing.
std::optional<std::string> string_field(const Json& body, const char* key, bool required, Response& error) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    if (!required) return std::string();
    error = api::json_error(400, "missing_field", std::string("The field \"") + key + "\" is required.");
    return std::nullopt;
  }
  if (!it->is_string()) {
    error = api::json_error(400, "wrong_type", std::string("The field \"") + key + "\" must be a string.");
    return std::nullopt;
  }
  return it->get<std::string>();
}

Response write_error(const Error& e) {
  switch (e.kind()) {
    case ErrorKind::InvalidInput:
      return api::json_error(400, "invalid", e.message());
    case ErrorKind::TooLarge:
      return api::json_error(413, "too_large", e.message());
    case ErrorKind::NotFound:
      return api::json_error(404, "not_found", e.message());
    case ErrorKind::Conflict:
      return api::json_error(409, "conflict", e.message());
    default:
      return api_store_error(e);
  }
}

std::optional<DiaryText> diary_text(const Json& body, Response& error) {
  DiaryText t;
  auto title = string_field(body, "title", false, error);
  if (!title) return std::nullopt;
  auto text = string_field(body, "body", true, error);
  if (!text) return std::nullopt;
  auto format = string_field(body, "format", false, error);
  if (!format) return std::nullopt;
  if (!format->empty()) {
    auto f = model::parse_text_format(*format);
    if (!f) {
      error = api::json_error(400, "invalid", "The format must be \"html\" or \"markdown\".");
      return std::nullopt;
    }
    t.format = *f;
  }
  t.title = std::move(*title);
  t.body = std::move(*text);
  return t;
}

Response diary_written(Context& ctx, const model::Account& me, std::int64_t index, int status) {
  std::string path = "/api/v1/people/" + me.name + "/diary/" + std::to_string(index);
  Response r = api::json_response(status, {{"index", index}, {"author", me.name}, {"url", path}});
  if (status == 201) r.add_header("Location", path);
  (void)ctx;
  return r;
}

}  // namespace

Response api_post_diary(Context& ctx) {
  Response error;
  auto me = api_caller(ctx, error);
  if (!me) return error;
  auto body = json_body(ctx, error);
  if (!body) return error;
  auto text = diary_text(*body, error);
  if (!text) return error;
  if (auto why = diary_refusal(ctx, me->account.id)) return api::json_error(403, "forbidden", *why);
  auto index = write_diary(ctx, me->account, std::nullopt, *text);
  if (!index) return write_error(index.error());
  return diary_written(ctx, me->account, *index, 201);
}

Response api_edit_diary(Context& ctx) {
  Response error;
  auto me = api_caller(ctx, error);
  if (!me) return error;
  const std::string& param = ctx.params.at(0);
  std::int64_t index = -1;
  try {
    std::size_t used = 0;
    index = std::stoll(param, &used);
    if (used != param.size()) index = -1;
  } catch (const std::exception&) {
  }
  if (index < 0)
    return api::json_error(404, "no_such_entry",
                           "Diary entries are numbered from 0; " + param + " is not one.");
  auto body = json_body(ctx, error);
  if (!body) return error;
  auto text = diary_text(*body, error);
  if (!text) return error;
  if (auto why = diary_refusal(ctx, me->account.id)) return api::json_error(403, "forbidden", *why);
  auto length = ctx.site.store().diary_length(me->account.id);
  if (!length) return api_store_error(length.error());
  if (index >= *length)
    return api::json_error(404, "no_such_entry",
                           "You have no diary entry " + param + "; post new ones to /api/v1/diary.");
  auto written = write_diary(ctx, me->account, index, *text);
  if (!written) return write_error(written.error());
  return diary_written(ctx, me->account, *written, 200);
}

Response api_certify(Context& ctx) {
  Response error;
  auto me = api_caller(ctx, error);
  if (!me) return error;
  auto body = json_body(ctx, error);
  if (!body) return error;
  auto level_name = string_field(*body, "level", true, error);
  if (!level_name) return error;
  auto subject = ctx.site.store().account_by_name(ctx.params.at(0));
  if (!subject || subject->state == model::AccountState::Disabled) {
    if (subject || subject.error().kind() == ErrorKind::NotFound)
      return api::json_error(404, "no_such_member", "There is no member called " + ctx.params.at(0) + ".");
    return api_store_error(subject.error());
  }
  const SiteConfig& config = ctx.site.config();
  auto level = model::parse_level(*level_name, config.trust.levels);
  if (!level)
    return api::json_error(400, "invalid", as_sentence(level.error().message()) + " The levels are " +
                                               comma_list(config.trust.levels) + ".");
  if (me->account.id == subject->id) return api::json_error(403, "forbidden", "You cannot certify yourself.");
  if (ctx.site.trust().snapshot()->level(me->account.id) < config.certify_level)
    return api::json_error(403, "forbidden", needs_level_text(config, "Certifying", config.certify_level));
  storage::NewCertificate c{me->account.id, subject->id, *level, ctx.site.now()};
  if (auto st = ctx.site.store().certify(c); !st) return write_error(st.error());
  (void)ctx.site.store().append_audit({ctx.site.now(), me->account.id, "cert.give", "person/" + subject->name,
                                       model::level_name(*level, config.trust.levels) + " (API)"});
  ctx.site.trust().request_recompute();
  return api::json_response(200, {{"issuer", me->account.name},
                                  {"subject", subject->name},
                                  {"level", model::level_name(*level, config.trust.levels)}});
}

Response api_reply(Context& ctx) {
  Response error;
  auto me = api_caller(ctx, error);
  if (!me) return error;
  const SiteConfig& config = ctx.site.config();
  // The article pages' reply level ([levels] reply), so both doors agree.
  if (ctx.site.trust().snapshot()->level(me->account.id) < config.reply_level)
    return api::json_error(403, "forbidden", needs_level_text(config, "Replying", config.reply_level));
  std::int64_t article_id = 0;
  try {
    std::size_t used = 0;
    article_id = std::stoll(ctx.params.at(0), &used);
    if (used != ctx.params.at(0).size()) article_id = 0;
  } catch (const std::exception&) {
  }
  auto article = ctx.site.store().article(model::ArticleId{article_id}, storage::Visibility::Public);
  if (!article) {
    if (article.error().kind() == ErrorKind::NotFound || article_id <= 0)
      return api::json_error(404, "no_such_article", "There is no article " + ctx.params.at(0) + ".");
    return api_store_error(article.error());
  }
  auto body = json_body(ctx, error);
  if (!body) return error;
  auto title = string_field(*body, "title", true, error);
  if (!title) return error;
  auto text = string_field(*body, "body", true, error);
  if (!text) return error;
  if (title->empty() || text->empty())
    return api::json_error(400, "invalid", "A reply needs a title and a body.");
  if (auto st = model::check_title(*title); !st) return api::json_error(413, "too_large", st.error().message());
  storage::NewReply r;
  r.article = article->id;
  r.author = me->account.id;
  r.title = std::move(*title);
  r.body = std::move(*text);
  r.when = ctx.site.now();
  if (auto it = body->find("parent"); it != body->end() && !it->is_null()) {
    if (!it->is_number_integer())
      return api::json_error(400, "wrong_type", "The field \"parent\" must be a reply id.");
    r.parent = model::ReplyId{it->get<std::int64_t>()};
    auto replies = ctx.site.store().replies(article->id, storage::Visibility::Public);
    if (!replies) return api_store_error(replies.error());
    bool found = false;
    for (const auto& x : *replies) found = found || x.id == r.parent;
    if (!found) return api::json_error(404, "no_such_reply", "The article has no reply " + it->dump() + ".");
  }
  static const Result<html::Policy> policy = html::named_policy("reply");
  if (!policy) return api_store_error(policy.error());
  if (auto html = html::sanitize(r.body, *policy); !html) return write_error(html.error());
  else if (html::shows_nothing(*html))
    return api::json_error(400, "invalid", kReplyShowsNothing);
  auto key = string_field(*body, "submission_key", false, error);
  if (!key) return error;
  // A reply's submission_key, as long as the web forms' keys may be.
  if (key->size() > kMaxFormKeyBytes)
    return api::json_error(400, "invalid",
                           "The submission_key is longer than " + std::to_string(kMaxFormKeyBytes) +
                               " bytes.");
  // Per member and article, and apart from the web forms' keys: a key never
  // finds another member's reply, nor one on another article.
  if (!key->empty())
    r.submission_key = "api:" + std::to_string(me->account.id.value) + ":" +
                       std::to_string(article->id.value) + ":" + *key;
  auto id = ctx.site.store().add_reply(r);
  if (!id) return write_error(id.error());
  std::string path = "/api/v1/articles/" + std::to_string(article->id.value);
  Response out = api::json_response(201, {{"id", id->value}, {"article", article->id.value}, {"url", path}});
  out.add_header("Location", path);
  return out;
}

}  // namespace journeyer::web::handlers
