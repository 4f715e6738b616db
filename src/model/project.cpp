#include "model/project.h"

#include <array>
#include <string>

#include "model/account.h"
#include "util/text.h"

namespace journeyer::model {

Status check_project_name(std::string_view name) {
  if (name.empty()) return Error::invalid_input("a project name cannot be empty");
  if (!fits_chars(name, kMaxProjectNameChars))
    return Error::invalid_input("a project name has at most 25 characters");
  if (name.front() == '.') return Error::invalid_input("a project name cannot start with '.'");
  for (char c : name)
    if (c == '/') return Error::invalid_input("a project name cannot contain '/'");
  // Control characters, and marks that turn text around.
  return check_name_text(name, "a project name");
}

std::string project_name_key(std::string_view name) {
  std::string key(name);
  for (auto& c : key)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return key;
}

namespace {
constexpr std::array<std::string_view, 6> kRelationNames{"None",        "Helper",    "Documenter",
                                                         "Contributor", "Developer", "Lead Developer"};
}

std::string_view to_string(ProjectRelation relation) {
  return kRelationNames[static_cast<std::size_t>(relation)];
}

std::optional<ProjectRelation> parse_project_relation(std::string_view text) {
  for (std::size_t i = 0; i < kRelationNames.size(); ++i)
    if (kRelationNames[i] == text) return static_cast<ProjectRelation>(i);
  return std::nullopt;
}

}  // namespace journeyer::model
