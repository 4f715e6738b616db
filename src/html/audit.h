// An independent check that HTML holds nothing outside a policy: the
// property the sanitizer promises, verified by parsing its output again.
// Used by the tests and the fuzzer, and to re-check stored HTML after a
// site tightens its policy.
#pragma once

#include <string_view>

#include "html/policy.h"
#include "util/result.h"

namespace journeyer::html {

// Ok, or an error naming the first element, attribute, URL, comment or
// foreign (SVG/MathML) node that the policy does not allow.
Status audit(std::string_view html, const Policy& policy);

}  // namespace journeyer::html
