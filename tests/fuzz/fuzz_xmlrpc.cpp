// Fuzz target for the XML-RPC parser and writer (web/api/xmlrpc.h): no
// crash, no sanitizer report; a call it accepts stays within the limits,
// and writing its first parameter back gives a document it can read again.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "web/api/xmlrpc.h"

namespace x = journeyer::web::xmlrpc;

namespace {

std::size_t count_values(const x::Value& v, std::size_t depth) {
  if (depth > x::kMaxDepth + 1) std::abort();
  std::size_t n = 1;
  for (const auto& item : v.items) n += count_values(item, depth + 1);
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto call = x::parse_call(text);
  if (!call) {
    int code = x::call_error_code(call.error());
    if (code != x::kNotWellFormed && code != x::kInvalidCall && code != x::kInternal) std::abort();
    (void)x::fault(code, call.error().message());
    return 0;
  }
  if (call->method.empty() || call->method.size() > x::kMaxMethodNameBytes) std::abort();
  std::size_t values = 0;
  for (const auto& p : call->params) values += count_values(p, 0);
  if (values > x::kMaxValues) std::abort();
  if (!call->params.empty()) {
    // The answer, as a call again: the writer's XML must parse.
    std::string doc = x::response(call->params.front());
    auto open = doc.find("<methodResponse>");
    auto close = doc.rfind("</methodResponse>");
    if (open == std::string::npos || close == std::string::npos) std::abort();
    if (doc.find("<fault>") != std::string::npos) return 0;  // the text was not UTF-8
    std::string again = doc.substr(0, open) + "<methodCall><methodName>echo</methodName>" +
                        doc.substr(open + 16, close - open - 16) + "</methodCall>";
    if (!x::parse_call(again)) std::abort();
  }
  return 0;
}
