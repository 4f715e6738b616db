// Fuzz target for the JSON API's request bodies (web/api/json_api.h): no
// crash, no sanitizer report; an accepted body is an object, and the
// bearer-token reader returns a part of its input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "web/api/json_api.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto body = journeyer::web::api::parse_body(text);
  if (body && !body->is_object()) std::abort();
  if (body) (void)body->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  auto token = journeyer::web::api::bearer_token(text);
  if (token.size() > text.size() || (!token.empty() && text.find(token) == std::string_view::npos))
    std::abort();
  return 0;
}
