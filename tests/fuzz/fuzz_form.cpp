// Fuzz target for the form, query, path, cookie and X-Forwarded-For parsers
// (web/form.h): no crash, no sanitizer report, and what comes out is valid
// UTF-8 within the limits; a forwarded client address is the peer's or an IP
// address the header holds.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "web/form.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto form = journeyer::web::parse_form(text, 64 * 1024);
  if (form) {
    if (form->fields().size() > journeyer::web::kMaxFormFields) std::abort();
    for (const auto& [k, v] : form->fields())
      if (!journeyer::web::is_valid_utf8(k) || !journeyer::web::is_valid_utf8(v)) std::abort();
  }
  for (auto segment : journeyer::web::split_path(text)) {
    auto decoded = journeyer::web::decode_path_segment(segment);
    if (decoded && (*decoded == ".." || decoded->find('/') != std::string::npos)) std::abort();
  }
  auto cookies = journeyer::web::parse_cookies(text);
  if (cookies.size() > journeyer::web::kMaxCookies) std::abort();
  (void)journeyer::web::url_encode(text);
  const std::string client = journeyer::web::client_address("127.0.0.1", text, {"127.0.0.1", "::1"});
  if (client != "127.0.0.1" && (!journeyer::web::is_ip_address(client) || text.find(client) == std::string_view::npos))
    std::abort();
  return 0;
}
