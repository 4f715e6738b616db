// Diaries on the site: posting with a preview that keeps a draft, editing
// and deleting one's own entries, the diary pages and their paging,
// syndicated entries, the recent log, and disabled accounts disappearing.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "web_fixture.h"

namespace journeyer::web::testing {
namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }
std::size_t count_of(const std::string& s, const std::string& part) {
  std::size_t n = 0;
  for (auto at = s.find(part); at != std::string::npos; at = s.find(part, at + 1)) ++n;
  return n;
}

class DiaryTest : public SiteTest {
 protected:
  // Certifies `name` at `level` from the seed and recomputes.
  void certify(const std::string& name, int level) {
    ASSERT_TRUE(store_->certify({store_->account_by_name("seed")->id, store_->account_by_name(name)->id,
                                 model::CertLevel{static_cast<std::uint8_t>(level)}, now_}));
    settle();
  }
  // A post of alice's blog, as the aggregator hands it to the store.
  static storage::SyndicatedPost blog_post(model::AccountId author, const std::string& guid, const std::string& title) {
    storage::SyndicatedPost post;
    post.author = author;
    post.source = {guid, "https://blog.example/2026/hello", "Alice's Blog", "https://blog.example/"};
    post.title = title;
    post.body = "<p>Written elsewhere.</p>";
    post.published = 1'700'000'000;  // 2023-11-14
    return post;
  }
  model::DiaryEntryId add_entry(model::AccountId author, const std::string& title, const std::string& body) {
    auto id = store_->add_diary_entry({author, title, body, model::TextFormat::Html, now_});
    EXPECT_TRUE(id);
    now_ += 60;
    return *id;
  }
};

// A form opened before logging out (and in again, perhaps in another tab)
// no longer matches the session: nothing is saved, and what was typed comes
// back on the refusal to be copied. Passwords and tokens never do.
TEST_F(DiaryTest, AnExpiredFormSavesNothingAndGivesBackWhatWasTyped) {
  auto alice = add_member("alice", "alice-pass-123");
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  const std::string old = field_value(c.get("/diary/post").body, "csrf");
  ASSERT_FALSE(old.empty());
  ASSERT_EQ(c.post("/account/logout", {}).status, 303);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  Response r = c.post("/diary/post", {{"csrf", old},
                                      {"title", "Lost & found"},
                                      {"body", "<p>Three paragraphs\nof <b>text</b></p>"},
                                      {"format", "html"},
                                      {"save", "1"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_TRUE(contains(r.body, "This form has expired (you logged in again since it was opened")) << r.body;
  EXPECT_TRUE(contains(r.body, "<h2 id=\"kept-heading\">What you typed</h2>"));
  // Each box is labelled with the words a reader knows the field by.
  EXPECT_TRUE(contains(r.body, "<label for=\"kept-1\">Title</label>\n<textarea id=\"kept-1\" readonly rows=\"2\">"
                               "Lost &amp; found</textarea>"))
      << r.body;
  EXPECT_TRUE(contains(r.body, "<label for=\"kept-2\">Text</label>\n<textarea id=\"kept-2\" readonly rows=\"3\">"))
      << r.body;
  EXPECT_TRUE(contains(r.body, ">&lt;p&gt;Three paragraphs\nof &lt;b&gt;text&lt;&#x2F;b&gt;&lt;&#x2F;p&gt;</textarea>") ||
              contains(r.body, ">&lt;p&gt;Three paragraphs\nof &lt;b&gt;text&lt;/b&gt;&lt;/p&gt;</textarea>"))
      << r.body;
  EXPECT_FALSE(contains(r.body, old)) << "the old token is not shown";
  EXPECT_FALSE(contains(r.body, ">1</textarea>")) << "nor the form's own buttons";
  auto count = store_->count_diary_entries(alice);
  ASSERT_TRUE(count);
  EXPECT_EQ(*count, 0) << "nothing saved";

  // Logged out meanwhile: told so, and the text still comes back.
  ASSERT_EQ(c.post("/account/logout", {}).status, 303);
  Response out = c.post("/diary/post", {{"csrf", old}, {"body", "second try"}});
  EXPECT_EQ(out.status, 403);
  EXPECT_TRUE(contains(out.body, "open the form again (after logging in, for a members' form)")) << out.body;
  EXPECT_TRUE(contains(out.body, ">second try</textarea>"));

  // A password sent with a token that does not match is never shown.
  Client d(*site_);
  d.get("/account/login");
  Response login = d.post("/account/login", {{"csrf", "wrong"}, {"name", "alice"}, {"password", "alice-pass-123"}});
  EXPECT_EQ(login.status, 403);
  EXPECT_FALSE(contains(login.body, "alice-pass-123"));
  EXPECT_TRUE(contains(login.body, ">alice</textarea>")) << "the name typed comes back";
  // A form with nothing typed shows no section.
  EXPECT_FALSE(contains(d.post("/account/logout", {{"csrf", "wrong"}}).body, "What you typed"));
  // A request without this site's cookie (as a form another site makes a
  // browser send: the cookies are SameSite=Lax) gets nothing back, so no
  // other site can put its words on this site's page.
  Client elsewhere(*site_);
  Response forged = elsewhere.post("/diary/post", {{"csrf", "guess"}, {"body", "Your account is closed, call us"}});
  EXPECT_EQ(forged.status, 403);
  EXPECT_FALSE(contains(forged.body, "call us"));
  EXPECT_FALSE(contains(forged.body, "What you typed"));
}

TEST_F(DiaryTest, AMemberPreviewsThenPostsAndSeesTheEntryEverywhere) {
  add_member("seed", "seed-pass-123");
  add_member("alice", "alice-pass-123");
  settle();
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  ASSERT_EQ(c.get("/diary/post").status, 200);
  Fields entry = {{"title", "Parsers & me"},
                  {"body", "<p>I wrote a <em>parser</em>.<script>alert(1)</script></p>"},
                  {"format", "html"}};
  Fields preview = entry;
  preview.emplace_back("preview", "1");
  Response p = c.post("/diary/post", preview);
  ASSERT_EQ(p.status, 200);
  EXPECT_TRUE(contains(p.body, "<em>parser</em>"));
  EXPECT_FALSE(contains(p.body, "<script>alert"));
  EXPECT_TRUE(contains(p.body, "Your draft is kept"));

  // The browser closes; the draft comes back with the form.
  Response again = c.get("/diary/post");
  EXPECT_TRUE(contains(again.body, "Your unposted draft is restored."));
  EXPECT_TRUE(contains(again.body, "Parsers &amp; me"));
  EXPECT_TRUE(contains(again.body, "I wrote a &lt;em&gt;parser&lt;/em&gt;"));

  Fields save = entry;
  save.emplace_back("save", "1");
  Response posted = c.post("/diary/post", save);
  ASSERT_EQ(posted.status, 303);
  std::string permalink(posted.header("Location"));
  EXPECT_EQ(permalink.rfind("/person/alice/diary/", 0), 0u) << permalink;
  Response e = c.get(permalink);
  ASSERT_EQ(e.status, 200);
  EXPECT_TRUE(contains(e.body, "Your entry is posted."));
  EXPECT_TRUE(contains(e.body, "<em>parser</em>"));
  EXPECT_FALSE(contains(c.get("/diary/post").body, "draft is restored")) << "posting clears the draft";

  Client visitor(*site_);
  EXPECT_TRUE(contains(visitor.get("/person/alice/").body, "<em>parser</em>"));
  EXPECT_TRUE(contains(visitor.get("/person/alice/diary.html").body, "Parsers &amp; me"));
  Response log = visitor.get("/recentlog.html");
  EXPECT_TRUE(contains(log.body, "Parsers &amp; me"));
  EXPECT_TRUE(contains(log.body, "alice"));
  EXPECT_TRUE(contains(log.body, "(Observer)")) << "the member's level is shown";
}

TEST_F(DiaryTest, MarkdownIsRenderedAndSanitized) {
  auto alice = add_member("alice", "alice-pass-123");
  settle();
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  c.get("/diary/post");
  Response r = c.post("/diary/post", {{"title", ""},
                                      {"body", "Some **bold** text and <img src=x onerror=alert(1)>"},
                                      {"format", "markdown"},
                                      {"save", "1"}});
  ASSERT_EQ(r.status, 303);
  Response page = c.get(std::string(r.header("Location")));
  EXPECT_TRUE(contains(page.body, "<strong>bold</strong>"));
  EXPECT_FALSE(contains(page.body, "onerror"));
  auto entries = store_->diary_entries(alice, {0, 5});
  ASSERT_EQ(entries->size(), 1u);
  EXPECT_EQ(entries->front().format, model::TextFormat::Markdown) << "the source is kept as written";
}

TEST_F(DiaryTest, EmptyOrOversizedEntriesAreRefusedWithTheTextKept) {
  add_member("alice", "alice-pass-123");
  settle();
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  c.get("/diary/post");
  Response empty = c.post("/diary/post", {{"title", "Only a title"}, {"body", ""}, {"save", "1"}});
  EXPECT_EQ(empty.status, 400);
  EXPECT_TRUE(contains(empty.body, "The entry is empty"));
  EXPECT_TRUE(contains(empty.body, "Only a title"));
  // A body that is all script shows nothing once sanitized: refused too,
  // in preview and on saving, and nothing reaches the recent log.
  for (const char* button : {"preview", "save"}) {
    Response blank = c.post("/diary/post", {{"title", "Sneaky"}, {"body", "<script>alert(1)</script> <p> </p>"}, {button, "1"}});
    EXPECT_EQ(blank.status, 400) << button;
    EXPECT_TRUE(contains(blank.body, "The entry would show nothing")) << button;
    EXPECT_TRUE(contains(blank.body, "Sneaky")) << button;
  }
  EXPECT_FALSE(contains(c.get("/recentlog.html").body, "Sneaky"));
  auto entries = store_->count_diary_entries(store_->account_by_name("alice")->id);
  ASSERT_TRUE(entries);
  EXPECT_EQ(*entries, 0);
  Response huge =
      c.post("/diary/post", {{"title", "x"}, {"body", std::string(model::kMaxDiaryBytes + 1, 'a')}, {"save", "1"}});
  EXPECT_EQ(huge.status, 400);
  EXPECT_TRUE(contains(huge.body, "The entry is too long (at most 256 KiB).")) << "KiB, as the API says";
  // Each refusal marks the one field it is about, focused and described by
  // the message (the entry for all but a title too long).
  EXPECT_EQ(field_at_fault(empty.body), "body");
  EXPECT_EQ(field_at_fault(huge.body), "body");
  for (const char* button : {"preview", "save"}) {
    Response blank = c.post("/diary/post", {{"title", "Sneaky"}, {"body", "<script>alert(1)</script>"}, {button, "1"}});
    EXPECT_EQ(field_at_fault(blank.body), "body") << button;
    Response long_title = c.post(
        "/diary/post", {{"title", std::string(model::kMaxTitleChars + 1, 't')}, {"body", "Kept body"}, {button, "1"}});
    EXPECT_EQ(long_title.status, 400) << button;
    EXPECT_TRUE(contains(long_title.body, "The title is too long")) << button;
    EXPECT_EQ(field_at_fault(long_title.body), "title") << button;
    EXPECT_TRUE(contains(long_title.body, ">Kept body</textarea>")) << button;
  }
  // A preview that is fine marks nothing.
  EXPECT_FALSE(contains(c.post("/diary/post", {{"title", "Fine"}, {"body", "<p>fine</p>"}, {"preview", "1"}}).body,
                        "aria-invalid"));
}

// A new entry's draft and an unsaved edit of an entry are kept side by
// side: previewing one does not lose the other, and posting or saving one
// clears only its own.
TEST_F(DiaryTest, ANewEntrysDraftAndAnEditsChangesAreKeptApart) {
  auto alice = add_member("alice", "alice-pass-123");
  settle();
  auto first = add_entry(alice, "First", "<p>one</p>");
  auto second = add_entry(alice, "Second", "<p>two</p>");
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  const std::string edit1 = "/diary/" + std::to_string(first.value) + "/edit";
  const std::string edit2 = "/diary/" + std::to_string(second.value) + "/edit";
  // A draft kept before drafts were kept apart comes back as it was.
  ASSERT_TRUE(store_->save_diary_draft(alice, R"({"entry":0,"title":"Old kind","body":"<p>kept</p>","format":"html"})",
                                       now_));
  EXPECT_TRUE(contains(c.get("/diary/post").body, "Old kind"));
  Response p = c.post("/diary/post", {{"title", "Half written"}, {"body", "<p>new words</p>"}, {"preview", "1"}});
  EXPECT_TRUE(contains(p.body, "Not posted yet. Your draft is kept"));
  Response e = c.post(edit1, {{"title", "First, changed"}, {"body", "<p>one, changed</p>"}, {"preview", "1"}});
  EXPECT_TRUE(contains(e.body, "Not saved yet. Your changes are kept")) << "the entry is posted already";
  EXPECT_FALSE(contains(e.body, "Not posted yet"));
  c.post(edit2, {{"title", "Second, changed"}, {"body", "<p>two, changed</p>"}, {"preview", "1"}});

  Response form = c.get("/diary/post");
  EXPECT_TRUE(contains(form.body, "Your unposted draft is restored."));
  EXPECT_TRUE(contains(form.body, "new words"));
  Response again1 = c.get(edit1);
  EXPECT_TRUE(contains(again1.body, "Your unsaved changes are restored."));
  EXPECT_TRUE(contains(again1.body, "one, changed"));
  EXPECT_TRUE(contains(c.get(edit2).body, "two, changed"));

  // Saving the first edit clears its changes only.
  ASSERT_EQ(c.post(edit1, {{"title", "First, changed"}, {"body", "<p>one, changed</p>"}, {"save", "1"}}).status, 303);
  EXPECT_FALSE(contains(c.get(edit1).body, "Your unsaved changes are restored."));
  EXPECT_TRUE(contains(c.get(edit2).body, "two, changed"));
  EXPECT_TRUE(contains(c.get("/diary/post").body, "new words"));
  // Posting the new entry clears its draft only.
  Response form2 = c.get("/diary/post");
  ASSERT_EQ(c.post("/diary/post", {{"title", "Half written"},
                                   {"body", "<p>new words</p>"},
                                   {"submission", field_value(form2.body, "submission")},
                                   {"save", "1"}})
                .status,
            303);
  EXPECT_FALSE(contains(c.get("/diary/post").body, "draft is restored"));
  EXPECT_TRUE(contains(c.get(edit2).body, "Your unsaved changes are restored."));
  // Deleting an entry clears its changes too.
  c.post("/diary/" + std::to_string(second.value) + "/delete", {{"confirm", "1"}});
  EXPECT_FALSE(store_->diary_entry(second));
  auto left = store_->diary_draft(alice);
  ASSERT_TRUE(left);
  EXPECT_FALSE(left->has_value()) << "no draft left";
}

// Two tabs previewing at the same moment, a new entry in one and changes
// to an entry in the other: both drafts are kept, every time.
TEST_F(DiaryTest, TwoTabsPreviewingAtOnceKeepBothDrafts) {
  auto alice = add_member("alice", "alice-pass-123");
  settle();
  auto first = add_entry(alice, "First", "<p>one</p>");
  const std::string edit = "/diary/" + std::to_string(first.value) + "/edit";
  Client tab1(*site_), tab2(*site_);
  ASSERT_TRUE(tab1.login("alice", "alice-pass-123"));
  ASSERT_TRUE(tab2.login("alice", "alice-pass-123"));
  tab1.get("/diary/post");
  tab2.get(edit);
  for (int round = 0; round < 25; ++round) {
    const std::string n = std::to_string(round);
    Response changed;
    std::thread other(
        [&] { changed = tab2.post(edit, {{"title", "First"}, {"body", "<p>changed words " + n + "</p>"}, {"preview", "1"}}); });
    Response fresh = tab1.post("/diary/post", {{"title", "New"}, {"body", "<p>new words " + n + "</p>"}, {"preview", "1"}});
    other.join();
    ASSERT_TRUE(contains(fresh.body, "Your draft is kept")) << round;
    ASSERT_TRUE(contains(changed.body, "Your changes are kept")) << round;
    auto record = store_->diary_draft(alice);
    ASSERT_TRUE(record && *record);
    EXPECT_TRUE(contains(**record, "new words " + n)) << "round " << round << ": " << **record;
    EXPECT_TRUE(contains(**record, "changed words " + n)) << "round " << round << ": " << **record;
  }
  EXPECT_TRUE(contains(tab1.get("/diary/post").body, "new words 24"));
  EXPECT_TRUE(contains(tab1.get(edit).body, "changed words 24"));
}

// At most eight drafts are kept: the ninth lets the oldest go, and says so.
TEST_F(DiaryTest, TheNinthDraftLetsTheOldestGoAndSaysSo) {
  auto alice = add_member("alice", "alice-pass-123");
  settle();
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  c.get("/diary/post");
  c.post("/diary/post", {{"title", "The new one"}, {"body", "<p>new words</p>"}, {"preview", "1"}});
  Response last;
  for (int i = 0; i < 8; ++i) {
    auto id = add_entry(alice, "Entry " + std::to_string(i), "<p>x</p>");
    const std::string edit = "/diary/" + std::to_string(id.value) + "/edit";
    c.get(edit);
    last = c.post(edit, {{"title", "Changed " + std::to_string(i)}, {"body", "<p>y</p>"}, {"preview", "1"}});
    EXPECT_EQ(contains(last.body, "let go"), i == 7) << i;
  }
  EXPECT_TRUE(contains(last.body, "To make room, your oldest other draft was let go (1).")) << last.body;
  EXPECT_FALSE(contains(c.get("/diary/post").body, "new words")) << "the oldest, the new entry's, went";
}

TEST_F(DiaryTest, OnlyTheAuthorEditsOrDeletesAndDeletingAsksFirst) {
  auto alice = add_member("alice", "alice-pass-123");
  add_member("bob", "bob-pass-1234");
  settle();
  auto id = add_entry(alice, "First", "<p>one</p>");
  const std::string edit = "/diary/" + std::to_string(id.value) + "/edit";
  const std::string del = "/diary/" + std::to_string(id.value) + "/delete";

  Client bob(*site_);
  ASSERT_TRUE(bob.login("bob", "bob-pass-1234"));
  EXPECT_EQ(bob.get(edit).status, 403);
  EXPECT_EQ(bob.post(edit, {{"title", "Mine now"}, {"body", "x"}, {"save", "1"}}).status, 403);
  EXPECT_EQ(bob.post(del, {{"confirm", "1"}}).status, 403);
  EXPECT_EQ(store_->diary_entry(id)->title, "First");

  Client alice_c(*site_);
  ASSERT_TRUE(alice_c.login("alice", "alice-pass-123"));
  Response form = alice_c.get(edit);
  ASSERT_EQ(form.status, 200);
  EXPECT_TRUE(contains(form.body, "value=\"First\""));
  Response saved = alice_c.post(edit, {{"title", "First, edited"}, {"body", "<p>one and a half</p>"}, {"save", "1"}});
  ASSERT_EQ(saved.status, 303);
  EXPECT_EQ(store_->diary_entry(id)->title, "First, edited");
  // The entry's page says the changes are saved (not that it is posted).
  Response shown = alice_c.get(std::string(saved.header("Location")));
  EXPECT_TRUE(contains(shown.body, "Your changes are saved.")) << saved.header("Location");
  EXPECT_FALSE(contains(shown.body, "Your entry is posted."));

  Response ask = alice_c.post(del, {});
  EXPECT_EQ(ask.status, 200);
  EXPECT_TRUE(contains(ask.body, "cannot be brought back"));
  EXPECT_TRUE(store_->diary_entry(id)) << "not deleted before the confirmation";
  // The confirmation's address, reloaded or opened from the history, asks
  // again (and deletes nothing, whatever its query says).
  Response again = alice_c.get(del + "?confirm=1");
  EXPECT_EQ(again.status, 200);
  EXPECT_TRUE(contains(again.body, "cannot be brought back."));
  EXPECT_FALSE(contains(again.body, "fetched from your blog")) << "not a syndicated entry";
  EXPECT_TRUE(store_->diary_entry(id));
  EXPECT_EQ(bob.get(del).status, 403);
  Client visitor(*site_);
  Response out = visitor.get(del);
  EXPECT_EQ(out.status, 303) << "a visitor is sent to log in first";
  EXPECT_EQ(out.header("Location").rfind("/account/login", 0), 0u) << out.header("Location");
  Response gone = alice_c.post(del, {{"confirm", "1"}});
  EXPECT_EQ(gone.status, 303);
  EXPECT_FALSE(store_->diary_entry(id));
  EXPECT_EQ(alice_c.get("/person/alice/diary/" + std::to_string(id.value) + ".html").status, 404);
}

// A deleted entry's address says so, every other entry keeps its address,
// and the next entry posted, even after the newest is deleted, gets an
// address of its own.
TEST_F(DiaryTest, ADeletedEntrysAddressSaysSoAndIsNeverGivenAgain) {
  auto alice = add_member("alice", "alice-pass-123");
  settle();
  const auto permalink = [](model::DiaryEntryId id) { return "/person/alice/diary/" + std::to_string(id.value) + ".html"; };
  std::vector<model::DiaryEntryId> ids;
  for (int i = 0; i < 3; ++i) ids.push_back(add_entry(alice, "Entry " + std::to_string(i), "<p>text " + std::to_string(i) + "</p>"));
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  for (auto gone : {ids[1], ids[2]}) {
    ASSERT_EQ(c.get(permalink(gone)).status, 200);
    ASSERT_EQ(c.post("/diary/" + std::to_string(gone.value) + "/delete", {{"confirm", "1"}}).status, 303);
    Response page = c.get(permalink(gone));
    EXPECT_EQ(page.status, 404);
    EXPECT_TRUE(contains(page.body, "This diary entry was deleted.")) << page.body;
  }
  Response kept = c.get(permalink(ids[0]));
  EXPECT_EQ(kept.status, 200);
  EXPECT_TRUE(contains(kept.body, "text 0"));

  Response form = c.get("/diary/post");
  Response posted = c.post("/diary/post", {{"title", "After"}, {"body", "<p>new text</p>"}, {"save", "1"},
                                           {"submission", field_value(form.body, "submission")}});
  ASSERT_EQ(posted.status, 303);
  std::string address(posted.header("Location"));
  for (auto gone : {ids[1], ids[2]}) {
    EXPECT_NE(address.rfind(permalink(gone), 0), 0u) << "a deleted entry's address is not given again";
    Response page = c.get(permalink(gone));
    EXPECT_EQ(page.status, 404);
    EXPECT_FALSE(contains(page.body, "new text"));
  }
  EXPECT_TRUE(contains(c.get(address).body, "new text"));
  // Someone else's deleted entry is just not there under this name.
  add_member("bob", "bob-pass-1234");
  Response elsewhere = c.get("/person/bob/diary/" + std::to_string(ids[1].value) + ".html");
  EXPECT_EQ(elsewhere.status, 404);
  EXPECT_FALSE(contains(elsewhere.body, "was deleted"));
}

// The same form sent twice (a double click, or its answer reloaded) makes
// one entry, and the second answer leads to it; so does the same text sent
// again from a new form soon after (Back and Post again brings the form
// back afresh, with a new key and the typed text restored).
TEST_F(DiaryTest, PostingTheSameFormTwiceMakesOneEntry) {
  auto alice = add_member("alice", "alice-pass-123");
  auto bob = add_member("bob", "bob-pass-1234");
  settle();
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  std::string key = field_value(c.get("/diary/post").body, "submission");
  ASSERT_FALSE(key.empty()) << "the form carries a one-time key";
  Fields entry = {{"title", "Once"}, {"body", "<p>only once</p>"}, {"format", "html"}, {"submission", key}};
  Fields preview = entry;
  preview.emplace_back("preview", "1");
  Response previewed = c.post("/diary/post", preview);
  ASSERT_EQ(previewed.status, 200);
  EXPECT_EQ(field_value(previewed.body, "submission"), key) << "the preview keeps the form's key";
  Fields save = entry;
  save.emplace_back("save", "1");
  Response first = c.post("/diary/post", save);
  ASSERT_EQ(first.status, 303);
  Response second = c.post("/diary/post", save);
  ASSERT_EQ(second.status, 303);
  EXPECT_EQ(second.header("Location"), first.header("Location"));
  EXPECT_EQ(*store_->count_diary_entries(alice), 1);
  EXPECT_TRUE(contains(c.get(std::string(second.header("Location"))).body, "only once"));

  // Back and Post again: a new form with the same words, nine minutes on,
  // leads to the entry already posted; with other words it is a new entry.
  now_ += 9 * 60;
  std::string next_key = field_value(c.get("/diary/post").body, "submission");
  EXPECT_NE(next_key, key);
  Fields again = {{"title", "Once"}, {"body", "<p>only once</p>"}, {"submission", next_key}, {"save", "1"}};
  Response repeated = c.post("/diary/post", again);
  EXPECT_EQ(repeated.status, 303);
  EXPECT_EQ(repeated.header("Location"), first.header("Location"));
  EXPECT_EQ(*store_->count_diary_entries(alice), 1);
  Fields changed = again;
  changed[1].second = "<p>only once, then once more</p>";
  Response other = c.post("/diary/post", changed);
  EXPECT_EQ(other.status, 303);
  EXPECT_NE(other.header("Location"), first.header("Location"));
  EXPECT_EQ(*store_->count_diary_entries(alice), 2);
  // The same words again later than ten minutes after the newest entry are
  // a new entry: the member means it.
  now_ += 11 * 60;
  Fields later = {{"title", "Once"}, {"body", "<p>only once, then once more</p>"},
                  {"submission", field_value(c.get("/diary/post").body, "submission")}, {"save", "1"}};
  EXPECT_EQ(c.post("/diary/post", later).status, 303);
  EXPECT_EQ(*store_->count_diary_entries(alice), 3);
  // One member's key never finds another's entry.
  Client b(*site_);
  ASSERT_TRUE(b.login("bob", "bob-pass-1234"));
  b.get("/diary/post");
  Response bobs = b.post("/diary/post", save);
  ASSERT_EQ(bobs.status, 303);
  EXPECT_NE(bobs.header("Location"), first.header("Location"));
  EXPECT_EQ(*store_->count_diary_entries(bob), 1);
}

TEST_F(DiaryTest, VisitorsCannotPost) {
  Client c(*site_);
  EXPECT_EQ(c.get("/diary/post").status, 303);
  c.get("/account/login");
  EXPECT_EQ(c.post("/diary/post", {{"body", "spam"}, {"save", "1"}}).status, 403);
}

TEST_F(DiaryTest, DiaryPageIsNewestFirstAndPaged) {
  auto alice = add_member("alice", "alice-pass-123");
  settle();
  for (int i = 1; i <= 25; ++i) add_entry(alice, "Entry " + std::to_string(i), "<p>text " + std::to_string(i) + "</p>");
  Client c(*site_);
  Response first = c.get("/person/alice/diary.html");
  ASSERT_EQ(first.status, 200);
  EXPECT_LT(first.body.find("Entry 25"), first.body.find("Entry 24"));
  EXPECT_TRUE(contains(first.body, "Entry 16"));
  EXPECT_FALSE(contains(first.body, "Entry 15<"));
  EXPECT_TRUE(contains(first.body, "15 older entries..."));
  EXPECT_TRUE(contains(first.body, "/person/alice/diary.html?start=10"));
  Response second = c.get("/person/alice/diary.html?start=10");
  EXPECT_TRUE(contains(second.body, "Entry 15"));
  EXPECT_TRUE(contains(second.body, "5 older entries..."));
  Response last = c.get("/person/alice/diary.html?start=20");
  EXPECT_TRUE(contains(last.body, "Entry 1<"));
  EXPECT_FALSE(contains(last.body, "older entr"));
  // The person page shows the latest few only.
  Response person = c.get("/person/alice/");
  EXPECT_TRUE(contains(person.body, "Entry 25"));
  EXPECT_FALSE(contains(person.body, "Entry 20<"));
  EXPECT_EQ(c.get("/person/alice/diary/999999.html").status, 404);
  EXPECT_EQ(c.get("/person/alice/diary/abc.html").status, 404);
}

TEST_F(DiaryTest, APermalinkUnderAnotherNameIsNotFound) {
  auto alice = add_member("alice", "alice-pass-123");
  add_member("bob", "bob-pass-1234");
  auto id = add_entry(alice, "Hers", "<p>x</p>");
  Client c(*site_);
  EXPECT_EQ(c.get("/person/alice/diary/" + std::to_string(id.value) + ".html").status, 200);
  EXPECT_EQ(c.get("/person/bob/diary/" + std::to_string(id.value) + ".html").status, 404);
}

TEST_F(DiaryTest, SyndicatedEntryShowsItsSourceAndWarnsBeforeALocalEdit) {
  auto alice = add_member("alice", "alice-pass-123");
  settle();
  const storage::SyndicatedPost post = blog_post(alice, "urn:post:1", "Hello from the blog");
  auto synd = store_->upsert_syndicated_entry(post);
  ASSERT_TRUE(synd);
  Client c(*site_);
  for (const std::string& url : {std::string("/person/alice/"), std::string("/person/alice/diary.html"),
                                 std::string("/recentlog.html")}) {
    Response r = c.get(url);
    EXPECT_TRUE(contains(r.body, "Syndicated 2023-11-14 from <a href=\"https://blog.example/2026/hello\" "
                                 "rel=\"nofollow ugc\">Alice's Blog</a>"))
        << url << "\n" << r.body;
  }
  Client me(*site_);
  ASSERT_TRUE(me.login("alice", "alice-pass-123"));
  const std::string edit = "/diary/" + std::to_string(synd->id.value) + "/edit";
  Response form = me.get(edit);
  EXPECT_TRUE(contains(form.body, "This entry was syndicated from Alice"));
  Response refused = me.post(edit, {{"title", "Changed"}, {"body", "<p>here</p>"}, {"save", "1"}});
  EXPECT_EQ(refused.status, 400);
  EXPECT_TRUE(contains(refused.body, "tick the box"));
  EXPECT_EQ(field_at_fault(refused.body), "syndicated_ok") << "the refusal is about the box";
  EXPECT_FALSE(contains(refused.body, " checked>"));
  // Ticked, it stays ticked through a preview and another refusal, which
  // marks its own field and not the box.
  for (const char* button : {"preview", "save"}) {
    Response long_title = me.post(edit, {{"title", std::string(model::kMaxTitleChars + 1, 't')},
                                         {"body", "<p>here</p>"},
                                         {"syndicated_ok", "1"},
                                         {button, "1"}});
    EXPECT_EQ(long_title.status, 400) << button;
    EXPECT_EQ(field_at_fault(long_title.body), "title") << button;
    EXPECT_TRUE(contains(long_title.body, "name=\"syndicated_ok\" value=\"1\" checked>")) << button;
  }
  EXPECT_EQ(store_->diary_entry(synd->id)->title, "Hello from the blog");
  Response ok = me.post(edit, {{"title", "Changed"}, {"body", "<p>here</p>"}, {"syndicated_ok", "1"}, {"save", "1"}});
  EXPECT_EQ(ok.status, 303);
  EXPECT_EQ(store_->diary_entry(synd->id)->title, "Changed");
}

// A syndicated entry the member deletes stays deleted: the next fetch
// of the blog, which still has the post, does not bring it back.
TEST_F(DiaryTest, ADeletedSyndicatedPostIsNotFetchedAgain) {
  auto alice = add_member("alice", "alice-pass-123");
  settle();
  storage::SyndicatedPost post = blog_post(alice, "urn:post:1", "Regretted");
  auto synd = store_->upsert_syndicated_entry(post);
  ASSERT_TRUE(synd);
  Client me(*site_);
  ASSERT_TRUE(me.login("alice", "alice-pass-123"));
  const std::string del = "/diary/" + std::to_string(synd->id.value) + "/delete";
  me.get("/diary/" + std::to_string(synd->id.value) + "/edit");
  Response ask = me.post(del, {});
  EXPECT_TRUE(contains(ask.body, "cannot be brought back, and its post is not fetched from your blog again."));
  ASSERT_EQ(me.post(del, {{"confirm", "1"}}).status, 303);
  auto again = store_->upsert_syndicated_entry(post);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->outcome, storage::UpsertOutcome::Deleted);
  post.body = "<p>Changed on the blog since.</p>";
  EXPECT_EQ(store_->upsert_syndicated_entry(post)->outcome, storage::UpsertOutcome::Deleted);
  EXPECT_EQ(*store_->count_diary_entries(alice), 0);
  EXPECT_FALSE(contains(me.get("/person/alice/diary.html").body, "Regretted"));
  // Another post of the same blog is taken as before.
  post.source.guid = "urn:post:2";
  post.title = "Kept";
  EXPECT_EQ(store_->upsert_syndicated_entry(post)->outcome, storage::UpsertOutcome::Created);
  EXPECT_EQ(*store_->count_diary_entries(alice), 1);
}

// A certified member's own links are followed; those in posts a feed
// brought are not (the level vouches for what the member writes here), on
// the pages, in the feeds and through the API; and the API's
// syndicated_from leads where the page's "Syndicated ... from" does.
TEST_F(DiaryTest, LinksInSyndicatedPostsAreNeverFollowed) {
  add_member("seed", "seed-pass-123");
  auto alice = add_member("alice", "alice-pass-123");
  certify("alice", 2);
  add_entry(alice, "Mine", "<p><a href=\"https://mine.example/\">my link</a></p>");
  storage::SyndicatedPost post = blog_post(alice, "urn:post:1", "From the blog");
  post.body = "<p><a href=\"https://elsewhere.example/\">their link</a></p>";
  ASSERT_TRUE(store_->upsert_syndicated_entry(post));
  storage::SyndicatedPost odd = post;
  odd.source = {"urn:post:2", "javascript:alert(1)", "Alice's Blog", "https://blog.example/"};
  odd.title = "Odd link";
  ASSERT_TRUE(store_->upsert_syndicated_entry(odd));
  storage::SyndicatedPost none = post;
  none.source = {"urn:post:3", "", "Alice's Blog", ""};
  none.title = "No link";
  ASSERT_TRUE(store_->upsert_syndicated_entry(none));
  settle();
  Client c(*site_);
  for (const std::string& url : {std::string("/person/alice/diary.html"), std::string("/person/alice/rss.xml")}) {
    Response r = c.get(url);
    ASSERT_EQ(r.status, 200) << url;
    EXPECT_TRUE(contains(r.body, "https://mine.example/") && !contains(r.body, "https://mine.example/\" rel"))
        << url << ": the member's own link is followed\n" << r.body;
    EXPECT_TRUE(contains(r.body, "https://elsewhere.example/\" rel=\"nofollow ugc\"") ||
                contains(r.body, "https://elsewhere.example/&quot; rel=&quot;nofollow ugc&quot;"))
        << url << "\n" << r.body;
  }
  Response api = c.get("/api/v1/people/alice/diary");
  ASSERT_EQ(api.status, 200);
  EXPECT_TRUE(contains(api.body, "https://elsewhere.example/\\\" rel=\\\"nofollow ugc\\\"")) << api.body;
  EXPECT_TRUE(contains(api.body, "\"syndicated_from\":\"https://blog.example/2026/hello\"")) << api.body;
  EXPECT_TRUE(contains(api.body, "\"syndicated_from\":\"https://blog.example/\"")) << "the blog's, for odd";
  EXPECT_TRUE(contains(api.body, "\"syndicated_from\":null")) << "neither address";
  EXPECT_FALSE(contains(api.body, "javascript:"));
  // Edited here, its preview shows the links as the page will.
  Client me(*site_);
  ASSERT_TRUE(me.login("alice", "alice-pass-123"));
  auto entries = store_->diary_entries(alice, {0, 10});
  ASSERT_TRUE(entries);
  std::string edit;
  for (const auto& e : *entries)
    if (e.title == "From the blog") edit = "/diary/" + std::to_string(e.id.value) + "/edit";
  me.get(edit);
  Response preview = me.post(edit, {{"title", "From the blog"},
                                    {"body", "<p><a href=\"https://elsewhere.example/\">their link</a></p>"},
                                    {"syndicated_ok", "1"},
                                    {"preview", "1"}});
  EXPECT_EQ(preview.status, 200);
  EXPECT_TRUE(contains(preview.body, "https://elsewhere.example/\" rel=\"nofollow ugc\"")) << preview.body;
}

TEST_F(DiaryTest, RecentlogIsOnePerMemberAndTheReaderChoosesLevelAndCount) {
  auto seed = add_member("seed", "seed-pass-123");
  auto alice = add_member("alice", "alice-pass-123");
  auto bob = add_member("bob", "bob-pass-1234");
  certify("alice", 2);
  add_entry(alice, "Alice old", "<p>a1</p>");
  add_entry(bob, "Bob only", "<p>b1</p>");
  add_entry(alice, "Alice new", "<p>a2</p>");
  add_entry(seed, "Seed says", "<p>s1</p>");
  Client c(*site_);
  Response all = c.get("/recentlog.html");
  EXPECT_TRUE(contains(all.body, "Alice new"));
  EXPECT_FALSE(contains(all.body, "Alice old")) << "one entry per member by default";
  EXPECT_TRUE(contains(all.body, "Bob only"));
  EXPECT_TRUE(contains(all.body, "(Journeyer)"));
  EXPECT_LT(all.body.find("Seed says"), all.body.find("Alice new"));

  Response journeyers = c.get("/recentlog.html?level=Journeyer");
  EXPECT_TRUE(contains(journeyers.body, "Alice new"));
  EXPECT_FALSE(contains(journeyers.body, "Bob only"));
  Response two = c.get("/recentlog.html?count=2");
  EXPECT_EQ(count_of(two.body, "class=\"entry\""), 2u);
  EXPECT_TRUE(contains(two.body, "Older entries..."));
  Response nonsense = c.get("/recentlog.html?level=Wizard&count=-4");
  EXPECT_EQ(nonsense.status, 200) << "an unknown choice falls back to the defaults";
}

// Entries posted in the same second (a burst, an import) are each shown
// once when the reader follows "Older entries..." a page at a time.
TEST_F(DiaryTest, RecentlogPagesLeaveOutNoEntryOfTheSameSecond) {
  std::vector<std::string> titles;
  for (const char* name : {"ann", "ben", "cat", "dan", "eve"}) {
    auto m = add_member(name, std::string(name) + "-pass-1234");
    ASSERT_TRUE(store_->add_diary_entry({m, std::string(name) + " in a burst", "<p>x</p>", model::TextFormat::Html, now_}));
    titles.push_back(std::string(name) + " in a burst");
  }
  Client c(*site_);
  std::multiset<std::string> seen;
  std::string next = "/recentlog.html?count=2";
  for (int page = 0; page < 6 && !next.empty(); ++page) {
    Response r = c.get(next);
    ASSERT_EQ(r.status, 200);
    for (const auto& t : titles)
      if (contains(r.body, t)) seen.insert(t);
    next.clear();
    const std::size_t at = r.body.find("href=\"/recentlog.html?");
    if (at != std::string::npos && contains(r.body, "Older entries...")) {
      const std::size_t start = at + 6, end = r.body.find('"', start);
      next = r.body.substr(start, end - start);
      for (std::size_t amp; (amp = next.find("&amp;")) != std::string::npos;) next.replace(amp, 5, "&");
    }
  }
  for (const auto& t : titles) EXPECT_EQ(seen.count(t), 1u) << t;
}

class EveryEntryTest : public DiaryTest {
  SiteConfig make_config() override {
    SiteConfig c = DiaryTest::make_config();
    c.recentlog_style = storage::RecentStyle::EveryEntry;
    c.diary_level = model::CertLevel{1};
    return c;
  }
};

TEST_F(EveryEntryTest, EveryEntryStyleAndTheDiaryLevelFromTheConfig) {
  add_member("seed", "seed-pass-123");
  auto alice = add_member("alice", "alice-pass-123");
  add_member("bob", "bob-pass-1234");
  certify("alice", 1);
  add_entry(alice, "Alice old", "<p>a1</p>");
  add_entry(alice, "Alice new", "<p>a2</p>");
  Client c(*site_);
  Response log = c.get("/recentlog.html");
  EXPECT_TRUE(contains(log.body, "Alice old"));
  EXPECT_TRUE(contains(log.body, "Alice new"));

  Client bob(*site_);
  ASSERT_TRUE(bob.login("bob", "bob-pass-1234"));
  Response refused = bob.get("/diary/post");
  EXPECT_EQ(refused.status, 403);
  EXPECT_TRUE(contains(refused.body, "needs Apprentice level"));
  // And what to do about it.
  EXPECT_TRUE(contains(refused.body, "ask members who know your work to certify you on <a href=\"/person/bob/\">"
                                     "your page</a> (you are at Observer level now)."))
      << refused.body;
  Client alice_c(*site_);
  ASSERT_TRUE(alice_c.login("alice", "alice-pass-123"));
  EXPECT_EQ(alice_c.get("/diary/post").status, 200);
}

// Headings and images are outside the diary policy, in Markdown and in HTML
// alike: the form says what becomes of them, the preview shows it and says
// so, and the posted entry shows the same, with no picture from another
// site loading in readers' browsers.
TEST_F(DiaryTest, HeadingsAndImagesShowAsBoldLinesAndLinksAndThePreviewSaysSo) {
  add_member("alice", "alice-pass-123");
  settle();
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  EXPECT_TRUE(contains(c.get("/diary/post").body,
                       "In both, headings (&lt;h2&gt;, ## Part) show as bold lines and images as links to them"));
  const std::string heading = "<p><strong>Holiday</strong></p>";
  const std::string image =
      "<a href=\"https://photos.example/beach.jpg\" rel=\"nofollow ugc\">[image: The beach at dawn]</a>";
  const std::string note =
      "Headings show here as bold lines, and images as links to them: pages here load no pictures from other sites";
  const std::string markdown = "# Holiday\n\nWe went.\n\n![The beach at dawn](https://photos.example/beach.jpg)\n";
  const std::vector<std::pair<std::string, std::string>> bodies = {
      {"markdown", markdown},
      {"html", "<h1>Holiday</h1><p>We went.</p><img src=\"https://photos.example/beach.jpg\" alt=\"The beach at dawn\">"}};
  for (const auto& [format, body] : bodies) {
    Response p = c.post("/diary/post", {{"title", ""}, {"body", body}, {"format", format}, {"preview", "1"}});
    ASSERT_EQ(p.status, 200) << format;
    EXPECT_TRUE(contains(p.body, heading)) << format;
    EXPECT_TRUE(contains(p.body, image)) << format;
    EXPECT_TRUE(contains(p.body, note)) << format;
  }
  Response plain = c.post("/diary/post", {{"body", "Just *words*."}, {"format", "markdown"}, {"preview", "1"}});
  EXPECT_TRUE(contains(plain.body, "<em>words</em>"));
  EXPECT_FALSE(contains(plain.body, "Headings show here")) << "no note without a heading or an image";

  Response posted =
      c.post("/diary/post", {{"title", "Away"}, {"body", markdown}, {"format", "markdown"}, {"save", "1"}});
  ASSERT_EQ(posted.status, 303);
  Response e = c.get(std::string(posted.header("Location")));
  EXPECT_TRUE(contains(e.body, heading));
  EXPECT_TRUE(contains(e.body, image));
  EXPECT_FALSE(contains(e.body, "<img"));
}

TEST_F(DiaryTest, EntriesOfDisabledAccountsDisappearEverywhere) {
  add_member("seed", "seed-pass-123");
  auto mallory = add_member("mallory", "mallory-pass-1");
  certify("mallory", 2);
  add_entry(mallory, "Buy pills", "<p>spam</p>");
  Client c(*site_);
  EXPECT_TRUE(contains(c.get("/recentlog.html").body, "Buy pills"));
  EXPECT_EQ(c.get("/person/mallory/rss.xml").status, 200);
  ASSERT_TRUE(store_->set_account_state(mallory, model::AccountState::Disabled));
  settle();
  Client fresh(*site_);
  EXPECT_FALSE(contains(fresh.get("/recentlog.html").body, "Buy pills"));
  EXPECT_FALSE(contains(fresh.get("/rss.xml").body, "Buy pills"));
  EXPECT_FALSE(contains(fresh.get("/atom.xml").body, "Buy pills"));
  EXPECT_EQ(fresh.get("/person/mallory/diary.html").status, 404);
  EXPECT_EQ(fresh.get("/person/mallory/rss.xml").status, 404);
  EXPECT_EQ(fresh.get("/person/mallory/atom.xml").status, 404);
  EXPECT_EQ(fresh.get("/person/mallory/foaf.rdf").status, 404);
}

}  // namespace
}  // namespace journeyer::web::testing
