// Projects and members' relations to them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/ids.h"
#include "util/names.h"
#include "util/result.h"

namespace journeyer::model {


// util/names.h's rule (kMaxProjectNameChars characters, as a browser's
// maxlength counts most; nothing that would make a name look like another
// or that no address can carry), as InvalidInput.
Status check_project_name(std::string_view name);
// A name as typed in a form, without the spaces (and tabs) at its ends.
std::string tidy_project_name(std::string_view typed);
// Project names are unique ignoring (ASCII) case.
std::string project_name_key(std::string_view name);

// Advogato's relations, weakest first. None removes the relation.
enum class ProjectRelation { None, Helper, Documenter, Contributor, Developer, LeadDeveloper };
std::string_view to_string(ProjectRelation relation);  // "Lead Developer"
std::optional<ProjectRelation> parse_project_relation(std::string_view text);

struct Project {
  ProjectId id;
  std::string name;
  std::string homepage;
  std::string license;
  std::string description;
  std::string notes;
  UnixTime created = 0;
  AccountId created_by;
  std::string created_by_name;
  UnixTime modified = 0;
  AccountId modified_by;
  std::string modified_by_name;
};

struct ProjectMember {
  AccountId account;
  std::string account_name;
  ProjectId project;
  std::string project_name;
  ProjectRelation relation = ProjectRelation::None;
};

}  // namespace journeyer::model
