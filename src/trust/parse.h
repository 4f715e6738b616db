// Reading certificate graphs: Advogato's DOT dump and a tab-separated edge
// list, chosen by content. Pure: the caller reads the bytes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "trust/graph.h"
#include "util/result.h"

namespace journeyer::trust {

// Longest account name the parser accepts; longer is a malformed line.
constexpr std::size_t kMaxNameBytes = 256;

// Parses `text`. `levels` are the configured level names, lowest first;
// `source` names the input in error messages ("FILE:LINE: problem").
//
// DOT (Advogato's dump): `digraph G {`, `/* name */` account lines,
// `a -> b [level="Journeyer"];` certificate lines (the level may be
// unquoted), `}`. Edge list: `issuer<TAB>subject<TAB>level` per line; blank
// lines and lines starting with `#` are skipped.
Result<CertGraph> parse_graph(std::string_view text, const std::vector<std::string>& levels,
                              std::string_view source);

// Writes `graph` as an Advogato-style DOT dump: every account as a comment
// line, followed by the certificates it issued, in history order.
std::string write_dot(const CertGraph& graph, const std::vector<std::string>& levels);

}  // namespace journeyer::trust
