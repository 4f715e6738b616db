// Markdown on arbitrary bytes: rendered and sanitized, or refused as too
// large; never a crash; the output holds nothing outside the policy and is
// a fixed point of the sanitizer.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "html/audit.h"
#include "html/markdown.h"
#include "html/sanitize.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace journeyer;
  using namespace journeyer::html;
  static const Policy policy = *named_policy("diary");
  static const Policy rendered =
      policy.with_limits(policy.max_input_bytes() * kMarkdownExpansion, policy.max_tags());
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto out = markdown_to_html(text, policy);
  if (!out) {
    if (out.error().kind() != ErrorKind::TooLarge) std::abort();
    return 0;
  }
  if (!audit(out->str(), policy)) std::abort();
  auto again = sanitize(out->str(), rendered);
  if (!again || again->str() != out->str()) std::abort();
  return 0;
}
