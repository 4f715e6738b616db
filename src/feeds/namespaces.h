// The XML namespaces of the feed formats, shared by the parser and the
// writers (src/feeds/parse.cpp, src/feeds/write.cpp).
#pragma once

namespace journeyer::feeds::xmlns {

inline constexpr const char* kAtom = "http://www.w3.org/2005/Atom";
inline constexpr const char* kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
inline constexpr const char* kRdfs = "http://www.w3.org/2000/01/rdf-schema#";
inline constexpr const char* kRss1 = "http://purl.org/rss/1.0/";
inline constexpr const char* kDc = "http://purl.org/dc/elements/1.1/";
inline constexpr const char* kContent = "http://purl.org/rss/1.0/modules/content/";
inline constexpr const char* kFoaf = "http://xmlns.com/foaf/0.1/";

}  // namespace journeyer::feeds::xmlns
