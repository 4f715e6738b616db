// The sanitizer on arbitrary bytes: it returns SafeHtml or a TooLarge
// refusal, never crashes; its output holds nothing outside the policy
// (checked by an independent re-parse, html::audit), is valid UTF-8, and
// comes back unchanged when sanitized again. html::shows_nothing agrees
// with a walk of the output's parse tree (no text but white space and
// no-break spaces, no image).
#include <gumbo.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "html/audit.h"
#include "html/escape.h"
#include "html/parse.h"
#include "html/sanitize.h"

namespace {

using namespace journeyer;
using namespace journeyer::html;

const Policy& policy_for(std::uint8_t choice) {
  static const Policy plain = *Policy::from_config(diary_config());
  static const Policy wide = [] {
    PolicyConfig c = diary_config();
    c.images = Images::On;
    c.elements.push_back({"h2", {"title", "lang", "dir"}});
    c.elements.push_back({"dl", {}});
    c.elements.push_back({"dd", {}});
    c.elements.push_back({"dt", {}});
    c.elements.push_back({"span", {"title"}});
    c.elements.push_back({"del", {"cite", "datetime"}});
    c.elements.push_back({"ol", {"start"}});
    c.max_depth = 8;
    return *Policy::from_config(c);
  }();
  return choice & 1 ? wide : plain;
}

// Whether a reader sees anything in this parsed tree.
bool shows_something(const GumboNode* node) {
  if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA) {
    std::string_view t(node->v.text.text);
    for (std::size_t i = 0; i < t.size(); ++i) {
      const char c = t[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') continue;
      if (c == '\xC2' && i + 1 < t.size() && t[i + 1] == '\xA0') {
        ++i;
        continue;
      }
      return true;
    }
    return false;
  }
  if (node->type != GUMBO_NODE_ELEMENT) return false;
  if (node->v.element.tag == GUMBO_TAG_IMG) return true;
  const GumboVector& kids = node->v.element.children;
  for (unsigned i = 0; i < kids.length; ++i)
    if (shows_something(static_cast<const GumboNode*>(kids.data[i]))) return true;
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  const Policy& policy = policy_for(size ? data[0] : 0);
  Links links = size && (data[0] & 2) ? Links::Follow : Links::NoFollow;
  auto first = sanitize(text, policy, links);
  if (!first) {
    if (first.error().kind() != ErrorKind::TooLarge) std::abort();
    return 0;
  }
  const std::string& out = first->str();
  if (!audit(out, policy)) std::abort();
  if (to_valid_utf8(out) != out) std::abort();
  auto second = sanitize(out, policy, links);
  if (!second || second->str() != out) std::abort();
  auto tree = parse_fragment(out, {out.size() + 1, out.size() + 1});
  if (tree && shows_nothing(*first) == shows_something(tree->root())) std::abort();
  return 0;
}
