// The certificate rules: which certificates stand.
#include <gtest/gtest.h>

#include "trust/graph.h"
#include "trust/parse.h"

namespace journeyer::trust {
namespace {

const std::vector<std::string> kLevels{"Observer", "Apprentice", "Journeyer", "Master"};

StandingGraph standing(const std::string& tsv) {
  auto g = parse_graph(tsv, kLevels, "t");
  EXPECT_TRUE(g.has_value());
  return standing_graph(*g);
}

// "issuer>subject=Level" for every standing certificate, sorted.
std::vector<std::string> certs(const StandingGraph& g) {
  std::vector<std::string> out;
  for (AccountId a = 0; a < g.account_count(); ++a)
    for (auto e = g.out_begin[a]; e < g.out_begin[a + 1]; ++e)
      out.push_back(g.names[a] + ">" + g.names[g.out_subject[e]] + "=" + kLevels[g.out_level[e]]);
  std::sort(out.begin(), out.end());
  return out;
}

TEST(CertificateRules, TheLatestCertificateReplacesEarlierOnes) {
  auto g = standing("a\tb\tMaster\na\tb\tApprentice\nb\ta\tApprentice\nb\ta\tMaster\n");
  EXPECT_EQ(certs(g), (std::vector<std::string>{"a>b=Apprentice", "b>a=Master"}));
}

TEST(CertificateRules, ExactDuplicatesCountOnce) {
  auto g = standing("a\tb\tJourneyer\na\tb\tJourneyer\n");
  EXPECT_EQ(g.certificate_count(), 1u);
}

TEST(CertificateRules, SelfCertificatesCountForNothing) {
  auto g = standing("a\ta\tMaster\na\tb\tMaster\n");
  EXPECT_EQ(certs(g), (std::vector<std::string>{"a>b=Master"}));
}

TEST(CertificateRules, ALowestLevelCertificateRemovesTheEarlierOne) {
  auto g = standing("a\tb\tMaster\na\tb\tObserver\nc\td\tObserver\n");
  EXPECT_EQ(g.certificate_count(), 0u);
  EXPECT_EQ(g.account_count(), 4u);  // the accounts are still there
}

TEST(NameTable, InternsCaseSensitively) {
  NameTable t;
  AccountId a = t.intern("VooDoo");
  AccountId b = t.intern("voodoo");
  EXPECT_NE(a, b);
  EXPECT_EQ(t.intern("VooDoo"), a);
  EXPECT_EQ(t.find("voodoo"), b);
  EXPECT_EQ(t.find("VOODOO"), NameTable::kNone);
  for (int i = 0; i < 10000; ++i) t.intern("n" + std::to_string(i));  // grows
  EXPECT_EQ(t.size(), 10002u);
  EXPECT_EQ(t.name(t.find("n9999")), "n9999");
}

}  // namespace
}  // namespace journeyer::trust
