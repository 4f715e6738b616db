// The rules for names people see, kept once: project names, for the two
// layers that apply them (the model, model/project.h check_project_name,
// and the sanitizer's <project> and <proj> links, html/links.h, which must
// agree), and the text of any shown name (model/account.h check_name_text).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace journeyer {

constexpr std::size_t kMaxProjectNameChars = 25;

// What is wrong with `name` as a project name ("a project name cannot
// ..."), or nullopt. At most 25 characters (code points), not empty, no `/`
// or `\`, not starting with `.`, no control characters or marks that turn
// text around; and, since names are told apart by how they look, no space
// at either end or two in a row, no space but U+0020, nothing invisible.
std::optional<std::string> project_name_problem(std::string_view name);

// What is wrong with `text` as a name shown on pages ("WHAT cannot hold
// ..." with `what` such as "a real name"), or nullopt: no control
// characters, no marks that turn the text after them around.
std::optional<std::string> name_text_problem(std::string_view text, std::string_view what);

}  // namespace journeyer
