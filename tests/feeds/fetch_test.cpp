// Which destinations the fetcher may connect to, and which feed URLs a
// member may give.
#include "feeds/fetch.h"

#include <gtest/gtest.h>

namespace journeyer::feeds {
namespace {

TEST(Destinations, PublicOnlyRefusesEverySpecialRange) {
  for (const char* a : {"127.0.0.1",
                        "127.1.2.3",
                        "10.0.0.1",
                        "172.16.5.4",
                        "172.31.255.255",
                        "192.168.1.1",
                        "169.254.169.254",
                        "100.64.0.1",
                        "0.0.0.0",
                        "224.0.0.1",
                        "255.255.255.255",
                        "192.0.2.1",
                        "::1",
                        "::",
                        "fe80::1",
                        "fc00::1",
                        "fd12:3456::1",
                        "ff02::1",
                        "::ffff:127.0.0.1",
                        "::ffff:10.1.2.3",
                        "::ffff:169.254.169.254",
                        "64:ff9b::a9fe:a9fe",
                        "2002:7f00:1::1",
                        "2001:db8::1",
                        "not an address"})
    EXPECT_FALSE(destination_allowed(a, Destinations::PublicOnly)) << a;
  for (const char* a : {"93.184.215.14", "1.1.1.1", "172.32.0.1", "2606:4700::1111", "::ffff:93.184.215.14",
                        "64:ff9b::5db8:d70e"})
    EXPECT_TRUE(destination_allowed(a, Destinations::PublicOnly)) << a;
}

TEST(Destinations, AllowLoopbackAllowsOnlyLoopbackMore) {
  for (const char* a : {"127.0.0.1", "127.0.0.2", "::1", "::ffff:127.0.0.1"})
    EXPECT_TRUE(destination_allowed(a, Destinations::AllowLoopback)) << a;
  for (const char* a : {"10.0.0.1", "192.168.1.1", "169.254.169.254", "fe80::1", "0.0.0.0", "::"})
    EXPECT_FALSE(destination_allowed(a, Destinations::AllowLoopback)) << a;
}

TEST(FeedUrl, OnlyAbsoluteHttpAndHttps) {
  constexpr auto kPublic = Destinations::PublicOnly;
  EXPECT_TRUE(check_feed_url("https://blog.example/feed.xml", kPublic));
  EXPECT_TRUE(check_feed_url("http://blog.example:8080/rss?x=1", kPublic));
  for (const char* bad : {"ftp://blog.example/feed", "file:///etc/passwd", "javascript:alert(1)", "/feed.xml",
                          "blog.example/feed", "https://", "http://blog.example/a b", "gopher://x.example/"})
    EXPECT_FALSE(check_feed_url(bad, kPublic)) << bad;
  EXPECT_FALSE(check_feed_url("https://blog.example/" + std::string(2001, 'a'), kPublic));
}

// An address the fetcher would never connect to is refused when the member
// types it, however it is written, with the fetcher's own reason; host
// names are left to the fetcher, but for "localhost", which is loopback by
// definition.
TEST(FeedUrl, AddressesTheFetcherRefusesAreRefusedWhenTyped) {
  for (const char* bad :
       {"http://127.0.0.1/feed", "http://127.1/feed", "http://2130706433/feed", "http://0x7f.0.0.1/feed",
        "https://10.1.2.3/rss", "http://192.168.1.1:8080/atom.xml", "http://169.254.169.254/latest/meta-data",
        "http://[::1]/feed", "http://[::ffff:127.0.0.1]/feed", "http://[fe80::1]/feed", "http://0.0.0.0/feed",
        "http://localhost/feed", "http://LocalHost./feed", "http://blog.localhost:8080/feed"}) {
    Status st = check_feed_url(bad, Destinations::PublicOnly);
    ASSERT_FALSE(st) << bad;
    EXPECT_NE(st.error().message().find("is a private, loopback or link-local address; the aggregator fetches "
                                        "only from the public internet."),
              std::string::npos)
        << bad << ": " << st.error().message();
  }
  EXPECT_EQ(check_feed_url("http://127.0.0.1/feed", Destinations::PublicOnly).error().message(),
            "The feed's address 127.0.0.1 is a private, loopback or link-local address; the aggregator fetches "
            "only from the public internet.");
  for (const char* good : {"http://93.184.216.34/feed", "http://[2606:2800:220:1::]/feed",
                           "https://localhost.example/feed", "https://notlocalhost/feed"})
    EXPECT_TRUE(check_feed_url(good, Destinations::PublicOnly)) << good;
  // Where the aggregator may fetch from loopback (tests, benchmarks), so may
  // a member's feed be; private addresses stay refused.
  for (const char* local : {"http://127.0.0.1:8080/feed", "http://[::1]/feed", "http://localhost/feed"})
    EXPECT_TRUE(check_feed_url(local, Destinations::AllowLoopback)) << local;
  EXPECT_FALSE(check_feed_url("http://10.1.2.3/feed", Destinations::AllowLoopback));
}

}  // namespace
}  // namespace journeyer::feeds
