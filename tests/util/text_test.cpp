// The text helpers: limits members are told in characters.
#include "util/text.h"

#include <gtest/gtest.h>

#include <string>

namespace journeyer {
namespace {

TEST(Text, CountsCodePointsNotBytes) {
  EXPECT_EQ(utf8_chars(""), 0u);
  EXPECT_EQ(utf8_chars("abc"), 3u);
  EXPECT_EQ(utf8_chars("\xC3\xA9t\xC3\xA9"), 3u);          // "été"
  EXPECT_EQ(utf8_chars("\xE2\x82\xAC\xF0\x9F\x98\x80"), 2u);  // "€" and an emoji
}

TEST(Text, FitsCharsCountsCharactersWithABoundInBytes) {
  const std::string e = "\xC3\xA9", emoji = "\xF0\x9F\x98\x80";
  std::string five_e, five_emoji;
  for (int i = 0; i < 5; ++i) five_e += e, five_emoji += emoji;
  EXPECT_TRUE(fits_chars("", 0));
  EXPECT_TRUE(fits_chars("abcde", 5));
  EXPECT_FALSE(fits_chars("abcdef", 5));
  EXPECT_TRUE(fits_chars(five_e, 5)) << "10 bytes, 5 characters";
  EXPECT_FALSE(fits_chars(five_e + e, 5));
  EXPECT_TRUE(fits_chars(five_emoji, 5)) << "20 bytes: 4 a character";
  // Bytes that continue no character count for nothing as characters, but
  // the bytes stay bounded.
  EXPECT_FALSE(fits_chars("a" + std::string(20, '\x80'), 5));
}

}  // namespace
}  // namespace journeyer
