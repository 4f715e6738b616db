// Conformance: certificates with history, the bulk graph read, graph import,
// published levels. Runs on both backends.
#include <gtest/gtest.h>

#include "storage/store_fixture.h"
#include "trust/graph.h"

namespace journeyer::storage::testing {
namespace {

using model::CertLevel;

TEST_P(StoreTest, LatestCertificateStandsAndHistoryIsKept) {
  AccountId a = make_account("alice"), b = make_account("bob");
  ASSERT_OK(store_->certify({a, b, CertLevel{1}, 10}));
  ASSERT_OK(store_->certify({a, b, CertLevel{3}, 20}));
  auto c = store_->certificate(a, b);
  ASSERT_OK(c);
  EXPECT_EQ(c->level, CertLevel{3});
  EXPECT_EQ(c->when, 20);
  EXPECT_EQ(c->issuer_name, "alice");
  EXPECT_EQ(c->subject_name, "bob");
  // Removing is a certificate at the lowest level.
  ASSERT_OK(store_->certify({a, b, model::kNoCertificate, 30}));
  EXPECT_ERROR(store_->certificate(a, b), NotFound);
  auto h = store_->certificate_history(b);
  ASSERT_OK(h);
  ASSERT_EQ(h->size(), 3u);
  EXPECT_EQ((*h)[0].level, CertLevel{1});
  EXPECT_EQ((*h)[1].level, CertLevel{3});
  EXPECT_EQ((*h)[2].level, model::kNoCertificate);
  EXPECT_EQ((*h)[2].when, 30);
}

TEST_P(StoreTest, RefusesSelfCertificationAndMissingAccounts) {
  AccountId a = make_account("alice");
  EXPECT_ERROR(store_->certify({a, a, CertLevel{2}, 1}), InvalidInput);
  EXPECT_ERROR(store_->certify({a, AccountId{999}, CertLevel{2}, 1}), NotFound);
  EXPECT_ERROR(store_->certify({AccountId{999}, a, CertLevel{2}, 1}), NotFound);
  auto h = store_->certificate_history(a);
  ASSERT_OK(h);
  EXPECT_TRUE(h->empty());
}

TEST_P(StoreTest, ListsCertificatesBothWays) {
  AccountId a = make_account("alice"), b = make_account("Bob"), c = make_account("carol");
  ASSERT_OK(store_->certify({a, c, CertLevel{2}, 1}));
  ASSERT_OK(store_->certify({a, b, CertLevel{3}, 2}));
  ASSERT_OK(store_->certify({c, a, CertLevel{1}, 3}));
  auto from = store_->certificates_from(a);
  ASSERT_OK(from);
  ASSERT_EQ(from->size(), 2u);
  EXPECT_EQ((*from)[0].subject_name, "Bob");  // by name, ignoring case
  EXPECT_EQ((*from)[1].subject_name, "carol");
  auto to = store_->certificates_to(a);
  ASSERT_OK(to);
  ASSERT_EQ(to->size(), 1u);
  EXPECT_EQ((*to)[0].issuer_name, "carol");
  EXPECT_EQ((*to)[0].level, CertLevel{1});
}

// The bulk read gives what trust::standing_graph gives for the same history.
TEST_P(StoreTest, TrustGraphEqualsTheStandingGraphOfTheHistory) {
  std::vector<std::string> names{"raph", "miguel", "b", "c", "d"};
  std::vector<AccountId> ids;
  for (const auto& n : names) ids.push_back(make_account(n));
  trust::CertGraph history;
  for (const auto& n : names) history.accounts.intern(n);
  struct C {
    int i, s, l;
  };
  std::vector<C> certs{{0, 2, 3}, {2, 3, 2}, {0, 2, 1}, {3, 4, 3},
                       {4, 0, 2}, {1, 4, 1}, {1, 4, 0}, {2, 0, 3}};
  UnixTime t = 1;
  for (auto c : certs) {
    ASSERT_OK(store_->certify({ids[c.i], ids[c.s], CertLevel{static_cast<std::uint8_t>(c.l)}, t++}));
    history.certificates.push_back({static_cast<trust::AccountId>(c.i), static_cast<trust::AccountId>(c.s),
                                    static_cast<trust::LevelIndex>(c.l)});
  }
  trust::StandingGraph want = trust::standing_graph(history);
  auto got = store_->load_trust_graph({});
  ASSERT_OK(got);
  const trust::StandingGraph& g = *got->graph;
  EXPECT_EQ(g.names, want.names);
  EXPECT_EQ(g.out_begin, want.out_begin);
  EXPECT_EQ(g.out_subject, want.out_subject);
  EXPECT_EQ(g.out_level, want.out_level);
  ASSERT_EQ(got->account_ids.size(), ids.size());
  EXPECT_EQ(got->account_ids[3], ids[3]);
}

TEST_P(StoreTest, DisabledAccountsCertificatesDoNotCount) {
  AccountId a = make_account("alice"), b = make_account("bob"), c = make_account("carol");
  ASSERT_OK(store_->certify({a, b, CertLevel{2}, 1}));
  ASSERT_OK(store_->certify({b, c, CertLevel{2}, 1}));
  ASSERT_OK(store_->set_account_state(b, model::AccountState::Disabled));
  auto g = store_->load_trust_graph({});
  ASSERT_OK(g);
  EXPECT_EQ(g->graph->certificate_count(), 1u);  // only alice -> bob
  auto to_c = store_->certificates_to(c);
  ASSERT_OK(to_c);
  EXPECT_TRUE(to_c->empty());
}

TEST_P(StoreTest, ImportsAGraphWithLowerCaseTwinsAsAliasesAndTwiceChangesNothing) {
  GraphImport in;
  in.names = {"raph", "voodoo", "VooDoo", "bob", "Bob2"};
  //                0          1         2       3      4
  in.certificates = {{0, 2, CertLevel{3}}, {2, 3, CertLevel{2}}, {3, 3, CertLevel{2}}, {0, 1, CertLevel{0}},
                     {1, 3, CertLevel{1}}, {0, 3, CertLevel{1}}, {0, 3, CertLevel{2}}};
  in.when = 500;
  auto s = store_->import_graph(in);
  ASSERT_OK(s);
  EXPECT_EQ(s->accounts_created, 4u);
  EXPECT_EQ(s->aliases_created, 1u);
  EXPECT_EQ(s->certificates_skipped, 2u);  // the self-certificate; the lowest-level one to the alias
  // raph->VooDoo, VooDoo->bob, voodoo(->VooDoo)->bob at 1 overrides VooDoo->bob, raph->bob (latest: 2)
  auto voodoo = store_->account_by_name("VOODOO");
  ASSERT_OK(voodoo);
  EXPECT_EQ(voodoo->name, "VooDoo");
  EXPECT_EQ(voodoo->state, model::AccountState::Imported);
  EXPECT_TRUE(voodoo->password_hash.empty());
  EXPECT_TRUE(voodoo->profile.email.empty());
  auto bob = store_->account_by_name("bob");
  ASSERT_OK(bob);
  auto c = store_->certificate(voodoo->id, bob->id);
  ASSERT_OK(c);
  EXPECT_EQ(c->level, CertLevel{1});
  auto raph = store_->account_by_name("raph");
  ASSERT_OK(raph);
  auto rb = store_->certificate(raph->id, bob->id);
  ASSERT_OK(rb);
  EXPECT_EQ(rb->level, CertLevel{2});

  auto again = store_->import_graph(in);
  ASSERT_OK(again);
  EXPECT_EQ(again->accounts_created, 0u);
  EXPECT_EQ(again->aliases_created, 0u);
  EXPECT_EQ(again->certificates_recorded, 0u);
  EXPECT_EQ(again->accounts_existing, 4u);
  auto hist = store_->certificate_history(bob->id);
  ASSERT_OK(hist);
  EXPECT_EQ(hist->size(), 2u);  // not doubled

  // With aliases, the graph has the dump's names, the alias without certificates.
  auto g = store_->load_trust_graph({.include_aliases = true});
  ASSERT_OK(g);
  EXPECT_EQ(g->graph->account_count(), 5u);
  EXPECT_EQ(g->graph->certificate_count(), 3u);
  EXPECT_EQ(g->graph->names.back(), "voodoo");
  EXPECT_FALSE(g->account_ids.back());

  // A member's page tells the imported certificates from those given here.
  NewAccount alice;
  alice.name = "alice";
  alice.member_since = 600;
  auto alice_id = store_->create_account(alice);
  ASSERT_OK(alice_id);
  ASSERT_OK(store_->certify({*alice_id, bob->id, CertLevel{2}, 700}));
  auto to_bob = store_->certificates_to(bob->id);
  ASSERT_OK(to_bob);
  ASSERT_EQ(to_bob->size(), 3u);
  for (const auto& cert : *to_bob) EXPECT_EQ(cert.from_import, cert.issuer_name != "alice") << cert.issuer_name;
  auto from_raph = store_->certificates_from(raph->id);
  ASSERT_OK(from_raph);
  ASSERT_FALSE(from_raph->empty());
  for (const auto& cert : *from_raph) EXPECT_TRUE(cert.from_import) << cert.subject_name;
  auto from_alice = store_->certificates_from(*alice_id);
  ASSERT_OK(from_alice);
  ASSERT_EQ(from_alice->size(), 1u);
  EXPECT_FALSE(from_alice->front().from_import);
}

TEST_P(StoreTest, RefusesAnImportWithABadName) {
  GraphImport in;
  in.names = {"ok", "not ok"};
  EXPECT_ERROR(store_->import_graph(in), InvalidInput);
  auto n = store_->count_accounts();
  ASSERT_OK(n);
  EXPECT_EQ(*n, 0);
}

TEST_P(StoreTest, PublishesLevelsAsOneSnapshot) {
  AccountId a = make_account("a"), b = make_account("b"), c = make_account("c");
  auto info = store_->published_levels_info();
  ASSERT_OK(info);
  EXPECT_EQ(info->generation, 0);
  auto g1 =
      store_->publish_levels({0, 100, 2500, 3, 2}, {{a, CertLevel{3}}, {b, CertLevel{1}}, {c, CertLevel{0}}});
  ASSERT_OK(g1);
  EXPECT_EQ(*g1, 1);
  auto la = store_->published_level(a);
  ASSERT_OK(la);
  EXPECT_EQ(*la, CertLevel{3});
  auto counts = store_->count_by_level(4);
  ASSERT_OK(counts);
  EXPECT_EQ(*counts, (std::vector<std::int64_t>{1, 1, 0, 1}));
  auto g2 = store_->publish_levels({0, 200, 1000, 3, 1}, {{b, CertLevel{2}}});
  ASSERT_OK(g2);
  EXPECT_EQ(*g2, 2);
  la = store_->published_level(a);
  ASSERT_OK(la);
  EXPECT_EQ(*la, CertLevel{0});  // the old snapshot is gone entirely
  info = store_->published_levels_info();
  ASSERT_OK(info);
  EXPECT_EQ(info->generation, 2);
  EXPECT_EQ(info->computed_at, 200);
  EXPECT_EQ(info->compute_micros, 1000);
  auto all = store_->published_levels();
  ASSERT_OK(all);
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].account, b);
  auto list = store_->list_accounts({.name_prefix = "b"});
  ASSERT_OK(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].level, CertLevel{2});
}

}  // namespace
}  // namespace journeyer::storage::testing
