// Prints the attack and benign tables with the sanitizer's output for each,
// as JSON, for the browser test (tests/browser/sanitize.test.mjs).
#include <cstdio>
#include <nlohmann/json.hpp>

#include "html/sanitize.h"
#include "tests/html/cases.h"

int main() {
  using namespace journeyer::html;
  auto policy = named_policy("diary");
  if (!policy) return 1;
  nlohmann::json out;
  out["attacks"] = nlohmann::json::array();
  out["benign"] = nlohmann::json::array();
  for (const auto& c : testing::attack_cases()) {
    auto r = sanitize(c.input, *policy);
    if (!r) {
      std::fprintf(stderr, "html_cases: %s: %s\n", std::string(c.name).c_str(), r.error().message().c_str());
      return 1;
    }
    out["attacks"].push_back({{"name", c.name}, {"output", r->str()}});
  }
  for (const auto& c : testing::benign_cases()) {
    auto r = sanitize(c.input, *policy);
    if (!r) return 1;
    out["benign"].push_back({{"name", c.name}, {"input", c.input}, {"output", r->str()}});
  }
  std::string text = out.dump(1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::fwrite(text.data(), 1, text.size(), stdout);
  return 0;
}
