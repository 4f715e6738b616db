// Bounded HTML5 parsing: gumbo with max_errors = 0, in an arena with a
// memory budget, after cheap checks on the input that keep gumbo's
// worst cases (work that grows with nesting depth and with the number of
// attributes on one tag) within the policy's limits. Internal to html/.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

#include "util/result.h"

struct GumboInternalNode;
struct GumboInternalOutput;

namespace journeyer::html {

// The parser may use this much memory per input byte, plus a base; above
// that the input is refused (nested formatting tags can make the HTML5
// "reconstruct the active formatting elements" step build a number of
// elements that grows with the square of the input).
constexpr std::size_t kParserBytesPerInputByte = 64;
constexpr std::size_t kParserBaseBytes = 4 * 1024 * 1024;
// Most attributes any one tag may have; gumbo checks each new attribute
// against all earlier ones on its tag.
constexpr std::size_t kMaxAttributesPerTag = 128;

struct ParseLimits {
  std::size_t max_input_bytes;
  std::size_t max_tags;
};

// Counts of what the input holds, from the checks before parsing.
struct InputShape {
  std::size_t tags = 0;             // "<" followed by an ASCII letter
  std::size_t most_attributes = 0;  // on any one tag, at most
};

// An upper bound, without parsing, on the start tags in `text` and on the
// attributes any one of them has: every place a start tag could begin
// (HTML 13.2.5.6, tag open state) is followed through the tag and
// attribute states (13.2.5.8 to 13.2.5.40) to where that tag would end.
InputShape measure_input(std::string_view text);

class ParsedHtml {
 public:
  ParsedHtml(ParsedHtml&&) noexcept;
  ParsedHtml& operator=(ParsedHtml&&) noexcept;
  ~ParsedHtml();

  // The root of the parsed fragment: an html element whose children are
  // the parsed nodes (HTML 13.4, fragment parsing in a div).
  const GumboInternalNode* root() const;
  // Bytes the parser allocated.
  std::size_t parser_bytes() const;

 private:
  friend Result<ParsedHtml> parse_fragment(std::string_view text, const ParseLimits& limits);
  struct Impl;
  explicit ParsedHtml(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Parses `text` as the content of a <div>, or refuses it (TooLarge) with a
// message for the author when a limit is exceeded.
Result<ParsedHtml> parse_fragment(std::string_view text, const ParseLimits& limits);

}  // namespace journeyer::html
