// Conformance: diary entries, articles and replies, projects, feeds, spam
// flags. Runs on both backends.
#include <gtest/gtest.h>

#include <thread>

#include "storage/store_fixture.h"

namespace journeyer::storage::testing {
namespace {

using model::CertLevel;

TEST_P(StoreTest, DiaryEntriesNewestFirstWithPagingEditAndDelete) {
  AccountId a = make_account("alice");
  std::vector<DiaryEntryId> ids;
  for (int i = 0; i < 5; ++i) {
    auto id = store_->add_diary_entry(
        {a, "t" + std::to_string(i), "body " + std::to_string(i), model::TextFormat::Markdown, 100 + i});
    ASSERT_OK(id);
    ids.push_back(*id);
  }
  auto page = store_->diary_entries(a, {.offset = 1, .limit = 2});
  ASSERT_OK(page);
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].title, "t3");
  EXPECT_EQ((*page)[1].title, "t2");
  EXPECT_EQ((*page)[0].format, model::TextFormat::Markdown);
  EXPECT_EQ((*page)[0].author_name, "alice");
  ASSERT_OK(store_->edit_diary_entry(ids[0], {"new title", "new body", model::TextFormat::Html, 500}));
  auto e = store_->diary_entry(ids[0]);
  ASSERT_OK(e);
  EXPECT_EQ(e->body, "new body");
  EXPECT_EQ(e->created, 100);
  EXPECT_EQ(e->updated, 500);
  EXPECT_FALSE(e->syndicated.has_value());
  ASSERT_OK(store_->delete_diary_entry(ids[1]));
  EXPECT_ERROR(store_->diary_entry(ids[1]), NotFound);
  EXPECT_ERROR(store_->delete_diary_entry(ids[1]), NotFound);
  auto n = store_->count_diary_entries(a);
  ASSERT_OK(n);
  EXPECT_EQ(*n, 4);
  EXPECT_ERROR(store_->add_diary_entry({AccountId{999}, "", "x", model::TextFormat::Html, 1}), NotFound);
  auto huge = store_->add_diary_entry({a, "", std::string(model::kMaxDiaryBytes + 1, 'x'), model::TextFormat::Html, 1});
  EXPECT_ERROR(huge, TooLarge);
  EXPECT_EQ(huge.error().message(), "The entry is too long (at most 256 KiB).") << "as the forms and the API say";
}

// A title is at most 300 characters, as the forms tell members, however many
// bytes they take: 300 accented letters (600 bytes) are stored, 301 are not,
// with the forms' own message.
TEST_P(StoreTest, TitlesAreCountedInCharacters) {
  AccountId a = make_account("alice");
  const auto letters = [](std::size_t n) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += "\xC3\xA9";
    return s;
  };
  const std::string at_limit = letters(model::kMaxTitleChars), beyond = letters(model::kMaxTitleChars + 1);
  auto entry = store_->add_diary_entry({a, at_limit, "body", model::TextFormat::Html, 100});
  ASSERT_OK(entry);
  EXPECT_EQ(store_->diary_entry(*entry)->title, at_limit);
  auto refused = store_->add_diary_entry({a, beyond, "body", model::TextFormat::Html, 100});
  EXPECT_ERROR(refused, TooLarge);
  EXPECT_EQ(refused.error().message(), "The title is too long (at most 300 characters).")
      << "the message the forms and the API give";
  EXPECT_ERROR(store_->edit_diary_entry(*entry, {beyond, "body", model::TextFormat::Html, 200}), TooLarge);
  auto article = store_->create_article({a, at_limit, "Lead", "", "", model::TextFormat::Html, 100, ""});
  ASSERT_OK(article);
  EXPECT_ERROR(store_->create_article({a, beyond, "Lead", "", "", model::TextFormat::Html, 100, ""}), TooLarge);
  ASSERT_OK(store_->add_reply({*article, {}, a, at_limit, "yes", model::TextFormat::Html, 110, ""}));
  EXPECT_ERROR(store_->add_reply({*article, {}, a, beyond, "yes", model::TextFormat::Html, 110, ""}), TooLarge);
}

TEST_P(StoreTest, RecentLogOnePerMemberOrEveryEntryByLevel) {
  AccountId a = make_account("alice"), b = make_account("bob"), c = make_account("carol");
  ASSERT_OK(store_->add_diary_entry({a, "a1", "x", model::TextFormat::Html, 10}));
  ASSERT_OK(store_->add_diary_entry({b, "b1", "x", model::TextFormat::Html, 20}));
  ASSERT_OK(store_->add_diary_entry({a, "a2", "x", model::TextFormat::Html, 30}));
  ASSERT_OK(store_->add_diary_entry({c, "c1", "x", model::TextFormat::Html, 40}));
  ASSERT_OK(store_->publish_levels({}, {{a, CertLevel{2}}, {b, CertLevel{1}}, {c, CertLevel{3}}}));
  auto titles = [](const std::vector<RecentEntry>& v) {
    std::vector<std::string> t;
    for (const auto& e : v) t.push_back(e.entry.title);
    return t;
  };
  auto unique = store_->recent_diary_entries({});
  ASSERT_OK(unique);
  EXPECT_EQ(titles(*unique), (std::vector<std::string>{"c1", "a2", "b1"}));
  EXPECT_EQ((*unique)[0].author_level, CertLevel{3});
  auto every = store_->recent_diary_entries({.style = RecentStyle::EveryEntry, .limit = 3});
  ASSERT_OK(every);
  EXPECT_EQ(titles(*every), (std::vector<std::string>{"c1", "a2", "b1"}));
  auto journeyers =
      store_->recent_diary_entries({.style = RecentStyle::EveryEntry, .min_level = CertLevel{2}});
  ASSERT_OK(journeyers);
  EXPECT_EQ(titles(*journeyers), (std::vector<std::string>{"c1", "a2", "a1"}));
  auto older = store_->recent_diary_entries({.before = 30});
  ASSERT_OK(older);
  EXPECT_EQ(titles(*older), (std::vector<std::string>{"b1", "a1"}));
  // A page ending among entries of one second: the next starts after the
  // last one shown, by id, in both styles.
  auto b2 = store_->add_diary_entry({b, "b2", "x", model::TextFormat::Html, 30});
  ASSERT_OK(b2);
  for (auto style : {RecentStyle::LatestPerMember, RecentStyle::EveryEntry}) {
    auto first = store_->recent_diary_entries({.style = style, .limit = 2});
    ASSERT_OK(first);
    ASSERT_EQ(titles(*first), (std::vector<std::string>{"c1", "b2"}));
    auto rest = store_->recent_diary_entries(
        {.style = style, .before = first->back().entry.created, .before_id = first->back().entry.id.value});
    ASSERT_OK(rest);
    EXPECT_EQ(titles(*rest), style == RecentStyle::EveryEntry ? (std::vector<std::string>{"a2", "b1", "a1"})
                                                               : (std::vector<std::string>{"a2", "b1"}));
  }
  // A disabled member's entries disappear.
  ASSERT_OK(store_->set_account_state(c, model::AccountState::Disabled));
  unique = store_->recent_diary_entries({});
  ASSERT_OK(unique);
  EXPECT_EQ(titles(*unique), (std::vector<std::string>{"b2", "a2"}));
}

TEST_P(StoreTest, SyndicatedPostsAreNeverImportedTwice) {
  AccountId a = make_account("alice");
  SyndicatedPost p{a, {"guid-1", "https://blog/1", "Blog", "https://blog/"}, "Title", "<p>x</p>", 100, 100};
  auto r1 = store_->upsert_syndicated_entry(p);
  ASSERT_OK(r1);
  EXPECT_EQ(r1->outcome, UpsertOutcome::Created);
  auto r2 = store_->upsert_syndicated_entry(p);
  ASSERT_OK(r2);
  EXPECT_EQ(r2->outcome, UpsertOutcome::Unchanged);
  EXPECT_EQ(r2->id, r1->id);
  p.body = "<p>edited</p>";
  p.updated = 200;
  auto r3 = store_->upsert_syndicated_entry(p);
  ASSERT_OK(r3);
  EXPECT_EQ(r3->outcome, UpsertOutcome::Updated);
  auto e = store_->diary_entry(r1->id);
  ASSERT_OK(e);
  EXPECT_EQ(e->body, "<p>edited</p>");
  EXPECT_EQ(e->updated, 200);
  ASSERT_TRUE(e->syndicated.has_value());
  EXPECT_EQ(e->syndicated->blog_title, "Blog");
  auto n = store_->count_diary_entries(a);
  ASSERT_OK(n);
  EXPECT_EQ(*n, 1);
  // Deleted by the member, the post stays deleted, through the aggregator's
  // door too, and when the feed's address is saved again unchanged;
  // another member's post with the same guid is theirs.
  ASSERT_OK(store_->set_feed_url(a, "https://blog/feed"));
  ASSERT_OK(store_->delete_diary_entry(r1->id));
  auto r4 = store_->upsert_syndicated_entry(p);
  ASSERT_OK(r4);
  EXPECT_EQ(r4->outcome, UpsertOutcome::Deleted);
  EXPECT_EQ(r4->id, r1->id);
  ASSERT_OK(store_->set_feed_url(a, "https://blog/feed"));
  EXPECT_EQ(store_->upsert_syndicated_entry(p)->outcome, UpsertOutcome::Deleted);
  auto feed = store_->feed_of(a);
  ASSERT_OK(feed);
  ASSERT_TRUE(feed->has_value());
  auto outcomes = store_->record_fetches({{(*feed)->id, {.fetched = 300, .next_fetch = 3000}, {p}}});
  ASSERT_OK(outcomes);
  EXPECT_EQ(*outcomes, std::vector<UpsertOutcome>{UpsertOutcome::Deleted});
  EXPECT_EQ(*store_->count_diary_entries(a), 0);
  AccountId b = make_account("bob");
  SyndicatedPost theirs = p;
  theirs.author = b;
  EXPECT_EQ(store_->upsert_syndicated_entry(theirs)->outcome, UpsertOutcome::Created);
  // Another address may be another blog, whose ids may be the same: the
  // deleted posts' ids are forgotten.
  ASSERT_OK(store_->set_feed_url(a, "https://elsewhere/feed"));
  EXPECT_EQ(store_->upsert_syndicated_entry(p)->outcome, UpsertOutcome::Created);
}

TEST_P(StoreTest, DiaryDraftIsKeptUntilCleared) {
  AccountId a = make_account("alice");
  auto none = store_->diary_draft(a);
  ASSERT_OK(none);
  EXPECT_FALSE(none->has_value());
  ASSERT_OK(store_->save_diary_draft(a, "half", 1));
  ASSERT_OK(store_->save_diary_draft(a, "half a thought", 2));
  auto d = store_->diary_draft(a);
  ASSERT_OK(d);
  EXPECT_EQ(d->value_or(""), "half a thought");
  // An edit is given the record; one that fails, or makes a record too
  // large, leaves it as it was, with the reason.
  std::optional<std::string> seen;
  ASSERT_OK(store_->edit_diary_draft(
      a,
      [&](const std::optional<std::string>& record) -> Result<std::optional<std::string>> {
        seen = record;
        return std::optional<std::string>(record.value_or("") + ", and more");
      },
      3));
  EXPECT_EQ(seen.value_or(""), "half a thought");
  EXPECT_ERROR(store_->edit_diary_draft(
                   a, [](const std::optional<std::string>&) -> Result<std::optional<std::string>> {
                     return Error::invalid_input("not this time");
                   },
                   4),
               InvalidInput);
  EXPECT_ERROR(store_->save_diary_draft(a, std::string(Store::kMaxDraftRecordBytes + 1, 'x'), 5), TooLarge);
  d = store_->diary_draft(a);
  ASSERT_OK(d);
  EXPECT_EQ(d->value_or(""), "half a thought, and more");
  EXPECT_ERROR(store_->save_diary_draft(AccountId{999}, "nobody's", 6), NotFound);
  ASSERT_OK(store_->clear_diary_draft(a));
  d = store_->diary_draft(a);
  ASSERT_OK(d);
  EXPECT_FALSE(d->has_value());
}

TEST_P(StoreTest, ArticlesRepliesHidingAndDuplicateSubmissions) {
  AccountId a = make_account("alice"), b = make_account("bob");
  NewArticle art{a, "Title", "Lead", "Body", "news", model::TextFormat::Html, 100, "form-key-1"};
  auto id = store_->create_article(art);
  ASSERT_OK(id);
  auto again = store_->create_article(art);  // a double click
  ASSERT_OK(again);
  EXPECT_EQ(*again, *id);
  auto count = store_->count_articles(Visibility::Public);
  ASSERT_OK(count);
  EXPECT_EQ(*count, 1);
  auto r1 = store_->add_reply({*id, {}, b, "Re", "yes", model::TextFormat::Html, 110, ""});
  ASSERT_OK(r1);
  auto r2 = store_->add_reply({*id, *r1, a, "Re: Re", "no", model::TextFormat::Html, 120, ""});
  ASSERT_OK(r2);
  EXPECT_ERROR(store_->add_reply({*id, ReplyId{9999}, a, "x", "y", model::TextFormat::Html, 1, ""}),
               NotFound);
  auto replies = store_->replies(*id, Visibility::Public);
  ASSERT_OK(replies);
  ASSERT_EQ(replies->size(), 2u);
  EXPECT_EQ((*replies)[1].parent, *r1);
  auto got = store_->article(*id, Visibility::Public);
  ASSERT_OK(got);
  EXPECT_EQ(got->reply_count, 2);
  EXPECT_EQ(got->author_name, "alice");
  ASSERT_OK(store_->edit_article(*id, {"Title 2", "Lead", "Body", "news", model::TextFormat::Html, 150}));
  got = store_->article(*id, Visibility::Public);
  ASSERT_OK(got);
  EXPECT_EQ(got->title, "Title 2");
  EXPECT_EQ(got->updated, 150);
  ASSERT_OK(store_->set_reply_hidden(*r2, true, "rude"));
  replies = store_->replies(*id, Visibility::Public);
  ASSERT_OK(replies);
  EXPECT_EQ(replies->size(), 1u);
  ASSERT_OK(store_->set_article_hidden(*id, true, "spam"));
  EXPECT_ERROR(store_->article(*id, Visibility::Public), NotFound);
  auto hidden = store_->article(*id, Visibility::IncludeHidden);
  ASSERT_OK(hidden);
  EXPECT_EQ(hidden->hidden_reason, "spam");
  auto list = store_->articles({}, Visibility::Public);
  ASSERT_OK(list);
  EXPECT_TRUE(list->empty());
  ASSERT_OK(store_->set_article_hidden(*id, false, ""));
  auto by = store_->articles_by(a, {});
  ASSERT_OK(by);
  EXPECT_EQ(by->size(), 1u);
  // "M new": the newest reply seen only moves forward.
  ASSERT_OK(store_->mark_replies_seen(b, *id, *r2));
  ASSERT_OK(store_->mark_replies_seen(b, *id, *r1));
  auto seen = store_->last_seen_reply(b, *id);
  ASSERT_OK(seen);
  EXPECT_EQ(*seen, *r2);
}

TEST_P(StoreTest, NewReplyCountsPerReaderLeaveOutHiddenAndDisabled) {
  AccountId a = make_account("alice"), b = make_account("bob"), c = make_account("carol");
  auto one = store_->create_article({a, "One", "lead", "", "", model::TextFormat::Html, 100, ""});
  auto two = store_->create_article({a, "Two", "lead", "", "", model::TextFormat::Html, 101, ""});
  ASSERT_OK(one);
  ASSERT_OK(two);
  auto r1 = store_->add_reply({*one, {}, b, "Re", "1", model::TextFormat::Html, 110, ""});
  auto r2 = store_->add_reply({*one, *r1, c, "Re", "2", model::TextFormat::Html, 111, ""});
  auto r3 = store_->add_reply({*one, {}, b, "Re", "3", model::TextFormat::Html, 112, ""});
  ASSERT_OK(r3);
  ASSERT_OK(r2);
  // Nothing seen yet: every reply is new; an article without replies has none.
  auto counts = store_->count_new_replies(a, {*one, *two});
  ASSERT_OK(counts);
  EXPECT_EQ(*counts, (std::vector<std::int64_t>{3, 0}));
  ASSERT_OK(store_->mark_replies_seen(a, *one, *r2));
  counts = store_->count_new_replies(a, {*one, *two});
  ASSERT_OK(counts);
  EXPECT_EQ(*counts, (std::vector<std::int64_t>{1, 0}));
  // Another reader keeps their own count.
  counts = store_->count_new_replies(b, {*one});
  ASSERT_OK(counts);
  EXPECT_EQ(*counts, (std::vector<std::int64_t>{3}));
  // A hidden reply, and the replies of a disabled member, count nowhere.
  ASSERT_OK(store_->set_reply_hidden(*r3, true, "off topic"));
  ASSERT_OK(store_->set_account_state(c, model::AccountState::Disabled));
  counts = store_->count_new_replies(b, {*one});
  ASSERT_OK(counts);
  EXPECT_EQ(*counts, (std::vector<std::int64_t>{1}));
  auto got = store_->article(*one, Visibility::Public);
  ASSERT_OK(got);
  EXPECT_EQ(got->reply_count, 1);
}

TEST_P(StoreTest, SimultaneousSubmissionsOfOneFormMakeOneArticleAndOneReply) {
  AccountId a = make_account("alice");
  constexpr int kClicks = 4;
  std::vector<ArticleId> ids(kClicks);
  std::vector<std::thread> threads;
  for (int i = 0; i < kClicks; ++i)
    threads.emplace_back([&, i] {
      auto id = store_->create_article({a, "Once", "lead", "", "", model::TextFormat::Html, 100, "1:same-key"});
      if (id) ids[i] = *id;
    });
  for (auto& t : threads) t.join();
  for (int i = 0; i < kClicks; ++i) EXPECT_EQ(ids[i], ids[0]) << "submission " << i;
  auto count = store_->count_articles(Visibility::Public);
  ASSERT_OK(count);
  EXPECT_EQ(*count, 1);

  threads.clear();
  std::vector<ReplyId> replies(kClicks);
  for (int i = 0; i < kClicks; ++i)
    threads.emplace_back([&, i] {
      auto id = store_->add_reply({ids[0], {}, a, "Re", "body", model::TextFormat::Html, 110, "1:reply-key"});
      if (id) replies[i] = *id;
    });
  for (auto& t : threads) t.join();
  for (int i = 0; i < kClicks; ++i) EXPECT_EQ(replies[i], replies[0]) << "reply " << i;
  auto list = store_->replies(ids[0], Visibility::Public);
  ASSERT_OK(list);
  EXPECT_EQ(list->size(), 1u);
}

// The diary form's key: the same form sent again, or several times at once,
// makes one entry and answers it (its id and number) each time.
TEST_P(StoreTest, SimultaneousSubmissionsOfOneDiaryFormMakeOneEntry) {
  AccountId a = make_account("alice");
  constexpr int kClicks = 4;
  std::vector<DiaryAppended> added(kClicks);
  std::vector<std::thread> threads;
  for (int i = 0; i < kClicks; ++i)
    threads.emplace_back([&, i] {
      auto r = store_->append_diary_entry({a, "Once", "<p>once</p>", model::TextFormat::Html, 100, "1:diary-key"});
      if (r) added[i] = *r;
    });
  for (auto& t : threads) t.join();
  for (int i = 0; i < kClicks; ++i) {
    EXPECT_TRUE(added[i].id) << "submission " << i;
    EXPECT_EQ(added[i].id, added[0].id) << "submission " << i;
    EXPECT_EQ(added[i].number, 0) << "submission " << i;
  }
  auto later = store_->append_diary_entry({a, "Once", "<p>once</p>", model::TextFormat::Html, 200, "1:diary-key"});
  ASSERT_OK(later);
  EXPECT_EQ(later->id, added[0].id);
  auto count = store_->count_diary_entries(a);
  ASSERT_OK(count);
  EXPECT_EQ(*count, 1);
  // Another form, or none, is another entry.
  ASSERT_OK(store_->append_diary_entry({a, "Once", "<p>once</p>", model::TextFormat::Html, 300, "1:other-key"}));
  ASSERT_OK(store_->append_diary_entry({a, "Once", "<p>once</p>", model::TextFormat::Html, 300}));
  ASSERT_OK(store_->append_diary_entry({a, "Once", "<p>once</p>", model::TextFormat::Html, 300}));
  EXPECT_EQ(*store_->count_diary_entries(a), 4);
}

TEST_P(StoreTest, ProjectsAndRelations) {
  AccountId a = make_account("alice"), b = make_account("bob");
  auto p = store_->create_project({"GNOME", "https://gnome.org", "GPL", "desktop", "", a, 100});
  ASSERT_OK(p);
  EXPECT_ERROR(store_->create_project({"gnome", "", "", "", "", b, 101}), Conflict);
  EXPECT_ERROR(store_->create_project({".hidden", "", "", "", "", b, 101}), InvalidInput);
  EXPECT_ERROR(store_->create_project({"a/b", "", "", "", "", b, 101}), InvalidInput);
  EXPECT_ERROR(store_->create_project({std::string(26, 'p'), "", "", "", "", b, 101}), InvalidInput);
  ASSERT_OK(store_->edit_project(*p, {"https://www.gnome.org", "GPL-2.0", "a desktop", "notes", b, 200}));
  // An edit of the text as it was before that one is refused and changes
  // nothing; one of the text as it is goes through.
  ProjectEdit stale{"https://x.example", "MIT", "other", "", a, 210};
  stale.seen = ProjectEdit::Text{"https://gnome.org", "GPL", "desktop", ""};
  EXPECT_ERROR(store_->edit_project(*p, stale), Conflict);
  ProjectEdit fresh = stale;
  fresh.seen = ProjectEdit::Text{"https://www.gnome.org", "GPL-2.0", "a desktop", "notes"};
  fresh.homepage = "https://www.gnome.org";
  fresh.license = "GPL-2.0";
  fresh.description = "a desktop";
  fresh.notes = "notes";
  fresh.by = b;
  ASSERT_OK(store_->edit_project(*p, fresh));
  EXPECT_ERROR(store_->edit_project(ProjectId{999}, fresh), NotFound);
  auto got = store_->project_by_name("gnome");
  ASSERT_OK(got);
  EXPECT_EQ(got->name, "GNOME");
  EXPECT_EQ(got->created_by_name, "alice");
  EXPECT_EQ(got->modified_by_name, "bob");
  EXPECT_EQ(got->homepage, "https://www.gnome.org");
  ASSERT_OK(store_->set_project_relation(a, *p, model::ProjectRelation::LeadDeveloper));
  ASSERT_OK(store_->set_project_relation(b, *p, model::ProjectRelation::Helper));
  ASSERT_OK(store_->set_project_relation(b, *p, model::ProjectRelation::Documenter));
  auto members = store_->project_members(*p);
  ASSERT_OK(members);
  ASSERT_EQ(members->size(), 2u);
  EXPECT_EQ((*members)[0].relation, model::ProjectRelation::LeadDeveloper);
  EXPECT_EQ((*members)[1].relation, model::ProjectRelation::Documenter);
  ASSERT_OK(store_->set_project_relation(b, *p, model::ProjectRelation::None));
  auto of_b = store_->projects_of(b);
  ASSERT_OK(of_b);
  EXPECT_TRUE(of_b->empty());
  auto p2 = store_->create_project({"Zed", "", "", "", "", b, 300});
  ASSERT_OK(p2);
  auto recent = store_->projects(ProjectOrder::RecentlyChanged, {});
  ASSERT_OK(recent);
  ASSERT_EQ(recent->size(), 2u);
  EXPECT_EQ((*recent)[0].name, "Zed");
  EXPECT_ERROR(store_->rename_project(*p2, "Gnome"), Conflict);
  ASSERT_OK(store_->rename_project(*p2, "Zed2"));
  ASSERT_OK(store_->delete_project(*p));
  EXPECT_ERROR(store_->project_by_name("GNOME"), NotFound);
  auto of_a = store_->projects_of(a);
  ASSERT_OK(of_a);
  EXPECT_TRUE(of_a->empty());
}

TEST_P(StoreTest, AClaimedFeedIsNotDueAgainUntilItsLeaseEnds) {
  for (const char* name : {"alice", "bob", "carol"})
    ASSERT_OK(store_->set_feed_url(make_account(name), std::string("https://") + name + ".example/feed"));
  auto first = store_->claim_due_feeds(0, 2, 600);
  ASSERT_OK(first);
  EXPECT_EQ(first->size(), 2u);
  auto second = store_->claim_due_feeds(0, 10, 600);
  ASSERT_OK(second);
  ASSERT_EQ(second->size(), 1u);
  for (const auto& f : *first) EXPECT_NE(f.id, second->front().id);
  auto none = store_->claim_due_feeds(599, 10, 1200);
  ASSERT_OK(none);
  EXPECT_TRUE(none->empty());
  EXPECT_EQ(*store_->count_due_feeds(599), 0);
  // A fetch recorded sets the real next fetch; a claim never fetched is due
  // again when its lease ends.
  ASSERT_OK(store_->record_fetch(second->front().id, {.fetched = 10, .next_fetch = 5000}));
  auto again = store_->claim_due_feeds(600, 10, 1200);
  ASSERT_OK(again);
  EXPECT_EQ(again->size(), 2u);
  for (const auto& f : *again) EXPECT_NE(f.id, second->front().id);
}

TEST_P(StoreTest, FeedsAndFetchState) {
  AccountId a = make_account("alice"), b = make_account("bob");
  ASSERT_OK(store_->set_feed_url(a, "https://alice.example/feed"));
  ASSERT_OK(store_->set_feed_url(b, "https://bob.example/atom"));
  auto due = store_->due_feeds(0, 10);
  ASSERT_OK(due);
  ASSERT_EQ(due->size(), 2u);
  FeedId fa = (*due)[0].account == a ? (*due)[0].id : (*due)[1].id;
  ASSERT_OK(store_->record_fetch(fa, {.fetched = 100,
                                      .next_fetch = 1900,
                                      .etag = "\"e1\"",
                                      .last_modified = "lm",
                                      .error = "",
                                      .blog_title = "Alice's",
                                      .new_post = true}));
  auto f = store_->feed_of(a);
  ASSERT_OK(f);
  ASSERT_TRUE(f->has_value());
  EXPECT_EQ((*f)->etag, "\"e1\"");
  EXPECT_EQ((*f)->last_new_post, 100);
  EXPECT_EQ((*f)->blog_title, "Alice's");
  ASSERT_OK(store_->record_fetch(fa, {.fetched = 2000, .next_fetch = 4000, .error = "timed out after 10 s"}));
  f = store_->feed_of(a);
  ASSERT_OK(f);
  EXPECT_EQ((*f)->last_error, "timed out after 10 s");
  EXPECT_EQ((*f)->failures, 1);
  EXPECT_EQ((*f)->etag, "\"e1\"");  // kept for the next conditional GET
  due = store_->due_feeds(3000, 10);
  ASSERT_OK(due);
  ASSERT_EQ(due->size(), 1u);
  EXPECT_EQ((*due)[0].account_name, "bob");
  auto count = store_->count_due_feeds(3000);
  ASSERT_OK(count);
  EXPECT_EQ(*count, 1);
  count = store_->count_due_feeds(5000);
  ASSERT_OK(count);
  EXPECT_EQ(*count, 2);
  ASSERT_OK(store_->set_feed_url(b, ""));
  auto none = store_->feed_of(b);
  ASSERT_OK(none);
  EXPECT_FALSE(none->has_value());
}

TEST_P(StoreTest, SpamFlagsOncePerFlagger) {
  AccountId a = make_account("alice"), b = make_account("bob"), s = make_account("spammer");
  ASSERT_OK(store_->flag_spam(a, s, 10));
  EXPECT_ERROR(store_->flag_spam(a, s, 11), Conflict);
  EXPECT_ERROR(store_->flag_spam(s, s, 11), InvalidInput);
  ASSERT_OK(store_->flag_spam(b, s, 12));
  ASSERT_OK(store_->flag_spam(a, b, 13));
  auto flags = store_->spam_flags(s);
  ASSERT_OK(flags);
  ASSERT_EQ(flags->size(), 2u);
  EXPECT_EQ((*flags)[0].flagger_name, "alice");
  auto queue = store_->flagged_accounts(10);
  ASSERT_OK(queue);
  ASSERT_EQ(queue->size(), 2u);
  EXPECT_EQ((*queue)[0], s);
}

TEST_P(StoreTest, DiaryRatingsKeepHistoryAndTheLatestStands) {
  AccountId a = make_account("alice"), b = make_account("bob"), d = make_account("diarist");
  ASSERT_OK(store_->ratings_version());
  EXPECT_EQ(*store_->ratings_version(), 0);
  ASSERT_OK(store_->rate_diary(a, d, 3, 10));
  ASSERT_OK(store_->rate_diary(a, d, 9, 20));  // changes alice's mind
  ASSERT_OK(store_->rate_diary(b, d, 7, 30));
  ASSERT_OK(store_->rate_diary(a, b, 1, 40));
  EXPECT_ERROR(store_->rate_diary(a, d, 0, 50), InvalidInput);
  EXPECT_ERROR(store_->rate_diary(a, d, 11, 50), InvalidInput);
  EXPECT_ERROR(store_->rate_diary(d, d, 5, 50), InvalidInput);
  EXPECT_ERROR(store_->rate_diary(a, AccountId{999999}, 5, 50), NotFound);

  auto mine = store_->diary_rating(a, d);
  ASSERT_OK(mine);
  EXPECT_EQ(*mine, std::optional<int>(9));
  auto none = store_->diary_rating(d, a);
  ASSERT_OK(none);
  EXPECT_FALSE(none->has_value());

  auto by_alice = store_->ratings_by(a);
  ASSERT_OK(by_alice);
  ASSERT_EQ(by_alice->size(), 2u);
  auto standing = store_->standing_ratings();
  ASSERT_OK(standing);
  ASSERT_EQ(standing->size(), 3u);  // the 3 was replaced by the 9
  int alice_on_diarist = 0;
  for (const auto& r : *standing)
    if (r.reader == a && r.diarist == d) alice_on_diarist = r.value;
  EXPECT_EQ(alice_on_diarist, 9);
  auto version = store_->ratings_version();
  ASSERT_OK(version);
  EXPECT_GE(*version, 4);  // four ratings given, refused ones not counted

  // A disabled member's ratings, and ratings of their diary, stop counting.
  ASSERT_OK(store_->set_account_state(b, model::AccountState::Disabled));
  standing = store_->standing_ratings();
  ASSERT_OK(standing);
  ASSERT_EQ(standing->size(), 1u);
  EXPECT_EQ((*standing)[0].value, 9);
}

TEST_P(StoreTest, RecordFetchesWritesManyFeedsInOneTransaction) {
  AccountId a = make_account("alice"), b = make_account("bob");
  ASSERT_OK(store_->set_feed_url(a, "https://alice.example/feed"));
  ASSERT_OK(store_->set_feed_url(b, "https://bob.example/atom"));
  auto due = store_->due_feeds(0, 10);
  ASSERT_OK(due);
  ASSERT_EQ(due->size(), 2u);
  FeedId fa = (*due)[0].account == a ? (*due)[0].id : (*due)[1].id;
  FeedId fb = (*due)[0].account == a ? (*due)[1].id : (*due)[0].id;
  SyndicatedPost p1{a, {"g1", "https://alice.example/1", "Alice", "https://alice.example/"}, "One", "<p>1</p>", 90, 0};
  SyndicatedPost p2{a, {"g2", "https://alice.example/2", "Alice", "https://alice.example/"}, "Two", "<p>2</p>", 95, 0};
  std::vector<FeedFetch> batch = {
      {fa, {.fetched = 100, .next_fetch = 1900, .etag = "\"e1\"", .blog_title = "Alice"}, {p1, p2}},
      {fb, {.fetched = 100, .next_fetch = 3700, .error = "the blog's server answered 500"}, {}},
  };
  auto r = store_->record_fetches(batch);
  ASSERT_OK(r);
  EXPECT_EQ(*r, (std::vector<UpsertOutcome>{UpsertOutcome::Created, UpsertOutcome::Created}));
  auto f = store_->feed_of(a);
  ASSERT_OK(f);
  EXPECT_EQ((*f)->last_new_post, 100);  // set by the store: a post was created
  EXPECT_EQ((*f)->etag, "\"e1\"");
  f = store_->feed_of(b);
  ASSERT_OK(f);
  EXPECT_EQ((*f)->last_error, "the blog's server answered 500");
  EXPECT_EQ((*f)->failures, 1);
  auto entries = store_->diary_entries(a, {0, 10});
  ASSERT_OK(entries);
  EXPECT_EQ(entries->size(), 2u);

  // An edit and an unchanged post; no new post, so last_new_post stays.
  p1.title = "One (edited)";
  batch = {{fa, {.fetched = 200, .next_fetch = 2000}, {p1, p2}}};
  r = store_->record_fetches(batch);
  ASSERT_OK(r);
  EXPECT_EQ(*r, (std::vector<UpsertOutcome>{UpsertOutcome::Updated, UpsertOutcome::Unchanged}));
  f = store_->feed_of(a);
  ASSERT_OK(f);
  EXPECT_EQ((*f)->last_fetch, 200);
  EXPECT_EQ((*f)->last_new_post, 100);

  // All or nothing: a post of an unknown author sinks the whole batch.
  SyndicatedPost stray = p2;
  stray.author = AccountId{999999};
  stray.source.guid = "g3";
  batch = {{fa, {.fetched = 300, .next_fetch = 3000}, {}}, {fb, {.fetched = 300, .next_fetch = 3000}, {stray}}};
  EXPECT_FALSE(store_->record_fetches(batch).has_value());
  f = store_->feed_of(a);
  ASSERT_OK(f);
  EXPECT_EQ((*f)->last_fetch, 200);
  // Refused before writing: a post without a guid.
  SyndicatedPost anonymous = p2;
  anonymous.source.guid = "";
  EXPECT_ERROR(store_->record_fetches({{fa, {.fetched = 400}, {anonymous}}}), InvalidInput);
}

}  // namespace
}  // namespace journeyer::storage::testing
