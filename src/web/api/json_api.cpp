// The JSON API's wire format, with nlohmann-json.
#include "web/api/json_api.h"

#include <cctype>
#include <optional>
#include <set>
#include <vector>

namespace journeyer::web::api {

namespace {

// The parser's words for what went wrong ("parse error at line 1, column
// 11: ..."), without its own tag ("[json.exception.parse_error.101] ").
std::string parser_words(const Json::exception& e) {
  std::string_view what = e.what();
  if (!what.empty() && what.front() == '[') {
    if (auto end = what.find("] "); end != std::string_view::npos) what.remove_prefix(end + 2);
  }
  return std::string(what);
}

}  // namespace

Result<Json> parse_body(std::string_view body) {
  if (body.size() > kMaxBodyBytes)
    return Error::too_large("The request body is larger than " + std::to_string(kMaxBodyBytes / 1024) +
                            " KiB.");
  if (body.empty()) return Error::invalid_input("The request body is empty; send a JSON object.");
  bool too_deep = false;
  // A name given twice in one object: which value was meant cannot be
  // told (RFC 8259 leaves it to the reader), so the body is refused.
  std::optional<std::string> twice;
  // The names seen in each object open around the parser.
  std::vector<std::set<std::string>> names;
  // The parser is iterative; the callback refuses deep nesting, which a
  // request body never needs, and names given twice.
  auto cb = [&](int depth, Json::parse_event_t event, Json& parsed) {
    if (static_cast<std::size_t>(depth) > kMaxJsonDepth) too_deep = true;
    if (too_deep || twice) return false;
    if (event == Json::parse_event_t::object_start) {
      names.emplace_back();
    } else if (event == Json::parse_event_t::object_end) {
      if (!names.empty()) names.pop_back();
    } else if (event == Json::parse_event_t::key && !names.empty()) {
      if (!names.back().insert(parsed.get<std::string>()).second) twice = parsed.get<std::string>();
    }
    return !twice;
  };
  Json j;
  try {
    j = Json::parse(body.begin(), body.end(), cb, /*allow_exceptions=*/true);
  } catch (const Json::parse_error& e) {
    return Error::invalid_input("The request body is not JSON: " + parser_words(e) + ".");
  } catch (const Json::exception& e) {
    // Not a syntax error but still refused, e.g. a number too large for a
    // double (out_of_range 406).
    return Error::invalid_input("The request body is not usable JSON: " + parser_words(e) + ".");
  }
  if (too_deep) return Error::invalid_input("The request body is nested too deeply.");
  if (twice) {
    if (twice->size() > 64) *twice = twice->substr(0, 64) + "...";
    return Error::invalid_input("The request body gives the field \"" + *twice + "\" twice; give it once.");
  }
  if (!j.is_object()) return Error::invalid_input("The request body must be a JSON object.");
  return j;
}

Response json_response(int status, const Json& body) {
  Response r;
  r.status = status;
  r.content_type = "application/json; charset=utf-8";
  // Replace: member-written text may hold bytes that are not UTF-8.
  r.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  r.body += '\n';
  r.add_header("Cache-Control", "no-store");
  return r;
}

Response json_error(int status, std::string_view code, std::string_view message) {
  Json j = {{"error", {{"code", std::string(code)}, {"message", std::string(message)}}}};
  return json_response(status, j);
}

std::string bearer_token(std::string_view authorization) {
  // RFC 6750 section 2.1; the scheme is case-insensitive (RFC 9110 section 11.1).
  constexpr std::string_view kScheme = "bearer ";
  if (authorization.size() <= kScheme.size()) return {};
  for (std::size_t i = 0; i < kScheme.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(authorization[i])) != kScheme[i]) return {};
  std::string_view t = authorization.substr(kScheme.size());
  while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
  while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
  return std::string(t);
}

}  // namespace journeyer::web::api
