#include "html/audit.h"

#include <gumbo.h>

#include <string>
#include <vector>

#include "html/parse.h"
#include "util/text.h"

namespace journeyer::html {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

// A URL is fine if what precedes its first ':' (if that comes before any
// '/', '?', '#' or '\') is an allowed scheme; checked on the value with
// every ASCII control and space removed, as loosely as a browser reads it.
bool url_ok(std::string_view value, const Policy& policy, bool image) {
  std::string squeezed;
  for (char c : value)
    if (static_cast<unsigned char>(c) > 0x20 && c != 0x7F) squeezed += c;
  std::size_t end = squeezed.find_first_of(":/?#\\");
  if (end == std::string::npos || squeezed[end] != ':') return true;
  std::string scheme = lower(std::string_view(squeezed).substr(0, end));
  return image ? policy.allows_image_scheme(scheme) : policy.allows_link_scheme(scheme);
}

Status refuse(const std::string& what) { return Error::invalid_input("outside the policy: " + what); }

}  // namespace

Status audit(std::string_view html, const Policy& policy) {
  auto parsed = parse_fragment(html, ParseLimits{kMaxInputBytesCeiling, kMaxTagsCeiling});
  if (!parsed) return parsed.error();
  std::vector<const GumboNode*> todo{parsed->root()};
  bool root = true;
  while (!todo.empty()) {
    const GumboNode* n = todo.back();
    todo.pop_back();
    if (n->type == GUMBO_NODE_COMMENT) return refuse("a comment");
    if (n->type == GUMBO_NODE_TEMPLATE) return refuse("a template");
    if (n->type != GUMBO_NODE_ELEMENT) continue;
    const GumboElement& el = n->v.element;
    if (!root) {
      if (el.tag_namespace != GUMBO_NAMESPACE_HTML) return refuse("an SVG or MathML element");
      std::string name;
      if (el.tag == GUMBO_TAG_UNKNOWN) {
        GumboStringPiece piece = el.original_tag;
        if (piece.length) gumbo_tag_from_original_text(&piece);
        name = lower(std::string_view(piece.data ? piece.data : "", piece.length));
      } else {
        name = gumbo_normalized_tagname(el.tag);
      }
      auto e = element_from_name(name);
      if (!e || !policy.allows(*e)) return refuse("element <" + name + ">");
      for (unsigned i = 0; i < el.attributes.length; ++i) {
        auto* attr = static_cast<const GumboAttribute*>(el.attributes.data[i]);
        std::string an = attr->name;
        if (an == "rel" && *e == Element::A && std::string_view(attr->value) == "nofollow ugc") continue;
        auto a = attribute_from_name(an);
        if (!a || !policy.allows(*e, *a)) return refuse("attribute " + an + " on <" + name + ">");
        if ((*a == Attribute::Href || *a == Attribute::Cite || *a == Attribute::Src) &&
            !url_ok(attr->value, policy, *a == Attribute::Src))
          return refuse("URL " + std::string(attr->value));
      }
    }
    root = false;
    for (unsigned i = 0; i < el.children.length; ++i)
      todo.push_back(static_cast<const GumboNode*>(el.children.data[i]));
  }
  return Ok{};
}

}  // namespace journeyer::html
