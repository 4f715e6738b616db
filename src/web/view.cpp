#include "web/view.h"

#include <memory>
#include <unordered_map>
#include <vector>

#include "html/escape.h"
#include "web/embedded.h"

namespace journeyer::web {

namespace embedded {
const File* find(std::string_view name) {
  for (std::size_t i = 0; i < kFileCount; ++i)
    if (kFiles[i].name == name) return &kFiles[i];
  return nullptr;
}
}  // namespace embedded

namespace {

using Mustache = kainjow::mustache::mustache;

std::unique_ptr<Mustache> parse(std::string_view text) {
  auto m = std::make_unique<Mustache>(std::string(text));
  // Attribute escaping covers text too (& " < >), and repairs invalid UTF-8.
  m->set_custom_escape([](const std::string& s) { return html::escape_attribute(s); });
  return m;
}

// Parsed templates, one set per thread: kainjow's render is not const.
std::unordered_map<std::string, std::unique_ptr<Mustache>>& thread_cache() {
  thread_local std::unordered_map<std::string, std::unique_ptr<Mustache>> cache;
  return cache;
}

}  // namespace

void set_html(View& view, const std::string& key, const html::SafeHtml& safe) {
  if (key.size() < 5 || key.compare(key.size() - 5, 5, "_html") != 0) std::abort();  // a programming error
  view.set(key, safe.str());
}

namespace {

// The keys a template prints raw: {{{key}}} and {{&key}}.
std::vector<std::string> raw_keys(std::string_view text) {
  std::vector<std::string> keys;
  auto trim = [](std::string_view k) {
    while (!k.empty() && k.front() == ' ') k.remove_prefix(1);
    while (!k.empty() && k.back() == ' ') k.remove_suffix(1);
    return std::string(k);
  };
  for (std::size_t at = text.find("{{"); at != std::string_view::npos; at = text.find("{{", at + 2)) {
    if (text.substr(at, 3) == "{{{") {
      auto end = text.find("}}}", at + 3);
      keys.push_back(trim(text.substr(at + 3, end == std::string_view::npos ? 0 : end - at - 3)));
    } else if (text.substr(at, 3) == "{{&") {
      auto end = text.find("}}", at + 3);
      keys.push_back(trim(text.substr(at + 3, end == std::string_view::npos ? 0 : end - at - 3)));
    }
  }
  return keys;
}

bool ends_with_html(std::string_view key) { return key.size() >= 5 && key.substr(key.size() - 5) == "_html"; }

}  // namespace

Result<Templates> Templates::load() {
  for (std::size_t i = 0; i < embedded::kFileCount; ++i) {
    const auto& f = embedded::kFiles[i];
    if (f.name.rfind("templates/", 0) != 0) continue;
    auto m = parse(f.text);
    if (!m->is_valid()) return Error::internal(std::string(f.name) + ": " + m->error_message());
    for (const auto& key : raw_keys(f.text))
      if (!ends_with_html(key))
        return Error::internal(std::string(f.name) + " prints " + key + " unescaped; only *_html keys may be raw");
  }
  return Templates{};
}

std::string Templates::render(std::string_view name, const View& data) const {
  auto& cache = thread_cache();
  std::string key(name);
  auto it = cache.find(key);
  if (it == cache.end()) {
    const auto* f = embedded::find("templates/" + key + ".mustache");
    if (!f) return "template " + html::escape_text(key) + " is missing";
    it = cache.emplace(key, parse(f->text)).first;
  }
  return it->second->render(data);
}

}  // namespace journeyer::web
