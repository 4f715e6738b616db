#include "web/config.h"

#include <gtest/gtest.h>

#include <string>

namespace journeyer::web {
namespace {

// Whatever is wrong, the message names the file, so an operator with a
// configuration in several places knows which one to fix.
TEST(SiteConfigFile, EveryMessageNamesTheFile) {
  for (const char* bad : {"session_days = 0\n",              // out of range
                          "name = 3\n",                      // not a string
                          "trusted_proxies = \"127.0.0.1\"\n",  // not a list
                          "nmae = \"typo\"\n",               // unknown key
                          "[trust]\nseeds = []\n",           // no seed
                          "name = \n",                       // not TOML
                          "[levels]\ndiary = \"Wizard\"\n"}) {  // no such level
    auto r = parse_site_config(bad, "/etc/journeyer/site.toml");
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().message().rfind("/etc/journeyer/site.toml: ", 0), 0u) << r.error().message();
  }
  auto range = parse_site_config("session_days = 0\n", "site.toml");
  ASSERT_FALSE(range);
  EXPECT_EQ(range.error().message(), "site.toml: session_days must be an integer from 1 to 365");
}

}  // namespace
}  // namespace journeyer::web
