#include "web/rate_limit.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace journeyer::web {
namespace {

using namespace std::chrono_literals;

struct FakeClock {
  std::chrono::steady_clock::time_point now{std::chrono::hours(1000)};
};

std::string address(int i) { return "198.51.100." + std::to_string(i); }

TEST(RateLimiter, AClientGetsItsLimitEachMinute) {
  FakeClock clock;
  RateLimiter limiter(100, [&] { return clock.now; });
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.allow("login", "a", 3)) << i;
  EXPECT_FALSE(limiter.allow("login", "a", 3));
  EXPECT_TRUE(limiter.allow("signup", "a", 3));  // each bucket counts apart
  EXPECT_TRUE(limiter.allow("login", "b", 3));   // and each client
  clock.now += 59s;
  EXPECT_FALSE(limiter.allow("login", "a", 3));
  clock.now += 1s;
  EXPECT_TRUE(limiter.allow("login", "a", 3));
}

TEST(RateLimiter, ManyNewAddressesDoNotWipeTheCountOfAClientAlreadyLimited) {
  FakeClock clock;
  RateLimiter limiter(50, [&] { return clock.now; });
  for (int i = 0; i < 5; ++i) limiter.allow("login", "guesser", 5);
  ASSERT_FALSE(limiter.allow("login", "guesser", 5));
  // An attacker's other addresses fill the table and go beyond it.
  for (int i = 0; i < 500; ++i) limiter.allow("login", address(i), 5);
  EXPECT_EQ(limiter.tracked(), 50u);
  EXPECT_FALSE(limiter.allow("login", "guesser", 5));
}

TEST(RateLimiter, AddressesBeyondATableFullOfLimitedClientsShareOneLimitUntilWindowsEnd) {
  FakeClock clock;
  RateLimiter limiter(10, [&] { return clock.now; });
  for (int i = 0; i < 10; ++i)
    for (int k = 0; k < 3; ++k) EXPECT_TRUE(limiter.allow("login", address(i), 3));
  // The table is full of clients at their limit: newcomers share one window.
  EXPECT_TRUE(limiter.allow("login", "new-1", 3));
  EXPECT_TRUE(limiter.allow("login", "new-2", 3));
  EXPECT_TRUE(limiter.allow("login", "new-3", 3));
  EXPECT_FALSE(limiter.allow("login", "new-4", 3));
  EXPECT_TRUE(limiter.allow("signup", "new-4", 3));  // another bucket has its own
  EXPECT_FALSE(limiter.allow("login", address(0), 3));  // and the limited stay limited
  // Once the old windows have ended they make room again.
  clock.now += 61s;
  EXPECT_TRUE(limiter.allow("login", "new-4", 3));
  EXPECT_TRUE(limiter.allow("login", "new-4", 3));
  EXPECT_TRUE(limiter.allow("login", "new-4", 3));
  EXPECT_FALSE(limiter.allow("login", "new-4", 3));
  EXPECT_TRUE(limiter.allow("login", "new-5", 3));  // its own window, not new-4's
  EXPECT_LE(limiter.tracked(), 10u);
}

// A flood of addresses that each send a request or two fills the table,
// but the next sweep makes room: a newcomer is not kept out for the minute.
TEST(RateLimiter, AFloodOfAddressesBelowTheirLimitIsSweptAway) {
  FakeClock clock;
  RateLimiter limiter(10, [&] { return clock.now; });
  for (int k = 0; k < 3; ++k) limiter.allow("login", "guesser", 3);
  for (int i = 0; i < 100; ++i) limiter.allow("login", address(i), 3);
  // Within the second of the last sweep, newcomers share a window that the
  // flood has used up.
  EXPECT_FALSE(limiter.allow("login", "newcomer", 3));
  clock.now += 1s;
  EXPECT_TRUE(limiter.allow("login", "newcomer", 3));  // swept: a window of its own
  EXPECT_TRUE(limiter.allow("login", "newcomer", 3));
  EXPECT_FALSE(limiter.allow("login", "guesser", 3));  // at its limit: kept
}

TEST(RateLimiter, AFullTableIsSweptAtMostOnceASecond) {
  FakeClock clock;
  RateLimiter limiter(4, [&] { return clock.now; });
  for (int i = 0; i < 4; ++i) limiter.allow("login", address(i), 1);  // each at its limit
  clock.now += 30s;
  limiter.allow("login", "late", 1);  // a sweep finds nothing ended: shares the overflow window
  EXPECT_EQ(limiter.tracked(), 4u);
  clock.now += 29500ms;  // 59.5 s: the first four windows are still running
  EXPECT_FALSE(limiter.allow("login", "later", 1));  // swept, nothing ended: the shared window is used up
  clock.now += 600ms;  // 60.1 s: they have ended, but the last sweep was 0.6 s ago
  EXPECT_FALSE(limiter.allow("login", "later", 1));
  EXPECT_EQ(limiter.tracked(), 4u);
  clock.now += 500ms;  // 60.6 s: swept again
  EXPECT_TRUE(limiter.allow("login", "later", 1));  // its own window
  EXPECT_EQ(limiter.tracked(), 1u);
}

}  // namespace
}  // namespace journeyer::web
