// Member-written content: diary entries, articles and replies.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/ids.h"
#include "util/result.h"

namespace journeyer::model {

constexpr std::size_t kMaxDiaryBytes = 256 * 1024;
constexpr std::size_t kMaxTitleChars = 300;  // characters (util/text.h fits_chars)
constexpr std::size_t kMaxArticleBytes = 512 * 1024;
constexpr std::size_t kMaxReplyBytes = 128 * 1024;

// A title of at most kMaxTitleChars: TooLarge beyond, with the one message
// the forms, the API and the store give for it.
Status check_title(std::string_view title);
// A diary entry's source of at most kMaxDiaryBytes: TooLarge beyond, with the
// one message the diary form, the APIs and the store give for it.
Status check_diary_body(std::string_view body);

// How the member wrote the source text.
enum class TextFormat { Html, Markdown };
std::string_view to_string(TextFormat format);
std::optional<TextFormat> parse_text_format(std::string_view text);

// Where a diary entry came from.
struct Syndication {
  std::string guid;        // the post's guid or Atom id, else its link
  std::string link;        // the post's own URL
  std::string blog_title;  // "Syndicated DATE from BLOG"
  std::string blog_url;
};

struct DiaryEntry {
  DiaryEntryId id;
  // Its number in its author's diary (0 the first), given once and never
  // again: the entry's address in the diary APIs (XML-RPC, JSON).
  std::int64_t number = 0;
  AccountId author;
  std::string author_name;
  std::string title;
  std::string body;  // the source as written (or as fetched), sanitized on output
  TextFormat format = TextFormat::Html;
  UnixTime created = 0;
  UnixTime updated = 0;
  std::optional<Syndication> syndicated;
};

struct Article {
  ArticleId id;
  AccountId author;
  std::string author_name;
  std::string title;
  std::string lead;
  std::string body;  // may be empty
  std::string topic;
  TextFormat format = TextFormat::Html;
  UnixTime created = 0;
  UnixTime updated = 0;  // == created until edited
  bool hidden = false;
  std::string hidden_reason;
  std::int64_t reply_count = 0;  // visible replies
};

struct Reply {
  ReplyId id;
  ArticleId article;
  ReplyId parent;  // none: answers the article itself
  AccountId author;
  std::string author_name;
  std::string title;
  std::string body;
  TextFormat format = TextFormat::Html;
  UnixTime created = 0;
  bool hidden = false;
  std::string hidden_reason;
};

}  // namespace journeyer::model
