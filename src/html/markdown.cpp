#include "html/markdown.h"

#include <md4c-html.h>

#include <string>

namespace journeyer::html {

namespace {

void append_output(const MD_CHAR* text, MD_SIZE size, void* userdata) {
  static_cast<std::string*>(userdata)->append(text, size);
}

}  // namespace

Result<std::string> render_markdown_unsafe(std::string_view markdown) {
  std::string out;
  out.reserve(markdown.size() + markdown.size() / 4);
  // CommonMark 0.30 as md4c implements it; raw HTML is kept here and judged
  // by the sanitizer afterwards.
  int rc = md_html(markdown.data(), static_cast<MD_SIZE>(markdown.size()), append_output, &out,
                   MD_DIALECT_COMMONMARK, MD_HTML_FLAG_SKIP_UTF8_BOM);
  if (rc != 0) return Error::internal("the Markdown renderer failed");
  return out;
}

Result<Sanitized> markdown_to_html_with_report(std::string_view markdown, const Policy& policy, Links links) {
  if (markdown.size() > policy.max_input_bytes())
    return Error::too_large("the Markdown is " + std::to_string(markdown.size() / 1024) + " KiB, more than the " +
                            std::to_string(policy.max_input_bytes() / 1024) +
                            " KiB allowed here; nothing was cut, please shorten it");
  auto rendered = render_markdown_unsafe(markdown);
  if (!rendered) return rendered.error();
  Policy rendered_policy = policy.with_limits(policy.max_input_bytes() * kMarkdownExpansion, policy.max_tags());
  return sanitize_with_report(*rendered, rendered_policy, links);
}

Result<SafeHtml> markdown_to_html(std::string_view markdown, const Policy& policy, Links links) {
  auto r = markdown_to_html_with_report(markdown, policy, links);
  if (!r) return r.error();
  return std::move(r->html);
}

}  // namespace journeyer::html
