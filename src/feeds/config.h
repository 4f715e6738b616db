// The aggregator's settings ([feeds] in the site's configuration): kept
// apart from the fetcher and the store so that web/config.h stays light.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace journeyer::feeds {

// Larger feeds are refused (the fetcher stops reading at this size).
constexpr std::size_t kMaxFeedBytes = 2 * 1024 * 1024;

// Where the fetcher may connect: checked on each address it is about to
// connect to (after DNS, after every redirect), not on the URL's host name.
enum class Destinations {
  PublicOnly,     // no private, loopback, link-local, multicast or reserved address
  AllowLoopback,  // as PublicOnly, but 127.0.0.0/8 and ::1 too (tests, benchmarks)
};

struct FetchLimits {
  std::chrono::milliseconds timeout{10'000};  // the whole transfer, redirects included
  std::size_t max_bytes = kMaxFeedBytes;      // after gzip decoding
  long max_redirects = 5;
  std::size_t max_in_flight = 64;
  Destinations destinations = Destinations::PublicOnly;
  std::string user_agent = "Journeyer feed aggregator";
};

struct AggregatorConfig {
  std::chrono::seconds interval{30 * 60};       // between fetches of one feed
  std::chrono::seconds max_backoff{24 * 3600};  // after failures: interval * 2^failures, at most this
  FetchLimits fetch;
  std::size_t batch = 256;  // due feeds read from the store at a time
  std::size_t write_batch = 64;  // fetches recorded per transaction (each commit is an fsync)
};

}  // namespace journeyer::feeds
