// URLs and Advogato's name links, judged as a browser would read them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "html/policy.h"

namespace journeyer::html {

enum class UrlUse { Link, Image };

// The URL a browser would follow for this (already entity-decoded)
// attribute value, if its scheme is allowed for `use`, or it is relative.
// Follows the URL standard's first steps (url.spec.whatwg.org, 4.4 basic
// URL parser): leading and trailing C0 controls and spaces stripped, every
// tab and newline removed, the scheme compared ignoring case. Anything with
// a ':' before the first '/', '?' or '#' must have an allowed scheme.
std::optional<std::string> checked_url(std::string_view value, const Policy& policy, UrlUse use);

// Whether a checked URL leads off the site: it has a scheme, or starts
// with two slashes (a browser reads '\\' as '/' in http(s) URLs). Only such
// links get rel="nofollow ugc"; the site's own pages need none.
bool leaves_the_site(std::string_view url);

// Advogato's special tags: <person>NAME</person> links to /person/NAME/,
// <project> and <proj> to /proj/NAME/. The rules are the model's
// (model/account.h check_account_name, model/project.h check_project_name);
// tests/html checks that both agree.
bool is_account_name(std::string_view name);
bool is_project_name(std::string_view name);
// "/person/NAME/" or "/proj/NAME/" with the name percent-encoded.
std::string person_path(std::string_view name);
std::string project_path(std::string_view name);

}  // namespace journeyer::html
