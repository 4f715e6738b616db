// A member's certification neighbourhood as a picture (issue 9): who
// certified them and whom they certified, a second step out where there is
// room, each member coloured by level, and the chain of certificates that
// carried their unit of flow drawn heavier. Chosen from the standing graph
// (pure), laid out and drawn as SVG by Graphviz's library (libgvc).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "trust/graph.h"
#include "util/result.h"

namespace journeyer::web {

// Bounds that keep the picture quick and readable for members with
// thousands of certificates.
constexpr std::size_t kMaxDirectEachWay = 16;  // certifiers shown, and certified shown
constexpr std::size_t kMaxSecondStep = 2;       // per member one step out
constexpr std::size_t kMaxPictureMembers = 60;

struct NeighbourhoodMember {
  trust::AccountId id;
  std::string name;
  trust::LevelIndex level = 0;  // the member's computed level
  bool centre = false;
  bool on_chain = false;
};

struct NeighbourhoodEdge {
  std::size_t from, to;  // indexes into members
  trust::LevelIndex level;
  bool on_chain = false;
};

struct Neighbourhood {
  std::vector<NeighbourhoodMember> members;  // the centre first
  std::vector<NeighbourhoodEdge> edges;
  std::size_t certifiers = 0, certified = 0;  // in all, including those left out
  std::size_t left_out = 0;                   // direct neighbours not shown
};

// The neighbourhood of `centre` (a name in `graph`); `levels` holds every
// account's level by graph id; `chain` names the accounts from a seed to the
// centre (empty when none). NotFound when the name is not in the graph.
Result<Neighbourhood> neighbourhood(const trust::StandingGraph& graph, const std::vector<trust::LevelIndex>& levels,
                                    const std::string& centre, const std::vector<std::string>& chain);

// The picture as an SVG document. Names are labels only (Graphviz escapes
// them for XML); the document carries no links or scripts.
Result<std::string> neighbourhood_svg(const Neighbourhood& n, const std::vector<std::string>& level_names);

}  // namespace journeyer::web
