#include "html/policy.h"

#include <algorithm>

#include "util/text.h"

namespace journeyer::html {

namespace {

constexpr std::array<std::string_view, kElementCount> kElementNames{
    "a",    "abbr",   "b",      "bdi", "bdo",  "blockquote", "br", "cite", "code", "dd", "del",  "dfn",
    "div",  "dl",     "dt",     "em",  "h1",   "h2",         "h3", "h4",   "h5",   "h6", "hr",   "i",
    "img",  "ins",    "kbd",    "li",  "mark", "ol",         "p",  "pre",  "q",    "s",  "samp", "small",
    "span", "strike", "strong", "sub", "sup",  "tt",         "u",  "ul",   "var",
};

constexpr std::array<std::string_view, kAttributeCount> kAttributeNames{
    "href", "src", "alt", "title", "cite", "lang", "dir", "start", "datetime",
};

// Schemes a config may allow at all: none of them can run script or embed
// a document (no javascript:, vbscript:, data:, blob:, filesystem:).
constexpr std::array<std::string_view, 5> kSafeSchemes{"http", "https", "mailto", "ftp", "irc"};

bool contains_ci(const std::vector<std::string>& list, std::string_view s) {
  return std::any_of(list.begin(), list.end(), [&](const std::string& x) { return ascii_iequals(x, s); });
}

Status check_schemes(const std::vector<std::string>& schemes, const std::string& policy, const char* what) {
  for (const auto& s : schemes) {
    bool safe = std::any_of(kSafeSchemes.begin(), kSafeSchemes.end(),
                            [&](std::string_view k) { return ascii_iequals(k, s); });
    if (!safe)
      return Error::invalid_input("policy " + policy + ": " + what + " scheme \"" + s +
                                  "\" is not one a member's HTML may use");
  }
  return Ok{};
}

// Advogato's elements; the blocks also take dir (ltr, rtl or auto), so that
// a paragraph in Hebrew or Arabic runs from the right.
std::vector<std::pair<std::string, std::vector<std::string>>> advogato_elements(bool with_div) {
  std::vector<std::pair<std::string, std::vector<std::string>>> e{
      {"a", {"href"}},   {"b", {}},   {"blockquote", {"dir"}}, {"br", {}},      {"cite", {}},
      {"code", {}},      {"em", {}},  {"i", {}},               {"li", {"dir"}}, {"ol", {"dir"}},
      {"p", {"dir"}},    {"pre", {}}, {"strong", {}},          {"tt", {}},      {"ul", {"dir"}},
  };
  if (with_div) e.push_back({"div", {"dir"}});
  return e;
}

}  // namespace

std::string_view element_name(Element e) { return kElementNames[static_cast<std::size_t>(e)]; }

std::optional<Element> element_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kElementNames.size(); ++i)
    if (kElementNames[i] == name) return static_cast<Element>(i);
  return std::nullopt;
}

std::string_view attribute_name(Attribute a) { return kAttributeNames[static_cast<std::size_t>(a)]; }

std::optional<Attribute> attribute_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kAttributeNames.size(); ++i)
    if (kAttributeNames[i] == name) return static_cast<Attribute>(i);
  return std::nullopt;
}

bool attribute_fits(Element e, Attribute a) {
  using E = Element;
  switch (a) {
    case Attribute::Title:
    case Attribute::Lang:
    case Attribute::Dir:
      return true;
    case Attribute::Href:
      return e == E::A;
    case Attribute::Src:
    case Attribute::Alt:
      return e == E::Img;
    case Attribute::Cite:
      return e == E::Blockquote || e == E::Q || e == E::Del || e == E::Ins;
    case Attribute::Start:
      return e == E::Ol;
    case Attribute::Datetime:
      return e == E::Del || e == E::Ins;
  }
  return false;
}

bool is_void(Element e) { return e == Element::Br || e == Element::Hr || e == Element::Img; }

bool is_block(Element e) {
  using E = Element;
  switch (e) {
    case E::Blockquote:
    case E::Dd:
    case E::Div:
    case E::Dl:
    case E::Dt:
    case E::H1:
    case E::H2:
    case E::H3:
    case E::H4:
    case E::H5:
    case E::H6:
    case E::Hr:
    case E::Li:
    case E::Ol:
    case E::P:
    case E::Pre:
    case E::Ul:
      return true;
    default:
      return false;
  }
}

PolicyConfig diary_config() {
  PolicyConfig c;
  c.name = "diary";
  c.elements = advogato_elements(true);
  return c;
}

PolicyConfig notes_config() {
  PolicyConfig c = diary_config();
  c.name = "notes";
  c.max_input_bytes = 64 * 1024;
  c.max_tags = 1024;
  return c;
}

PolicyConfig reply_config() {
  PolicyConfig c;
  c.name = "reply";
  c.elements = advogato_elements(false);
  c.max_input_bytes = 64 * 1024;
  c.max_tags = 1024;
  return c;
}

Result<Policy> Policy::from_config(const PolicyConfig& config) {
  const std::string& n = config.name;
  Policy p;
  p.name_ = config.name;
  for (const auto& [tag, attrs] : config.elements) {
    auto e = element_from_name(tag);
    if (!e)
      return Error::invalid_input("policy " + n + ": element <" + tag +
                                  "> is not one the sanitizer can allow (see docs/safe-html.md)");
    if (*e == Element::Img)
      return Error::invalid_input("policy " + n + ": img comes with the images switch, not the element list");
    p.elements_.set(index(*e));
    for (const auto& name : attrs) {
      auto a = attribute_from_name(name);
      if (!a)
        return Error::invalid_input("policy " + n + ": attribute " + name +
                                    " is never allowed (see docs/safe-html.md)");
      if (!attribute_fits(*e, *a))
        return Error::invalid_input("policy " + n + ": attribute " + name + " does not belong on <" + tag +
                                    ">");
      p.attributes_[index(*e)] |= static_cast<std::uint16_t>(1u << static_cast<unsigned>(*a));
    }
  }
  if (config.images == Images::On) {
    p.elements_.set(index(Element::Img));
    p.attributes_[index(Element::Img)] = static_cast<std::uint16_t>(
        (1u << static_cast<unsigned>(Attribute::Src)) | (1u << static_cast<unsigned>(Attribute::Alt)));
  }
  auto links = check_schemes(config.link_schemes, n, "link");
  if (!links) return links.error();
  auto images = check_schemes(config.image_schemes, n, "image");
  if (!images) return images.error();
  if (contains_ci(config.image_schemes, "mailto"))
    return Error::invalid_input("policy " + n + ": mailto is not an image scheme");
  p.link_schemes_ = config.link_schemes;
  p.image_schemes_ = config.image_schemes;
  if (config.max_input_bytes == 0 || config.max_input_bytes > kMaxInputBytesCeiling)
    return Error::invalid_input("policy " + n + ": max input must be between 1 byte and " +
                                std::to_string(kMaxInputBytesCeiling / (1024 * 1024)) + " MiB");
  if (config.max_depth == 0 || config.max_depth > kMaxDepthCeiling)
    return Error::invalid_input("policy " + n + ": max depth must be between 1 and " +
                                std::to_string(kMaxDepthCeiling));
  if (config.max_tags == 0 || config.max_tags > kMaxTagsCeiling)
    return Error::invalid_input("policy " + n + ": max tags must be between 1 and " +
                                std::to_string(kMaxTagsCeiling));
  p.special_tags_ = config.special_tags;
  p.follow_links_level_ = config.follow_links_level;
  p.max_input_bytes_ = config.max_input_bytes;
  p.max_depth_ = config.max_depth;
  p.max_tags_ = config.max_tags;
  return p;
}

bool Policy::allows_link_scheme(std::string_view scheme) const { return contains_ci(link_schemes_, scheme); }

bool Policy::allows_image_scheme(std::string_view scheme) const {
  return contains_ci(image_schemes_, scheme);
}

Policy Policy::with_limits(std::size_t max_input_bytes, std::size_t max_tags) const {
  Policy p = *this;
  p.max_input_bytes_ = std::clamp<std::size_t>(max_input_bytes, 1, kMaxInputBytesCeiling);
  p.max_tags_ = std::clamp<std::size_t>(max_tags, 1, kMaxTagsCeiling);
  return p;
}

Result<Policy> named_policy(std::string_view name) {
  if (name == "diary") return Policy::from_config(diary_config());
  if (name == "notes") return Policy::from_config(notes_config());
  if (name == "reply") return Policy::from_config(reply_config());
  return Error::invalid_input("unknown policy \"" + std::string(name) + "\": use diary, notes or reply");
}

}  // namespace journeyer::html
