// Fetching feeds with libcurl's multi interface: many in flight at once on
// one thread, conditional GET, gzip, and hard limits on time, size,
// redirects, schemes and destinations (docs/feeds.md).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "feeds/config.h"
#include "feeds/parse.h"
#include "util/result.h"

namespace journeyer::feeds {

struct FetchRequest {
  std::int64_t key = 0;  // the caller's, handed back with the response
  std::string url;
  std::string etag;           // sent as If-None-Match when not empty
  std::string last_modified;  // sent as If-Modified-Since when not empty
};

enum class FetchOutcome { Fetched, NotModified, Failed };

struct FetchResponse {
  FetchOutcome outcome = FetchOutcome::Failed;
  long http_status = 0;
  std::string body;  // Fetched only
  std::string etag;
  std::string last_modified;
  std::string final_url;  // after redirects: the base for relative links
  std::string error;      // Failed only: in plain words for the member
};

// Whether a numeric address (IPv4 or IPv6 text, or a sockaddr's bytes) is
// one the fetcher may connect to.
bool destination_allowed(std::string_view numeric_address, Destinations destinations);

// Checks a feed URL a member typed: an absolute http:// or https:// URL
// with a host, at most 2000 bytes, whose host is not an address (or a
// "localhost" name) the fetcher would refuse to connect to under
// `destinations`. Host names are not looked up: the fetcher checks the
// addresses they lead to. The message is for the member.
Status check_feed_url(std::string_view url, Destinations destinations);

class Fetcher {
 public:
  explicit Fetcher(FetchLimits limits);
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  // Takes requests from `next` (nullopt: no more) while fewer than
  // max_in_flight are running, and calls `done` for each as it finishes, on
  // the calling thread. Returns when every request is done, or soon after
  // `stop` becomes true (unfinished transfers are dropped unreported).
  void run(const std::function<std::optional<FetchRequest>()>& next,
           const std::function<void(FetchRequest&&, FetchResponse&&)>& done,
           const std::atomic<bool>* stop = nullptr);

  const FetchLimits& limits() const { return limits_; }

 private:
  FetchLimits limits_;
  void* multi_ = nullptr;  // CURLM*, kept out of this header
};

}  // namespace journeyer::feeds
