// Conformance: accounts, sessions, tokens, audit log. Runs on both backends.
#include <gtest/gtest.h>

#include "storage/store_fixture.h"

namespace journeyer::storage::testing {
namespace {

using model::AccountState;

TEST_P(StoreTest, CreatesAccountsAndFindsThemIgnoringCase) {
  NewAccount a;
  a.name = "VooDoo";
  a.profile.email = "v@example.org";
  a.profile.real_name = "Vee Doo";
  a.profile.homepage = "https://example.org/";
  a.profile.notes = "<b>hi</b>";
  a.password_hash = "$argon2id$x";
  a.member_since = 1234;
  auto id = store_->create_account(a);
  ASSERT_OK(id);
  auto got = store_->account_by_name("voodoo");
  ASSERT_OK(got);
  EXPECT_EQ(got->id, *id);
  EXPECT_EQ(got->name, "VooDoo");  // the case the member chose
  EXPECT_EQ(got->profile.email, "v@example.org");
  EXPECT_EQ(got->profile.real_name, "Vee Doo");
  EXPECT_EQ(got->profile.homepage, "https://example.org/");
  EXPECT_EQ(got->profile.notes, "<b>hi</b>");
  EXPECT_EQ(got->password_hash, "$argon2id$x");
  EXPECT_EQ(got->member_since, 1234);
  EXPECT_FALSE(got->last_login.has_value());
  EXPECT_EQ(got->state, AccountState::Active);
  auto by_id = store_->account(*id);
  ASSERT_OK(by_id);
  EXPECT_EQ(by_id->name, "VooDoo");
}

TEST_P(StoreTest, RefusesADuplicateNameIgnoringCase) {
  make_account("alice");
  NewAccount a;
  a.name = "ALICE";
  EXPECT_ERROR(store_->create_account(a), Conflict);
  auto n = store_->count_accounts();
  ASSERT_OK(n);
  EXPECT_EQ(*n, 1);
}

TEST_P(StoreTest, RefusesNamesThatBreakTheRule) {
  for (const std::string& bad :
       std::vector<std::string>{"", "a b", "ünïcode", "x/y", std::string(31, 'a'), "dot.ted"}) {
    NewAccount a;
    a.name = bad;
    EXPECT_ERROR(store_->create_account(a), InvalidInput);
  }
  NewAccount ok;
  ok.name = std::string(30, 'a');
  EXPECT_TRUE(store_->create_account(ok).has_value());
}

TEST_P(StoreTest, MissingAccountsAreNotFound) {
  EXPECT_ERROR(store_->account_by_name("nobody"), NotFound);
  EXPECT_ERROR(store_->account(AccountId{999}), NotFound);
  EXPECT_ERROR(store_->set_account_state(AccountId{999}, AccountState::Disabled), NotFound);
  EXPECT_ERROR(store_->record_login(AccountId{999}, 5), NotFound);
  EXPECT_ERROR(store_->update_profile(AccountId{999}, {}, 1), NotFound);
}

TEST_P(StoreTest, UpdatesTheProfileOnlyFromTheCurrentVersion) {
  AccountId id = make_account("bob");
  auto before = store_->account(id);
  ASSERT_OK(before);
  model::Profile p = before->profile;
  p.homepage = "https://bob.example/";
  ASSERT_OK(store_->update_profile(id, p, before->version));
  // A second writer that read the same version loses, and is told so.
  p.homepage = "https://mallory.example/";
  EXPECT_ERROR(store_->update_profile(id, p, before->version), Conflict);
  auto after = store_->account(id);
  ASSERT_OK(after);
  EXPECT_EQ(after->profile.homepage, "https://bob.example/");
  EXPECT_EQ(after->version, before->version + 1);
}

TEST_P(StoreTest, ChangesStatePasswordAndLastLogin) {
  AccountId id = make_account("carol");
  ASSERT_OK(store_->set_password_hash(id, "h2"));
  ASSERT_OK(store_->record_login(id, 777));
  ASSERT_OK(store_->set_account_state(id, AccountState::Disabled));
  auto a = store_->account(id);
  ASSERT_OK(a);
  EXPECT_EQ(a->password_hash, "h2");
  EXPECT_EQ(a->last_login.value_or(0), 777);
  EXPECT_EQ(a->state, AccountState::Disabled);
  auto n = store_->count_accounts();
  ASSERT_OK(n);
  EXPECT_EQ(*n, 0);  // disabled accounts are not counted
}

TEST_P(StoreTest, ListsAccountsByNameWithPrefixAndPaging) {
  for (std::string n : {"delta", "Alpha", "alpine", "beta", "al_x"}) make_account(n);
  auto all = store_->list_accounts({});
  ASSERT_OK(all);
  std::vector<std::string> names;
  for (const auto& s : *all) names.push_back(s.name);
  EXPECT_EQ(names, (std::vector<std::string>{"al_x", "Alpha", "alpine", "beta", "delta"}));
  auto al = store_->list_accounts({.name_prefix = "AL"});
  ASSERT_OK(al);
  EXPECT_EQ(al->size(), 3u);
  auto page2 = store_->list_accounts({.after_name = "alpha", .limit = 2});
  ASSERT_OK(page2);
  ASSERT_EQ(page2->size(), 2u);
  EXPECT_EQ((*page2)[0].name, "alpine");
  EXPECT_EQ((*page2)[1].name, "beta");
  // `_` in a prefix is a plain character, not a wildcard.
  auto underscore = store_->list_accounts({.name_prefix = "al_"});
  ASSERT_OK(underscore);
  EXPECT_EQ(underscore->size(), 1u);
}

TEST_P(StoreTest, NewestAccountsComeFirst) {
  make_account("old", 100);
  make_account("new", 300);
  make_account("mid", 200);
  auto n = store_->newest_accounts(2);
  ASSERT_OK(n);
  ASSERT_EQ(n->size(), 2u);
  EXPECT_EQ((*n)[0].name, "new");
  EXPECT_EQ((*n)[1].name, "mid");
}

TEST_P(StoreTest, SessionsExpireAndEnd) {
  AccountId id = make_account("dave");
  ASSERT_OK(store_->create_session({"hash1", id, "csrf1", 100, 200}));
  ASSERT_OK(store_->create_session({"hash2", id, "csrf2", 100, 200}));
  auto s = store_->session("hash1", 150);
  ASSERT_OK(s);
  EXPECT_EQ(s->account, id);
  EXPECT_EQ(s->csrf_token, "csrf1");
  EXPECT_ERROR(store_->session("hash1", 200), NotFound);  // expired
  EXPECT_ERROR(store_->session("nope", 150), NotFound);
  EXPECT_ERROR(store_->create_session({"hash1", id, "again", 100, 200}), Conflict);
  EXPECT_ERROR(store_->create_session({"hash3", AccountId{999}, "x", 100, 200}), NotFound);
  ASSERT_OK(store_->delete_session("hash1"));
  EXPECT_ERROR(store_->session("hash1", 150), NotFound);
  auto ended = store_->delete_sessions_of(id);
  ASSERT_OK(ended);
  EXPECT_EQ(*ended, 1);
  EXPECT_ERROR(store_->session("hash2", 150), NotFound);
  ASSERT_OK(store_->create_session({"hash4", id, "c", 100, 120}));
  auto swept = store_->delete_expired_sessions(130);
  ASSERT_OK(swept);
  EXPECT_EQ(*swept, 1);
}

TEST_P(StoreTest, SessionsOfDisabledAccountsDoNotCount) {
  AccountId id = make_account("erin");
  ASSERT_OK(store_->create_session({"h", id, "c", 100, 200}));
  ASSERT_OK(store_->set_account_state(id, AccountState::Disabled));
  EXPECT_ERROR(store_->session("h", 150), NotFound);
}

TEST_P(StoreTest, TokensAreFoundByKindAndCanBeRevoked) {
  AccountId id = make_account("frank");
  model::Token t;
  t.kind = model::TokenKind::Api;
  t.token_hash = "api-hash";
  t.account = id;
  t.label = "my script";
  t.created = 10;
  auto tid = store_->create_token(t);
  ASSERT_OK(tid);
  model::Token reset{.kind = model::TokenKind::PasswordReset,
                     .token_hash = "reset-hash",
                     .account = id,
                     .created = 10,
                     .expires = 50};
  ASSERT_OK(store_->create_token(reset));
  auto got = store_->token(model::TokenKind::Api, "api-hash", 20);
  ASSERT_OK(got);
  EXPECT_EQ(got->label, "my script");
  EXPECT_ERROR(store_->token(model::TokenKind::PasswordReset, "api-hash", 20), NotFound);
  EXPECT_TRUE(store_->token(model::TokenKind::PasswordReset, "reset-hash", 20).has_value());
  EXPECT_ERROR(store_->token(model::TokenKind::PasswordReset, "reset-hash", 60), NotFound);
  ASSERT_OK(store_->revoke_token(*tid));
  EXPECT_ERROR(store_->token(model::TokenKind::Api, "api-hash", 20), NotFound);
  auto list = store_->tokens_of(id, model::TokenKind::Api);
  ASSERT_OK(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_TRUE((*list)[0].revoked);
}

TEST_P(StoreTest, AuditLogIsNewestFirstAndPages) {
  AccountId admin = make_account("admin");
  for (int i = 0; i < 5; ++i)
    ASSERT_OK(store_->append_audit(
        {100 + i, i % 2 ? admin : AccountId{}, "account.disable", "person/x" + std::to_string(i), "spam"}));
  auto first = store_->audit_log(3, {});
  ASSERT_OK(first);
  ASSERT_EQ(first->size(), 3u);
  EXPECT_EQ((*first)[0].target, "person/x4");
  EXPECT_EQ((*first)[1].actor_name, "admin");
  EXPECT_FALSE((*first)[0].actor);  // the system
  auto rest = store_->audit_log(10, first->back().id);
  ASSERT_OK(rest);
  ASSERT_EQ(rest->size(), 2u);
  EXPECT_EQ((*rest)[1].target, "person/x0");
}

TEST_P(StoreTest, TransactionRollsBackCompletely) {
  AccountId a = make_account("anna");
  Status st = store_->transaction([&](Store& tx) -> Status {
    NewAccount b;
    b.name = "ben";
    auto id = tx.create_account(b);
    if (!id) return id.error();
    Status c = tx.certify({a, *id, model::CertLevel{2}, 5});
    if (!c) return c;
    auto e = tx.add_diary_entry({a, "t", "body", model::TextFormat::Html, 5});
    if (!e) return e.error();
    return Error::invalid_input("changed my mind");
  });
  EXPECT_FALSE(st.has_value());
  EXPECT_ERROR(store_->account_by_name("ben"), NotFound);
  auto n = store_->count_diary_entries(a);
  ASSERT_OK(n);
  EXPECT_EQ(*n, 0);
  auto from = store_->certificates_from(a);
  ASSERT_OK(from);
  EXPECT_TRUE(from->empty());
  auto hist = store_->certificate_history(a);
  ASSERT_OK(hist);
  EXPECT_TRUE(hist->empty());
}

TEST_P(StoreTest, TransactionRollsBackWhenAStatementFails) {
  make_account("taken");
  Status st = store_->transaction([&](Store& tx) -> Status {
    NewAccount b;
    b.name = "first";
    auto id = tx.create_account(b);
    if (!id) return id.error();
    b.name = "TAKEN";
    auto dup = tx.create_account(b);
    if (!dup) return dup.error();
    return Ok{};
  });
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().kind(), ErrorKind::Conflict);
  EXPECT_ERROR(store_->account_by_name("first"), NotFound);
}

TEST_P(StoreTest, TransactionCommits) {
  ASSERT_OK(store_->transaction([&](Store& tx) -> Status {
    for (std::string n : {"x1", "x2", "x3"}) {
      NewAccount a;
      a.name = n;
      auto id = tx.create_account(a);
      if (!id) return id.error();
    }
    return Ok{};
  }));
  auto n = store_->count_accounts();
  ASSERT_OK(n);
  EXPECT_EQ(*n, 3);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::ValuesIn(backends()), backend_name);

}  // namespace
}  // namespace journeyer::storage::testing
