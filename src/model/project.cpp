#include "model/project.h"

#include <array>
#include <string>

#include "util/names.h"

namespace journeyer::model {

Status check_project_name(std::string_view name) {
  if (auto problem = project_name_problem(name)) return Error::invalid_input(*problem);
  return Ok{};
}

std::string tidy_project_name(std::string_view typed) {
  while (!typed.empty() && (typed.front() == ' ' || typed.front() == '\t')) typed.remove_prefix(1);
  while (!typed.empty() && (typed.back() == ' ' || typed.back() == '\t')) typed.remove_suffix(1);
  return std::string(typed);
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
