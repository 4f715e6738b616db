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
  EXPECT_TRUE(check_feed_url("https://blog.example/feed.xml"));
  EXPECT_TRUE(check_feed_url("http://blog.example:8080/rss?x=1"));
  for (const char* bad : {"ftp://blog.example/feed", "file:///etc/passwd", "javascript:alert(1)", "/feed.xml",
                          "blog.example/feed", "https://", "http://blog.example/a b", "gopher://x.example/"})
    EXPECT_FALSE(check_feed_url(bad)) << bad;
  EXPECT_FALSE(check_feed_url("https://blog.example/" + std::string(2001, 'a')));
}

}  // namespace
}  // namespace journeyer::feeds
