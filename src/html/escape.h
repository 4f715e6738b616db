// Escaping text for HTML: what templates do to every value by default.
#pragma once

#include <string>
#include <string_view>

namespace journeyer::html {

// Text content: & < > escaped; invalid UTF-8 becomes U+FFFD.
void append_escaped_text(std::string& out, std::string_view text);
std::string escape_text(std::string_view text);

// A double-quoted attribute value: & " < > escaped; invalid UTF-8 becomes
// U+FFFD.
void append_escaped_attribute(std::string& out, std::string_view value);
std::string escape_attribute(std::string_view value);

// Replaces every invalid UTF-8 sequence (overlong forms, surrogates, code
// points above U+10FFFF, truncated sequences) with U+FFFD, one per maximal
// invalid subpart (Unicode 15, 3.9 "U+FFFD Substitution of Maximal Subparts").
std::string to_valid_utf8(std::string_view bytes);

}  // namespace journeyer::html
