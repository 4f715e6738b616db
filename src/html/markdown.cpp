#include "html/markdown.h"

#include <md4c-html.h>

#include <string>

namespace journeyer::html {

namespace {

// md4c 0.4.8 (Debian 12) sometimes hands its output callback a range that
// runs up to a few bytes past the end of the input (found by the fuzzer;
// at most 19 bytes seen, not reproducible outside a fuzzing run). So md4c
// gets a copy of the input followed by zero bytes, and any part of an
// output range that lies in that padding is dropped.
constexpr std::size_t kMarkdownPadding = 256;

struct Output {
  std::string* html;
  const char* input_end;    // one past the member's text
  const char* padding_end;  // one past the zero bytes after it
};

void append_output(const MD_CHAR* text, MD_SIZE size, void* userdata) {
  auto* out = static_cast<Output*>(userdata);
  const char* begin = text;
  const char* end = text + size;
  if (end > out->input_end && begin < out->padding_end) {
    if (begin >= out->input_end) return;
    end = out->input_end;
  }
  out->html->append(begin, static_cast<std::size_t>(end - begin));
}

}  // namespace

Result<std::string> render_markdown_unsafe(std::string_view markdown) {
  std::string out;
  out.reserve(markdown.size() + markdown.size() / 4);
  std::string padded;
  padded.reserve(markdown.size() + kMarkdownPadding);
  padded.append(markdown);
  padded.append(kMarkdownPadding, '\0');
  Output sink{&out, padded.data() + markdown.size(), padded.data() + padded.size()};
  // CommonMark 0.30 as md4c implements it; raw HTML is kept here and judged
  // by the sanitizer afterwards.
  int rc = md_html(padded.data(), static_cast<MD_SIZE>(markdown.size()), append_output, &sink,
                   MD_DIALECT_COMMONMARK, MD_HTML_FLAG_SKIP_UTF8_BOM);
  if (rc != 0) return Error::internal("the Markdown renderer failed");
  return out;
}

Result<Sanitized> markdown_to_html_with_report(std::string_view markdown, const Policy& policy, Links links) {
  if (markdown.size() > policy.max_input_bytes())
    return Error::too_large("the Markdown is " + std::to_string(markdown.size() / 1024) +
                            " KiB, more than the " + std::to_string(policy.max_input_bytes() / 1024) +
                            " KiB allowed here; nothing was cut, please shorten it");
  auto rendered = render_markdown_unsafe(markdown);
  if (!rendered) return rendered.error();
  Policy rendered_policy =
      policy.with_limits(policy.max_input_bytes() * kMarkdownExpansion, policy.max_tags());
  return sanitize_with_report(*rendered, rendered_policy, links);
}

Result<SafeHtml> markdown_to_html(std::string_view markdown, const Policy& policy, Links links) {
  auto r = markdown_to_html_with_report(markdown, policy, links);
  if (!r) return r.error();
  return std::move(r->html);
}

}  // namespace journeyer::html
