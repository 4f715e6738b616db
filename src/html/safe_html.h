// SafeHtml: member-written HTML that has been through the sanitizer. It is
// the only kind of string a template prints unescaped, and only the
// sanitizer (html/sanitize.cpp) can make one from text.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace journeyer::html {

class SafeHtml {
 public:
  SafeHtml() = default;  // empty: safe

  const std::string& str() const { return html_; }
  std::string_view view() const { return html_; }
  bool empty() const { return html_.empty(); }

  friend bool operator==(const SafeHtml&, const SafeHtml&) = default;

 private:
  friend class SafeHtmlMaker;  // defined in sanitize.cpp only
  explicit SafeHtml(std::string html) : html_(std::move(html)) {}
  std::string html_;
};

}  // namespace journeyer::html
