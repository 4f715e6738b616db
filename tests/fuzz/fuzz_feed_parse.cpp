// The feed parser on arbitrary bytes: a feed or an InvalidInput/TooLarge
// error, never a crash; every post it gives has an id, http(s) links only,
// valid UTF-8 titles within their limit, and content the diary sanitizer
// accepts or refuses as too large.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "feeds/parse.h"
#include "html/escape.h"
#include "html/sanitize.h"
#include "util/text.h"

namespace {

bool http_or_empty(const std::string& url) {
  return url.empty() || url.rfind("http://", 0) == 0 || url.rfind("https://", 0) == 0;
}

bool tidy_title(const std::string& t) {
  return journeyer::utf8_chars(t) <= journeyer::feeds::kMaxTitleChars && journeyer::html::to_valid_utf8(t) == t;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace journeyer;
  static const html::Policy policy = *html::named_policy("diary");
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto feed = feeds::parse_feed(bytes, "https://blog.example/feeds/rss.xml");
  if (!feed) {
    auto kind = feed.error().kind();
    if (kind != ErrorKind::InvalidInput && kind != ErrorKind::TooLarge) std::abort();
    if (feed.error().message().empty()) std::abort();
    return 0;
  }
  if (feed->posts.size() > feeds::kMaxPostsPerFeed) std::abort();
  if (!http_or_empty(feed->link) || !tidy_title(feed->title)) std::abort();
  for (const auto& p : feed->posts) {
    if (p.guid.empty() || !http_or_empty(p.link) || !tidy_title(p.title)) std::abort();
    auto safe = html::sanitize(p.content, policy);
    if (!safe && safe.error().kind() != ErrorKind::TooLarge) std::abort();
  }
  return 0;
}
