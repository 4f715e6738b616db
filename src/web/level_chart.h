// The chart on /trust/: how many members were at each level after each
// recomputation, as an SVG line chart written with libxml2's xmlwriter (so
// every text and attribute is escaped by the library).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/ids.h"
#include "util/result.h"

namespace journeyer::web {

struct LevelPoint {
  model::UnixTime when = 0;
  std::vector<std::int64_t> members;  // by level index
};

// One line per level above the lowest (the lowest holds nearly everyone
// and would flatten the others; the page's table has it). `points` oldest first.
Result<std::string> level_chart_svg(const std::vector<LevelPoint>& points, const std::vector<std::string>& level_names);

}  // namespace journeyer::web
