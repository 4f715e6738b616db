// The sanitizer: untrusted HTML in, SafeHtml out. Parses as a browser
// parses (gumbo, the HTML5 algorithm), keeps only what the policy allows,
// and writes HTML that a browser parses back into exactly the kept tree.
// Pure: no I/O.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "html/policy.h"
#include "html/safe_html.h"
#include "util/result.h"

namespace journeyer::html {

// What the sanitizer did, for tests, benchmarks and curious authors.
struct SanitizeReport {
  std::size_t dropped_elements = 0;    // tags not kept (their text is, unless script-like)
  std::size_t dropped_attributes = 0;  // attributes not kept
  std::size_t flattened = 0;           // allowed tags unwrapped (too deep, or misnested)
  std::size_t parser_bytes = 0;        // memory the HTML parser used
  // What stands in for elements the policy leaves out but whose meaning a
  // reader should still get: a heading becomes a paragraph of strong text,
  // an image a link to it ("[image: ALT]"), or that text alone where no
  // link can be made (its address is not one a link may have, or it is
  // inside a link already); a section break (hr) a paragraph "* * *".
  std::size_t headings_as_paragraphs = 0;
  std::size_t breaks_as_paragraphs = 0;
  std::size_t images_as_links = 0;
  std::size_t images_as_text = 0;

  SanitizeReport& operator+=(const SanitizeReport& other) {
    dropped_elements += other.dropped_elements;
    dropped_attributes += other.dropped_attributes;
    flattened += other.flattened;
    parser_bytes += other.parser_bytes;
    headings_as_paragraphs += other.headings_as_paragraphs;
    breaks_as_paragraphs += other.breaks_as_paragraphs;
    images_as_links += other.images_as_links;
    images_as_text += other.images_as_text;
    return *this;
  }
};

struct Sanitized {
  SafeHtml html;
  SanitizeReport report;
};

// Refuses (TooLarge) input over the policy's limits, with a message for the
// author; never cuts it. `links` says whether links get rel="nofollow ugc"
// (Policy::links_for_level decides it from the author's trust level).
Result<SafeHtml> sanitize(std::string_view untrusted, const Policy& policy, Links links = Links::NoFollow);
Result<Sanitized> sanitize_with_report(std::string_view untrusted, const Policy& policy,
                                       Links links = Links::NoFollow);

// Whether sanitized HTML shows a reader nothing: no text but white space
// and no-break spaces, and no image (what is left of a post that held only
// a script, say).
bool shows_nothing(const SafeHtml& html);

// A sentence telling an author how their headings and images show here
// (the report's stand-ins), or "" when the text held neither.
std::string stand_ins_note(const SanitizeReport& report);

}  // namespace journeyer::html
