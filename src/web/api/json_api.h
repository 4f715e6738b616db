// The JSON API's wire format (docs/api.md): request bodies in, responses
// and errors out. Pure: no store, no clock.
//
// Every error is {"error": {"code": "stable_code", "message": "..."}} with
// a fitting HTTP status; codes never change once published.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "util/result.h"
#include "web/http.h"

namespace journeyer::web::api {

using Json = nlohmann::json;

constexpr std::size_t kMaxBodyBytes = 800 * 1024;  // a 256 KiB diary entry, escaped
constexpr std::size_t kMaxJsonDepth = 8;           // request bodies are flat objects
constexpr std::size_t kDefaultPageSize = 20;
constexpr std::size_t kMaxPageSize = 100;

// A request body: one JSON object, not too large, not nested deeper than
// kMaxJsonDepth, no name given twice in one object. The error says what is
// wrong and where.
Result<Json> parse_body(std::string_view body);

// A JSON response ("application/json; charset=utf-8"), not cached by
// browsers or proxies.
Response json_response(int status, const Json& body);
Response json_error(int status, std::string_view code, std::string_view message);

// The token from "Authorization: Bearer TOKEN", or "" when the header is
// missing or of another scheme.
std::string bearer_token(std::string_view authorization);

}  // namespace journeyer::web::api
