// Policies: which elements, attributes and URL schemes member-written HTML
// may keep, and the limits on its size. A policy is data from the site
// config (PolicyConfig, by name), checked once into a Policy.
#pragma once

#include <array>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/result.h"

namespace journeyer::html {

// The elements any policy may allow. Each is plain flow or phrasing content
// the sanitizer knows how to keep so that a browser parses the output into
// exactly the tree it wrote (docs/safe-html.md); nothing that runs script,
// loads a document, takes input, or can be restyled into a fake page.
enum class Element : std::uint8_t {
  A,
  Abbr,
  B,
  Bdi,
  Bdo,
  Blockquote,
  Br,
  Cite,
  Code,
  Dd,
  Del,
  Dfn,
  Div,
  Dl,
  Dt,
  Em,
  H1,
  H2,
  H3,
  H4,
  H5,
  H6,
  Hr,
  I,
  Img,
  Ins,
  Kbd,
  Li,
  Mark,
  Ol,
  P,
  Pre,
  Q,
  S,
  Samp,
  Small,
  Span,
  Strike,
  Strong,
  Sub,
  Sup,
  Tt,
  U,
  Ul,
  Var,
};
constexpr std::size_t kElementCount = static_cast<std::size_t>(Element::Var) + 1;

// The attributes any policy may allow, each with a rule for its value.
// Never: style, on*, id, name, class, srcset, target, form*, ...
enum class Attribute : std::uint8_t {
  Href,      // a: a URL with an allowed link scheme, or relative
  Src,       // img: a URL with an allowed image scheme, or relative
  Alt,       // img: text
  Title,     // any: text
  Cite,      // blockquote, q, del, ins: a URL like href
  Lang,      // any: a language tag, letters digits and '-'
  Dir,       // any: ltr, rtl or auto
  Start,     // ol: an integer
  Datetime,  // del, ins: digits, letters and - : + . space
};
constexpr std::size_t kAttributeCount = static_cast<std::size_t>(Attribute::Datetime) + 1;

std::string_view element_name(Element e);
std::optional<Element> element_from_name(std::string_view lowercase_name);
std::string_view attribute_name(Attribute a);
std::optional<Attribute> attribute_from_name(std::string_view lowercase_name);
// Whether the vocabulary lets `a` appear on `e` at all (href only on a, ...).
bool attribute_fits(Element e, Attribute a);

// Void elements have no content and no end tag.
bool is_void(Element e);
// Elements that start a block: a browser closes an open <p> before them.
bool is_block(Element e);

enum class Images { Off, On };          // img with src and alt
enum class SpecialTags { Off, On };     // Advogato's <person>, <project>, <proj>
enum class Links { NoFollow, Follow };  // rel="nofollow ugc" on links, or not

// Limits. Defaults are for a diary entry; ceilings bound what a config may
// ask for, because the HTML5 parser's work grows faster than linearly with
// the number of tags on hostile input (docs/safe-html.md, "Limits").
constexpr std::size_t kDefaultMaxInputBytes = 256 * 1024;
constexpr std::size_t kMaxInputBytesCeiling = 8 * 1024 * 1024;
constexpr std::size_t kDefaultMaxDepth = 64;
constexpr std::size_t kMaxDepthCeiling = 256;
constexpr std::size_t kDefaultMaxTags = 4096;
constexpr std::size_t kMaxTagsCeiling = 16384;
// Advogato's levels, counted from 0 = Observer: Apprentice and above get
// followed links by default.
constexpr int kDefaultFollowLinksLevel = 1;

// A policy as a site config writes it: names, checked by Policy::from_config.
struct PolicyConfig {
  std::string name;
  // Tag name -> the attributes it keeps. img is not listed here: it comes
  // with the images switch.
  std::vector<std::pair<std::string, std::vector<std::string>>> elements;
  std::vector<std::string> link_schemes{"http", "https", "mailto"};
  std::vector<std::string> image_schemes{"http", "https"};
  Images images = Images::Off;
  SpecialTags special_tags = SpecialTags::On;
  int follow_links_level = kDefaultFollowLinksLevel;
  std::size_t max_input_bytes = kDefaultMaxInputBytes;
  std::size_t max_depth = kDefaultMaxDepth;
  std::size_t max_tags = kDefaultMaxTags;
};

// Advogato's diary allowlist plus code; no style anywhere; images off.
PolicyConfig diary_config();
// Profile and project notes: the diary's tags, 64 KiB.
PolicyConfig notes_config();
// Replies to articles: the diary's tags without div, 64 KiB.
PolicyConfig reply_config();

class Policy {
 public:
  // Refuses unknown or unsafe tags, attributes and schemes, and limits
  // outside their ceilings, with a message naming the culprit.
  static Result<Policy> from_config(const PolicyConfig& config);

  const std::string& name() const { return name_; }
  bool allows(Element e) const { return elements_[index(e)]; }
  bool allows(Element e, Attribute a) const {
    return (attributes_[index(e)] >> static_cast<unsigned>(a)) & 1u;
  }
  // `scheme` compared ignoring ASCII case.
  bool allows_link_scheme(std::string_view scheme) const;
  bool allows_image_scheme(std::string_view scheme) const;
  bool special_tags() const { return special_tags_ == SpecialTags::On; }
  // Whose links search engines may follow: members at or above the level.
  Links links_for_level(int author_level) const {
    return author_level >= follow_links_level_ ? Links::Follow : Links::NoFollow;
  }

  std::size_t max_input_bytes() const { return max_input_bytes_; }
  std::size_t max_depth() const { return max_depth_; }
  std::size_t max_tags() const { return max_tags_; }

  // The same policy with other size limits (Markdown's rendered HTML is
  // larger than its source). Clamped to the ceilings.
  Policy with_limits(std::size_t max_input_bytes, std::size_t max_tags) const;

 private:
  Policy() = default;
  static std::size_t index(Element e) { return static_cast<std::size_t>(e); }

  std::string name_;
  std::bitset<kElementCount> elements_;
  std::array<std::uint16_t, kElementCount> attributes_{};
  std::vector<std::string> link_schemes_;
  std::vector<std::string> image_schemes_;
  SpecialTags special_tags_ = SpecialTags::On;
  int follow_links_level_ = kDefaultFollowLinksLevel;
  std::size_t max_input_bytes_ = kDefaultMaxInputBytes;
  std::size_t max_depth_ = kDefaultMaxDepth;
  std::size_t max_tags_ = kDefaultMaxTags;
};

// "diary", "notes" or "reply".
Result<Policy> named_policy(std::string_view name);

}  // namespace journeyer::html
