// Escaping text for HTML: what templates do to every value by default.
#pragma once

#include <string>
#include <string_view>

namespace journeyer::html {

// Text content: & < > escaped; invalid UTF-8 becomes U+FFFD; controls and
// noncharacters, which a parser would replace if they came raw, are written
// as character references (&#x1;) so that they read back as they were.
void append_escaped_text(std::string& out, std::string_view text);
std::string escape_text(std::string_view text);

// A double-quoted attribute value: & " < > escaped, the rest as for text.
void append_escaped_attribute(std::string& out, std::string_view value);
std::string escape_attribute(std::string_view value);

// Replaces every invalid UTF-8 sequence (overlong forms, surrogates, code
// points above U+10FFFF, truncated sequences) with U+FFFD, one per maximal
// invalid subpart (Unicode 15, 3.9 "U+FFFD Substitution of Maximal Subparts").
std::string to_valid_utf8(std::string_view bytes);

}  // namespace journeyer::html
