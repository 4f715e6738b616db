// POST /XMLRPC: Advogato's XML-RPC methods, for the clients written for it
// (docs/api.md). The cookie that authenticate() returns is an API token:
// stored hashed, listed and revocable on the account's API tokens page.
#include "web/api/xmlrpc.h"

#include "web/crypto.h"
#include "web/handlers/account/logins.h"
#include "web/handlers/api/common.h"
#include "web/handlers/handlers.h"

namespace journeyer::web::handlers {

namespace {

namespace x = xmlrpc;

// A method's answer: a value, or a fault.
struct Outcome {
  std::optional<x::Value> value;
  int code = 0;
  std::string message;
};
Outcome ok(x::Value v) { return {std::move(v), 0, {}}; }
Outcome fail(int code, std::string message) { return {std::nullopt, code, std::move(message)}; }

// Checks the parameters' count and types: "ss" is two strings, "si" a
// string and an int. Advogato's clients send indexes as ints; a string of
// digits is taken too, as some send everything as strings.
std::optional<Outcome> check_params(const x::Call& call, std::string_view signature) {
  if (call.params.size() != signature.size())
    return fail(x::kBadParams, call.method + " takes " + std::to_string(signature.size()) + " parameter" +
                                   (signature.size() == 1 ? "" : "s") + ", not " +
                                   std::to_string(call.params.size()) + ".");
  for (std::size_t i = 0; i < signature.size(); ++i) {
    const x::Value& v = call.params[i];
    bool good =
        signature[i] == 's'
            ? v.type == x::Type::String
            : v.type == x::Type::Int || (v.type == x::Type::String && !v.text.empty() && v.text.size() < 12 &&
                                         v.text.find_first_not_of("-0123456789") == std::string::npos);
    if (!good)
      return fail(x::kBadParams, call.method + ": parameter " + std::to_string(i + 1) + " must be " +
                                     (signature[i] == 's' ? "a string" : "an int") + ", not " +
                                     std::string(x::type_name(v.type)) + ".");
  }
  return std::nullopt;
}

std::int64_t int_param(const x::Value& v) {
  if (v.type == x::Type::Int) return v.integer;
  try {
    return std::stoll(v.text);
  } catch (const std::exception&) {
    return -2;  // never a valid index
  }
}

Outcome store_fault(const Error& e) {
  if (e.kind() == ErrorKind::Busy)
    return fail(x::kInternal, "The database is busy with another change; send the call again in a moment.");
  return fail(x::kInternal, "The database did not answer: " + e.message());
}

// The member called `name`, if active or imported.
Result<model::Account> member(Context& ctx, const std::string& name) {
  auto a = ctx.site.store().account_by_name(name);
  if (!a) return a.error();
  if (a->state == model::AccountState::Disabled) return Error::not_found("disabled");
  return a;
}

Outcome no_such_user(const std::string& name) {
  return fail(x::kNoSuchUser, "There is no member called " + name + ".");
}

Outcome authenticate(Context& ctx, const x::Call& call) {
  if (auto bad = check_params(call, "ss")) return *bad;
  if (!ctx.site.limiter().allow("login", ctx.request.client, ctx.site.config().login_per_minute))
    return fail(x::kRefused, "Too many log-in attempts from your address in the last minute. Wait a minute.");
  auto account = ctx.site.store().account_by_name(call.params[0].text);
  if (!account && account.error().kind() != ErrorKind::NotFound) return store_fault(account.error());
  bool good = account && account->state == model::AccountState::Active &&
              verify_password(account->password_hash, call.params[1].text);
  if (!good) return fail(x::kNotAuthenticated, "Wrong name or password.");
  std::string cookie = random_token();
  model::Token t;
  t.kind = model::TokenKind::Api;
  t.token_hash = token_hash(cookie);
  t.account = account->id;
  t.label = kXmlRpcTokenLabel;
  t.created = ctx.site.now();
  t.expires = ctx.site.now() + static_cast<model::UnixTime>(ctx.site.config().session_days) * 86400;
  if (auto id = ctx.site.store().create_token(t); !id) return store_fault(id.error());
  (void)ctx.site.store().record_login(account->id, ctx.site.now());
  return ok(x::Value::of_string(cookie));
}

Outcome checkcookie(Context& ctx, const x::Call& call) {
  if (auto bad = check_params(call, "s")) return *bad;
  auto h = token_holder(ctx.site, call.params[0].text);
  if (!h && h.error().kind() != ErrorKind::NotFound) return store_fault(h.error());
  return ok(x::Value::of_int(h ? 1 : 0));
}

Outcome diary_len(Context& ctx, const x::Call& call) {
  if (auto bad = check_params(call, "s")) return *bad;
  auto a = member(ctx, call.params[0].text);
  if (!a)
    return a.error().kind() == ErrorKind::NotFound ? no_such_user(call.params[0].text)
                                                   : store_fault(a.error());
  // The numbers given so far, deleted entries' included: a client looping
  // from 0 to len - 1 meets every entry (docs/api.md).
  auto length = ctx.site.store().diary_length(a->id);
  if (!length) return store_fault(length.error());
  return ok(x::Value::of_int(*length));
}

Outcome diary_get(Context& ctx, const x::Call& call, bool dates) {
  if (auto bad = check_params(call, "si")) return *bad;
  auto a = member(ctx, call.params[0].text);
  if (!a)
    return a.error().kind() == ErrorKind::NotFound ? no_such_user(call.params[0].text)
                                                   : store_fault(a.error());
  auto found = numbered_entry(ctx, *a, int_param(call.params[1]));
  if (!found)
    return found.error().kind() == ErrorKind::NotFound ? fail(x::kBadContent, found.error().message())
                                                       : store_fault(found.error());
  if (found->deleted) {
    // A deleted entry reads as an empty one with the dates it had, so that a
    // client looping over the numbers goes on to the next.
    const auto& d = *found->deleted;
    if (dates) return ok(x::Value::of_array({x::Value::of_time(d.created), x::Value::of_time(d.updated)}));
    return ok(x::Value::of_string(""));
  }
  const model::DiaryEntry* e = &*found->entry;
  if (dates) return ok(x::Value::of_array({x::Value::of_time(e->created), x::Value::of_time(e->updated)}));
  auto html = diary_html(ctx, *e);
  if (!html) return fail(x::kInternal, "The entry could not be shown: " + html.error().message());
  return ok(x::Value::of_string(*html));
}

Outcome diary_set(Context& ctx, const x::Call& call) {
  if (auto bad = check_params(call, "sis")) return *bad;
  auto h = token_holder(ctx.site, call.params[0].text);
  if (!h) {
    if (h.error().kind() != ErrorKind::NotFound) return store_fault(h.error());
    return fail(x::kNotAuthenticated, "The cookie is unknown, revoked or expired: call authenticate again.");
  }
  if (!ctx.site.limiter().allow("api-token", std::to_string(h->token.id.value),
                                ctx.site.config().api_per_minute))
    return fail(x::kRefused, "Too many requests with this cookie in the last minute. Wait a minute.");
  if (auto why = diary_refusal(ctx, h->account.id)) return fail(x::kRefused, *why);
  std::int64_t index = int_param(call.params[1]);
  std::optional<std::int64_t> at;
  if (index != -1) at = index;
  if (index < -1) return fail(x::kBadContent, "The index must be -1 (a new entry) or an entry's number.");
  DiaryText text;
  text.body = call.params[2].text;
  auto written = write_diary(ctx, h->account, at, text);
  if (!written) {
    switch (written.error().kind()) {
      case ErrorKind::InvalidInput:
      case ErrorKind::TooLarge:
      case ErrorKind::NotFound:
      case ErrorKind::Conflict:
        return fail(x::kBadContent, written.error().message());
      default:
        return store_fault(written.error());
    }
  }
  return ok(x::Value::of_int(1));
}

Outcome user_exists(Context& ctx, const x::Call& call) {
  if (auto bad = check_params(call, "s")) return *bad;
  auto a = member(ctx, call.params[0].text);
  if (!a && a.error().kind() != ErrorKind::NotFound) return store_fault(a.error());
  return ok(x::Value::of_int(a ? 1 : 0));
}

Outcome cert_get(Context& ctx, const x::Call& call) {
  if (auto bad = check_params(call, "s")) return *bad;
  auto a = member(ctx, call.params[0].text);
  if (!a)
    return a.error().kind() == ErrorKind::NotFound ? no_such_user(call.params[0].text)
                                                   : store_fault(a.error());
  return ok(x::Value::of_string(level_of(ctx, a->id)));
}

Outcome run(Context& ctx, const x::Call& call) {
  const std::string& m = call.method;
  if (m == "authenticate") return authenticate(ctx, call);
  if (m == "checkcookie") return checkcookie(ctx, call);
  if (m == "diary.len") return diary_len(ctx, call);
  if (m == "diary.get") return diary_get(ctx, call, false);
  if (m == "diary.getDates") return diary_get(ctx, call, true);
  if (m == "diary.set") return diary_set(ctx, call);
  if (m == "user.exists") return user_exists(ctx, call);
  if (m == "cert.get") return cert_get(ctx, call);
  return fail(x::kUnknownMethod, "There is no method " + m + ".");
}

Response xml(std::string body) {
  Response r;
  r.content_type = "text/xml; charset=utf-8";
  r.body = std::move(body);
  r.add_header("Cache-Control", "no-store");
  return r;
}

}  // namespace

Response xmlrpc(Context& ctx) {
  // The spec answers every call with 200 and puts errors in a fault.
  if (!ctx.site.limiter().allow("api-address", ctx.request.client,
                                ctx.site.config().api_anonymous_per_minute))
    return xml(
        x::fault(x::kRefused, "Too many requests from your address in the last minute. Wait a minute."));
  auto call = x::parse_call(ctx.request.body);
  if (!call) return xml(x::fault(x::call_error_code(call.error()), call.error().message()));
  Outcome out = run(ctx, *call);
  return xml(out.value ? x::response(*out.value) : x::fault(out.code, out.message));
}

}  // namespace journeyer::web::handlers
