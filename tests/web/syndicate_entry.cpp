// For the browser test: stores one syndicated post in a member's diary
// through the Store, as the aggregator would.
//   syndicate_entry DB_URL NAME GUID LINK BLOG_TITLE TITLE BODY_HTML
#include <cstdio>
#include <ctime>

#include "storage/store.h"

int main(int argc, char** argv) {
  using namespace journeyer;
  if (argc != 8) {
    std::fprintf(stderr, "usage: syndicate_entry DB_URL NAME GUID LINK BLOG_TITLE TITLE BODY_HTML\n");
    return 2;
  }
  auto store = storage::open_store(argv[1]);
  if (!store) {
    std::fprintf(stderr, "syndicate_entry: %s\n", store.error().message().c_str());
    return 1;
  }
  auto account = (*store)->account_by_name(argv[2]);
  if (!account) {
    std::fprintf(stderr, "syndicate_entry: %s\n", account.error().message().c_str());
    return 1;
  }
  storage::SyndicatedPost post;
  post.author = account->id;
  post.source.guid = argv[3];
  post.source.link = argv[4];
  post.source.blog_title = argv[5];
  post.title = argv[6];
  post.body = argv[7];
  post.published = static_cast<model::UnixTime>(std::time(nullptr));
  auto r = (*store)->upsert_syndicated_entry(post);
  if (!r) {
    std::fprintf(stderr, "syndicate_entry: %s\n", r.error().message().c_str());
    return 1;
  }
  std::printf("%lld\n", static_cast<long long>(r->id.value));
  return 0;
}
