// Markdown (CommonMark, via md4c) to SafeHtml: rendered to HTML, then
// through the same sanitizer, so raw HTML inside Markdown meets the policy
// like any other.
#pragma once

#include <string_view>

#include "html/policy.h"
#include "html/safe_html.h"
#include "html/sanitize.h"
#include "util/result.h"

namespace journeyer::html {

// Rendered HTML may be this many times larger than the Markdown source
// before it is refused (a line of '>' becomes nested blockquotes).
constexpr std::size_t kMarkdownExpansion = 8;

// The source is held to the policy's input limit; its rendering to
// kMarkdownExpansion times that and to the policy's tag limit.
Result<SafeHtml> markdown_to_html(std::string_view markdown, const Policy& policy,
                                  Links links = Links::NoFollow);
Result<Sanitized> markdown_to_html_with_report(std::string_view markdown, const Policy& policy,
                                               Links links = Links::NoFollow);

// md4c's rendering alone, unsanitized: for tests and the fuzzer. Not SafeHtml.
Result<std::string> render_markdown_unsafe(std::string_view markdown);

}  // namespace journeyer::html
