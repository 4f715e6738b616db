#include <gtest/gtest.h>

#include "trust/parse.h"

namespace journeyer::trust {
namespace {

const std::vector<std::string> kLevels{"Observer", "Apprentice", "Journeyer", "Master"};

TEST(ParseDot, ReadsAccountsAndCertificatesInBothLevelSpellings) {
  auto g = parse_graph(
      "digraph G {\n   /* raph */\n   raph -> miguel [level=\"Master\"];\n"
      "   /* miguel */\n   miguel -> raph [level=Journeyer];\n   /* lonely */\n}\n",
      kLevels, "t.dot");
  ASSERT_TRUE(g.has_value()) << g.error().message();
  EXPECT_EQ(g->accounts.size(), 3u);
  ASSERT_EQ(g->certificates.size(), 2u);
  EXPECT_EQ(g->accounts.name(g->certificates[0].issuer), "raph");
  EXPECT_EQ(g->accounts.name(g->certificates[0].subject), "miguel");
  EXPECT_EQ(g->certificates[0].level, 3);
  EXPECT_EQ(g->certificates[1].level, 2);
  EXPECT_NE(g->accounts.find("lonely"), NameTable::kNone);
}

TEST(ParseTsv, IsChosenByContentNotByName) {
  auto g = parse_graph("# comment\nraph\tmiguel\tApprentice\n\nmiguel\tfederico\tmaster\n", kLevels, "x.dot");
  ASSERT_TRUE(g.has_value()) << g.error().message();
  ASSERT_EQ(g->certificates.size(), 2u);
  EXPECT_EQ(g->certificates[1].level, 3);  // level names ignore case as a fallback
}

TEST(ParseErrors, NameTheFileTheLineAndTheProblem) {
  struct Row {
    const char* text;
    const char* expected;
  } rows[] = {
      {"digraph G {\n  a -> b [level=\"Wizard\"];\n}\n", "t:2: unknown level \"Wizard\""},
      {"digraph G {\n  a -> [level=\"Master\"];\n}\n", "t:2: malformed line"},
      {"digraph G {\n  a -> b [level=\"Master\"]; extra\n}\n", "t:2: malformed line"},
      {"digraph G {\n  /* a \n}\n", "t:2: unterminated comment"},
      {"digraph G {\n  /* made by hand */\n}\n", "t:2: malformed account line: `/* NAME */` holds one account name"},
      // A name may hold `-`: without spaces the arrow's `-` joins the issuer.
      {"digraph G {\n  a->b [level=\"Master\"];\n}\n", "t:2: malformed line: put spaces around `->`"},
      {"a\tb\n", "t:1: malformed line"},
      {"hello world\n", "t:1: neither a DOT certificate dump nor a tab-separated edge list"},
      {"a\tb\tMaster\nx\ty\tz\tw\n", "t:2: malformed line"},
  };
  for (const auto& row : rows) {
    auto g = parse_graph(row.text, kLevels, "t");
    ASSERT_FALSE(g.has_value()) << row.text;
    EXPECT_EQ(g.error().kind(), ErrorKind::InvalidInput);
    EXPECT_NE(g.error().message().find(row.expected), std::string::npos) << g.error().message();
  }
}

TEST(ParseErrors, RefuseOverlongNamesAndNulBytes) {
  std::string longname(kMaxNameBytes + 1, 'x');
  EXPECT_FALSE(parse_graph(longname + "\tb\tMaster\n", kLevels, "t").has_value());
  EXPECT_FALSE(parse_graph(std::string("a\tb\tMas\0ter\n", 13), kLevels, "t").has_value());
}

TEST(ParseDot, EmptyInputIsAnEmptyGraph) {
  auto g = parse_graph("", kLevels, "t");
  ASSERT_TRUE(g.has_value());
  EXPECT_EQ(g->accounts.size(), 0u);
}

TEST(WriteDot, RoundTripsThroughTheParser) {
  auto g = parse_graph("a\tb\tMaster\nb\tc\tApprentice\na\tb\tJourneyer\nd\td\tObserver\n", kLevels, "t");
  ASSERT_TRUE(g.has_value());
  std::string dot = write_dot(*g, kLevels);
  auto again = parse_graph(dot, kLevels, "written");
  ASSERT_TRUE(again.has_value()) << again.error().message();
  EXPECT_EQ(again->accounts.size(), g->accounts.size());
  ASSERT_EQ(again->certificates.size(), g->certificates.size());
  // The order of one issuer's certificates is kept, so the latest still wins.
  EXPECT_EQ(write_dot(*again, kLevels), dot);
  EXPECT_NE(dot.find("a -> b [level=\"Journeyer\"];"), std::string::npos);
}

}  // namespace
}  // namespace journeyer::trust

namespace journeyer::trust {
namespace {

// Found by the fuzzer: names that are not bare DOT identifiers, and an
// account whose name starts with "digraph", must survive a DOT round trip.
TEST(WriteDot, QuotesNamesThatAreNotBareIdentifiersAndKeepsDigraphNames) {
  auto g = parse_graph("a\t@b\tMaster\ndigraphx\ta\tApprentice\n", kLevels, "t");
  ASSERT_TRUE(g.has_value()) << g.error().message();
  std::string dot = write_dot(*g, kLevels);
  EXPECT_NE(dot.find("a -> \"@b\""), std::string::npos) << dot;
  auto again = parse_graph(dot, kLevels, "written");
  ASSERT_TRUE(again.has_value()) << again.error().message();
  EXPECT_EQ(again->certificates.size(), 2u);
  EXPECT_NE(again->accounts.find("@b"), NameTable::kNone);
}

TEST(ParseTsv, RefusesNamesWithQuotesOrSpaces) {
  EXPECT_FALSE(parse_graph("a\"b\tc\tMaster\n", kLevels, "t").has_value());
  EXPECT_FALSE(parse_graph("a\tc d\tMaster\n", kLevels, "t").has_value());
}

}  // namespace
}  // namespace journeyer::trust
