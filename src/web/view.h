// Templates: kainjow mustache, escaping every value by default. The one way
// to print HTML raw is a key ending in "_html" set by set_html() from a
// SafeHtml; Templates::load refuses a template that prints any other key
// raw ({{{x}}} or {{&x}}).
#pragma once

#include <kainjow/mustache.hpp>
#include <string>
#include <string_view>

#include "html/safe_html.h"
#include "util/result.h"

namespace journeyer::web {

using View = kainjow::mustache::data;

inline View list_view() { return View(View::type::list); }
inline View bool_view(bool b) { return b ? View(View::type::bool_true) : View(View::type::bool_false); }
// `key` must end in "_html".
void set_html(View& view, const std::string& key, const html::SafeHtml& safe);

class Templates {
 public:
  // Parses every embedded template once and checks the raw-output rule.
  static Result<Templates> load();
  // Renders templates/NAME.mustache; NotFound for an unknown name.
  std::string render(std::string_view name, const View& data) const;
};

}  // namespace journeyer::web
