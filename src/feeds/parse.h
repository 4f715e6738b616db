// Reading a member's blog feed: RSS 0.91/0.92/2.0, RSS 1.0 (RDF) and Atom
// 1.0, parsed with libxml2 without network access, DTD loading or entity
// expansion. Pure: bytes and the feed's URL in, posts out; no I/O, no clock.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "feeds/config.h"
#include "model/content.h"
#include "model/ids.h"
#include "util/result.h"

namespace journeyer::feeds {

// Only the first posts of a feed are read (feeds list the newest first).
constexpr std::size_t kMaxPostsPerFeed = 100;
// Titles (a blog's and its posts') are cut to the limit a member's own
// titles keep to, counted in characters, the last one an ellipsis.
constexpr std::size_t kMaxTitleChars = model::kMaxTitleChars;

enum class FeedFormat { Rss2, Rss1, Atom };  // Rss2 covers 0.91, 0.92 and 2.0
std::string_view format_name(FeedFormat format);

struct ParsedPost {
  std::string guid;               // guid or Atom id; else the link; never empty
  std::string link;               // absolute http(s) URL, or empty
  std::string title;              // plain text (HTML in titles is reduced to its text)
  std::string content;            // HTML, not yet sanitized; links made absolute
  model::UnixTime published = 0;  // 0: the feed gave no date
  model::UnixTime updated = 0;    // 0: as published
};

struct ParsedFeed {
  FeedFormat format = FeedFormat::Rss2;
  std::string title;              // plain text
  std::string link;               // the blog's home page, absolute, or empty
  std::vector<ParsedPost> posts;  // in the feed's order
  std::size_t skipped_posts = 0;  // posts with neither an id nor a link
};

// `feed_url` is where the bytes came from: relative links are resolved
// against it (and against xml:base where the feed sets one). Errors are
// InvalidInput (not a feed, malformed XML, entity declarations) or TooLarge,
// with a message a member can act on.
Result<ParsedFeed> parse_feed(std::string_view bytes, std::string_view feed_url);

// Dates as feeds write them: RFC 822 (RSS 2.0, with the usual liberties)
// and RFC 3339 / W3C-DTF (Atom, dc:date). 0 when it cannot be read.
model::UnixTime parse_feed_date(std::string_view text);

}  // namespace journeyer::feeds
