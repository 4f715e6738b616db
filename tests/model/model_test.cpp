// The rules of model/: names, levels, relations.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/account.h"
#include "model/cert.h"
#include "model/content.h"
#include "model/project.h"

namespace journeyer::model {
namespace {

TEST(AccountName, AcceptsLettersDigitsUnderscoreAndDash) {
  for (const char* ok : {"a", "raph", "VooDoo", "x_y-z", "123", "abcdefghijklmnopqrstuvwxyz1234"})
    EXPECT_TRUE(check_account_name(ok).has_value()) << ok;
}

TEST(AccountName, RefusesEverythingElse) {
  for (std::string bad : {std::string(), std::string(31, 'a'), std::string("a b"), std::string("a.b"),
                          std::string("a/b"), std::string("é"), std::string("a\nb"), std::string("<a>")}) {
    auto st = check_account_name(bad);
    ASSERT_FALSE(st.has_value()) << bad;
    EXPECT_EQ(st.error().kind(), ErrorKind::InvalidInput);
  }
}

TEST(AccountName, KeyIgnoresCase) {
  EXPECT_EQ(account_name_key("VooDoo"), "voodoo");
  EXPECT_EQ(account_name_key("voodoo"), account_name_key("VOODOO"));
  EXPECT_NE(account_name_key("a-b"), account_name_key("a_b"));
}

TEST(AccountState, RoundTripsThroughText) {
  for (auto s : {AccountState::Active, AccountState::Disabled, AccountState::Imported})
    EXPECT_EQ(parse_account_state(to_string(s)), s);
  EXPECT_FALSE(parse_account_state("gone").has_value());
}

// Each limit refuses one byte or character too many and names the field
// it is about, whatever the other fields hold.
TEST(Profile, EachLimitNamesItsField) {
  const std::vector<std::pair<std::string_view, void (*)(Profile&)>> cases = {
      {"email", [](Profile& p) { p.email = std::string(kMaxEmailBytes + 1, 'e'); }},
      {"real_name", [](Profile& p) { p.real_name = std::string(kMaxRealNameChars + 1, 'r'); }},
      {"homepage", [](Profile& p) { p.homepage = std::string(kMaxHomepageBytes + 1, 'h'); }},
      {"notes", [](Profile& p) { p.notes = std::string(kMaxNotesBytes + 1, 'n'); }},
  };
  for (const auto& [field, break_limit] : cases) {
    Profile p;
    p.email = "alice@example.org";
    p.real_name = std::string(kMaxRealNameChars, 'r');
    p.notes = "<p>notes</p>";
    EXPECT_FALSE(profile_error(p).has_value()) << field;
    break_limit(p);
    auto bad = profile_error(p);
    ASSERT_TRUE(bad.has_value()) << field;
    EXPECT_EQ(bad->field, field);
    EXPECT_EQ(bad->error.kind(), ErrorKind::TooLarge) << field;
  }
}

TEST(Profile, ARealNameIsCountedInCharacters) {
  Profile p;
  for (std::size_t i = 0; i < kMaxRealNameChars; ++i) p.real_name += "\xC3\xA9";
  EXPECT_FALSE(profile_error(p)) << "200 characters, 400 bytes";
  p.real_name += "e";
  auto bad = profile_error(p);
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->error.message(), "a real name has at most 200 characters");
}

TEST(Profile, NamesHoldNoControlCharactersOrDirectionMarks) {
  EXPECT_TRUE(check_name_text("Raph Levien", "a real name"));
  EXPECT_TRUE(check_name_text("\xC3\x89milie du Ch\xC3\xA2telet \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D", "a real name"));
  EXPECT_TRUE(check_name_text("", "a real name"));
  for (std::string_view bad : {"bell\x07", "tab\tname", "new\nline", "del\x7F", "c1\xC2\x85",
                               "bell\xE2\x80\xAE" "evil", "\xE2\x80\xAAx", "\xE2\x81\xA6x", "\xE2\x81\xA9"}) {
    auto st = check_name_text(bad, "a real name");
    EXPECT_FALSE(st) << bad;
    if (!st) {
      EXPECT_EQ(st.error().message().rfind("a real name cannot hold", 0), 0u) << st.error().message();
    }
  }
  // Neighbours of the refused marks pass: U+2029 and U+202F, U+2065 and U+206A.
  EXPECT_TRUE(check_name_text("a\xE2\x80\xA9" "b\xE2\x80\xAF\xE2\x81\xA5\xE2\x81\xAA", "a real name"));
}

// The one title limit, in characters: 300 accented letters (600 bytes) fit,
// one more is refused with the message every form and the API give.
TEST(Title, IsCountedInCharactersWithOneMessage) {
  std::string title;
  for (std::size_t i = 0; i < kMaxTitleChars; ++i) title += "\xC3\xA9";
  EXPECT_TRUE(check_title(title));
  EXPECT_TRUE(check_title(""));
  title += "e";
  auto st = check_title(title);
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().kind(), ErrorKind::TooLarge);
  EXPECT_EQ(st.error().message(), "The title is too long (at most 300 characters).");
}

// The one diary size limit, in bytes: 256 KiB fits, one byte more is
// refused with the message the diary form, the APIs and the store give.
TEST(DiaryBody, IsAtMost256KiBWithOneMessage) {
  EXPECT_TRUE(check_diary_body(std::string(kMaxDiaryBytes, 'a')));
  EXPECT_TRUE(check_diary_body(""));
  auto st = check_diary_body(std::string(kMaxDiaryBytes + 1, 'a'));
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().kind(), ErrorKind::TooLarge);
  EXPECT_EQ(st.error().message(), "The entry is too long (at most 256 KiB).");
}

TEST(CertLevel, ParsesConfiguredNames) {
  std::vector<std::string> levels{"Observer", "Apprentice", "Journeyer", "Master"};
  auto j = parse_level("Journeyer", levels);
  ASSERT_TRUE(j.has_value());
  EXPECT_EQ(j->value, 2);
  EXPECT_FALSE(parse_level("journeyer", levels).has_value());
  EXPECT_EQ(level_name(CertLevel{3}, levels), "Master");
  EXPECT_EQ(level_name(CertLevel{7}, levels), "level 7");
}

TEST(Certification, RefusesSelfAndUnconfiguredLevels) {
  EXPECT_FALSE(check_certification(AccountId{1}, AccountId{1}, CertLevel{2}, 4).has_value());
  EXPECT_FALSE(check_certification(AccountId{1}, AccountId{2}, CertLevel{4}, 4).has_value());
  EXPECT_TRUE(check_certification(AccountId{1}, AccountId{2}, kNoCertificate, 4).has_value());
}

TEST(ProjectName, FollowsTheRule) {
  EXPECT_TRUE(check_project_name("GNOME").has_value());
  EXPECT_TRUE(check_project_name(std::string(25, 'p')).has_value());
  EXPECT_TRUE(check_project_name("Free Software Foundation").has_value());
  EXPECT_FALSE(check_project_name(std::string(26, 'p')).has_value());
  // Characters, not bytes: 24 characters in 35 bytes fit, 26 do not.
  EXPECT_TRUE(check_project_name("\xC3\x9C" "n\xC3\xAF" "c\xC3\xB6" "d\xC3\xA9-Pr\xC3\xB8ject-\xC3\x91"
                                 "ame-\xC3\x86\xC3\x98\xC3\x85")
                  .has_value());
  std::string wide;
  for (int i = 0; i < 25; ++i) wide += "\xE2\x9C\x93";  // U+2713, three bytes
  EXPECT_TRUE(check_project_name(wide).has_value());
  EXPECT_FALSE(check_project_name(wide + "\xE2\x9C\x93").has_value());
  // Bytes are bounded too (four per character at most), and names may not
  // turn text around.
  EXPECT_FALSE(check_project_name("a" + std::string(200, '\x80')).has_value());
  EXPECT_FALSE(check_project_name("GNOME\xE2\x80\xAE" "emong").has_value());
  EXPECT_FALSE(check_project_name("c1\xC2\x85").has_value());
  EXPECT_FALSE(check_project_name("").has_value());
  EXPECT_FALSE(check_project_name(".git").has_value());
  EXPECT_FALSE(check_project_name("a/b").has_value());
  EXPECT_EQ(project_name_key("GNOME"), project_name_key("gnome"));
}

// Names are told apart by how they look on a page: two names that show
// alike cannot both be taken, and a name must be one an address can carry.
TEST(ProjectName, RefusesNamesThatLookLikeOthersOrNoAddressCanCarry) {
  EXPECT_FALSE(check_project_name("a\\b").has_value());  // an address cannot carry a backslash
  EXPECT_FALSE(check_project_name(" ").has_value());
  EXPECT_FALSE(check_project_name("   ").has_value());
  EXPECT_FALSE(check_project_name(" spaced").has_value());
  EXPECT_FALSE(check_project_name("spaced ").has_value());
  EXPECT_FALSE(check_project_name("two  spaces").has_value());
  EXPECT_FALSE(check_project_name("no\xC2\xA0" "break").has_value());      // U+00A0
  EXPECT_FALSE(check_project_name("thin\xE2\x80\x89space").has_value());  // U+2009
  EXPECT_FALSE(check_project_name("wide\xE3\x80\x80space").has_value());  // U+3000
  EXPECT_FALSE(check_project_name("\xE2\x80\x8B").has_value());            // U+200B alone
  EXPECT_FALSE(check_project_name("spaced\xE2\x80\x8B").has_value());
  EXPECT_FALSE(check_project_name("soft\xC2\xADhyphen").has_value());     // U+00AD
  EXPECT_FALSE(check_project_name("\xEF\xBB\xBFGNOME").has_value());       // U+FEFF
  EXPECT_FALSE(check_project_name("GNOME\xE2\x80\x8E").has_value());       // U+200E
  EXPECT_FALSE(check_project_name("tag\xF3\xA0\x80\x81").has_value());    // U+E0001
  // What each says.
  EXPECT_EQ(check_project_name("a\\b").error().message(), "a project name cannot contain '/' or '\\'");
  EXPECT_EQ(check_project_name(" spaced").error().message(),
            "a project name cannot start or end with a space");
  EXPECT_EQ(check_project_name("two  spaces").error().message(),
            "a project name cannot hold two spaces in a row");
  EXPECT_EQ(check_project_name("no\xC2\xA0" "break").error().message(),
            "a project name may only hold ordinary spaces, between words");
  EXPECT_EQ(check_project_name("spaced\xE2\x80\x8B").error().message(),
            "a project name cannot hold invisible characters");
  // Visible characters near those stay allowed: letters from other
  // scripts, a check mark, an emoji, ordinary spaces between words.
  EXPECT_TRUE(check_project_name("Free Software Foundation").has_value());
  EXPECT_TRUE(check_project_name("\xE6\x97\xA5\xE6\x9C\xAC").has_value());   // Japanese
  EXPECT_TRUE(check_project_name("\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85").has_value());   // Arabic
  EXPECT_TRUE(check_project_name("Done \xE2\x9C\x93").has_value());
  EXPECT_TRUE(check_project_name("Rocket \xF0\x9F\x9A\x80").has_value());
  // A form's name loses the spaces at its ends, and only those.
  EXPECT_EQ(tidy_project_name("  Gnumeric \t"), "Gnumeric");
  EXPECT_EQ(tidy_project_name("Free Software"), "Free Software");
  EXPECT_EQ(tidy_project_name("   "), "");
}

TEST(ProjectRelation, UsesAdvogatosNames) {
  EXPECT_EQ(to_string(ProjectRelation::LeadDeveloper), "Lead Developer");
  EXPECT_EQ(parse_project_relation("Documenter"), ProjectRelation::Documenter);
  EXPECT_FALSE(parse_project_relation("Boss").has_value());
}

}  // namespace
}  // namespace journeyer::model
