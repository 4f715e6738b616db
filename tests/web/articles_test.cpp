// Articles and replies, and projects, through the handlers on a real SQLite
// store: posting with a preview, one article per form however often it is
// sent, threaded replies and "M new", the edit window, hiding, the level
// checks on the form and on the submit, and projects with their relations.
#include <gtest/gtest.h>

#include <map>

#include "html/policy.h"
#include "web/form.h"
#include "web_fixture.h"

namespace journeyer::web::testing {
namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }
std::size_t count_of(const std::string& s, const std::string& part) {
  std::size_t n = 0;
  for (auto at = s.find(part); at != std::string::npos; at = s.find(part, at + 1)) ++n;
  return n;
}

class ArticlesTest : public SiteTest {
 protected:
  SiteConfig make_config() override {
    SiteConfig c = SiteTest::make_config();
    c.editors = {"ed"};
    c.topics = {"Kernel", "Events"};
    return c;
  }
  void SetUp() override {
    SiteTest::SetUp();
    seed_ = add_member("seed", "seed-pass-123");
    alice_ = add_member("alice", "alice-pass-123");
    bob_ = add_member("bob", "bob-pass-1234");
    add_member("olive", "olive-pass-123");
    add_member("ed", "ed-pass-12345");
    ASSERT_TRUE(store_->certify({seed_, alice_, model::CertLevel{2}, now_}));
    ASSERT_TRUE(store_->certify({seed_, bob_, model::CertLevel{1}, now_}));
    settle();
  }
  // Posts an article as the logged-in client; returns its address.
  std::string post_article(Client& c, const std::string& title, const std::string& lead,
                           const std::string& body = "") {
    Response form = c.get("/article/new");
    EXPECT_EQ(form.status, 200);
    Response r = c.post("/article/new", {{"title", title},
                                         {"lead", lead},
                                         {"body", body},
                                         {"format", "html"},
                                         {"submission", field_value(form.body, "submission")},
                                         {"post", "1"}});
    EXPECT_EQ(r.status, 303) << r.body;
    std::string location(r.header("Location"));
    return location.substr(0, location.find('?'));
  }
  std::string reply(Client& c, const std::string& article, const std::string& title, const std::string& body,
                    const std::string& to = "") {
    std::string base = article.substr(0, article.size() - 5);  // "/article/N"
    Response form = c.get(base + "/reply" + (to.empty() ? "" : "?to=" + to));
    EXPECT_EQ(form.status, 200) << form.body;
    Fields fields{{"title", title},
                  {"body", body},
                  {"submission", field_value(form.body, "submission")},
                  {"post", "1"}};
    if (!to.empty()) fields.emplace_back("to", to);
    Response r = c.post(base + "/reply", fields);
    EXPECT_EQ(r.status, 303) << r.body;
    std::string location(r.header("Location"));
    return location.substr(location.find("#reply-") + 7);
  }
  // The id in an article's address ("/article/N.html"), and the address of
  // one of its forms ("/article/N/edit", "/article/N/reply").
  static model::ArticleId id_of(const std::string& article) {
    return model::ArticleId{std::stoll(article.substr(9))};
  }
  static std::string form_of(const std::string& article, const std::string& form) {
    return article.substr(0, article.size() - 5) + "/" + form;
  }
  // A form the store failed to save: 503 with `message`, no field marked,
  // and each of `kept` (what was typed) on the page to be sent again.
  static void expect_not_saved(const Response& r, const std::string& message,
                               const std::vector<std::string>& kept, int status = 503) {
    EXPECT_EQ(r.status, status);
    EXPECT_TRUE(contains(r.body, message)) << r.body;
    EXPECT_EQ(field_at_fault(r.body), "") << "no field is at fault";
    for (const std::string& k : kept) EXPECT_TRUE(contains(r.body, k)) << k << " is kept";
  }
  // A form the store does not save: how the database refuses it, and the
  // status and message the form comes back with.
  struct NotSavedCase {
    const char* what;
    Refusal how;
    int status;
    std::string message;
  };
  // A failing and a busy database under a form whose refusal begins with
  // `not_saved`; with `gone`, also what the form edits gone meanwhile.
  static std::vector<NotSavedCase> not_saved_cases(const std::string& not_saved,
                                                   const std::string& gone = "") {
    std::vector<NotSavedCase> cases = {
        {"a failing database", Refusal::Fails, 503, not_saved + ": sqlite: integer overflow"},
        {"a busy database", Refusal::Busy, 503, not_saved + ": " + std::string(kBusyDatabase)},
    };
    if (!gone.empty())
      cases.push_back({"what it edits gone", Refusal::Gone, 404, not_saved + ": " + gone + "."});
    return cases;
  }
  model::AccountId seed_, alice_, bob_;
};

TEST_F(ArticlesTest, PostWithPreviewThenOnFrontPageListAndPersonPage) {
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  Response form = c.get("/article/new");
  ASSERT_EQ(form.status, 200);
  EXPECT_TRUE(contains(form.body, "<option>Kernel</option>"));
  std::string key = field_value(form.body, "submission");
  ASSERT_FALSE(key.empty());
  Fields fields{{"title", "Parsers & you"},
                {"lead", "<p>Why <em>parsers</em> matter.<script>x()</script></p>"},
                {"body", "<p>The whole story.</p>"},
                {"topic", "Kernel"},
                {"format", "html"},
                {"submission", key}};
  Fields preview = fields;
  preview.emplace_back("preview", "1");
  Response p = c.post("/article/new", preview);
  ASSERT_EQ(p.status, 200);
  EXPECT_TRUE(contains(p.body, "aria-label=\"Preview\""));
  EXPECT_TRUE(contains(p.body, "<em>parsers</em>"));
  EXPECT_FALSE(contains(p.body, "<script>x()"));
  EXPECT_EQ(field_value(p.body, "submission"), key) << "the preview keeps the form's key";
  EXPECT_EQ(*store_->count_articles(storage::Visibility::Public), 0) << "a preview posts nothing";

  Fields post = fields;
  post.emplace_back("post", "1");
  Response r = c.post("/article/new", post);
  ASSERT_EQ(r.status, 303);
  std::string location(r.header("Location"));
  // A double click, or the form sent again from the history: the same article.
  Response again = c.post("/article/new", post);
  ASSERT_EQ(again.status, 303);
  EXPECT_EQ(again.header("Location"), location);
  EXPECT_EQ(*store_->count_articles(storage::Visibility::Public), 1);

  Response article = c.get(location.substr(0, location.find('?')));
  ASSERT_EQ(article.status, 200);
  EXPECT_TRUE(contains(article.body, "Parsers &amp; you"));
  EXPECT_TRUE(contains(article.body, "The whole story."));
  EXPECT_TRUE(contains(article.body, "Topic: Kernel"));

  Client visitor(*site_);
  Response home = visitor.get("/");
  EXPECT_TRUE(contains(home.body, "Parsers &amp; you"));
  EXPECT_TRUE(contains(home.body, "Posted 2023-11-14 by <a href=\"/person/alice/\">alice</a>"));
  EXPECT_TRUE(contains(home.body, "<em>parsers</em>"));
  EXPECT_TRUE(contains(home.body, "Read more... (no replies yet)<span class=\"sr\">: "));
  EXPECT_FALSE(contains(home.body, "The whole story.")) << "the front page shows the lead only";
  EXPECT_TRUE(contains(visitor.get("/article/").body, "Parsers &amp; you"));
  EXPECT_TRUE(contains(visitor.get("/person/alice/").body, "Articles by alice"));
  EXPECT_TRUE(contains(visitor.get("/person/alice/articles.html").body, "Parsers &amp; you"));
}

// A page number past the last (an old link, a number typed) says so and
// leads to the newest page; only an empty site says "No articles yet."
TEST_F(ArticlesTest, APagePastTheLastSaysSoAndLeadsToTheNewest) {
  Client visitor(*site_);
  EXPECT_TRUE(contains(visitor.get("/article/").body, "No articles yet."));
  for (int i = 0; i < 21; ++i) {
    storage::NewArticle a;
    a.author = alice_;
    a.title = "Article " + std::to_string(i);
    a.lead = "<p>Lead " + std::to_string(i) + "</p>";
    a.when = now_++;
    ASSERT_TRUE(store_->create_article(a));
  }
  Response second = visitor.get("/article/?page=2");
  EXPECT_TRUE(contains(second.body, "Article 0")) << "the oldest is alone on the second page";
  EXPECT_FALSE(contains(second.body, "this far back"));
  for (const auto& [base, query] : std::vector<std::pair<std::string, std::string>>{
           {"/article/", "page=3"}, {"/article/", "page=40"}, {"/person/alice/articles.html", "page=3"}}) {
    Response past = visitor.get(base + "?" + query);
    EXPECT_EQ(past.status, 200) << base << "?" << query;
    EXPECT_TRUE(contains(past.body, "There are no articles this far back. <a href=\"" + base +
                                        "\">The newest articles</a>"))
        << base << "?" << query << past.body;
    EXPECT_FALSE(contains(past.body, "No articles yet.")) << base << "?" << query;
  }
}

// Back and Post again sends the same words from a new form (the browser
// fetches the form afresh, with a new key, and restores what was typed): an
// article or a reply repeating the member's newest within ten minutes leads
// to it instead of making a copy; other words, or the same later, are new.
TEST_F(ArticlesTest, BackAndPostAgainLeadsToWhatWasJustPosted) {
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  const std::string article = post_article(c, "Once", "<p>lead</p>");
  now_ += 9 * 60;
  EXPECT_EQ(post_article(c, "Once", "<p>lead</p>"), article);
  const std::string other = post_article(c, "Once", "<p>another lead</p>");
  EXPECT_NE(other, article);
  now_ += 11 * 60;
  EXPECT_NE(post_article(c, "Once", "<p>another lead</p>"), other) << "the same words later are meant";
  auto articles = store_->articles_by(store_->account_by_name("alice")->id, {0, 10});
  ASSERT_TRUE(articles);
  EXPECT_EQ(articles->size(), 3u);

  const std::string first = reply(c, article, "Re: Once", "<p>agreed</p>");
  now_ += 60;
  EXPECT_EQ(reply(c, article, "Re: Once", "<p>agreed</p>"), first);
  EXPECT_NE(reply(c, article, "Re: Once", "<p>agreed</p>", first), first) << "an answer to another is new";
  EXPECT_NE(reply(c, article, "Re: Once", "<p>agreed, twice</p>"), first);
  auto replies = store_->replies(id_of(article), storage::Visibility::Public);
  ASSERT_TRUE(replies);
  EXPECT_EQ(replies->size(), 3u);
}

TEST_F(ArticlesTest, AnUnknownTopicAndAMissingLeadAreRefusedWithTheTextKept) {
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  std::string key = field_value(c.get("/article/new").body, "submission");
  Response r =
      c.post("/article/new",
             {{"title", "T"}, {"lead", "L"}, {"topic", "Gossip"}, {"submission", key}, {"post", "1"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(contains(r.body, "Choose a topic from the list."));
  r = c.post("/article/new", {{"title", "Kept title"}, {"lead", ""}, {"submission", key}, {"post", "1"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(contains(r.body, "value=\"Kept title\""));
  r = c.post("/article/new", {{"title", "No key"}, {"lead", "L"}, {"post", "1"}});
  EXPECT_EQ(r.status, 400);
  // A lead that is all script shows nothing: refused, the title kept.
  r = c.post("/article/new",
             {{"title", "Script lead"}, {"lead", "<script>alert(1)</script>"}, {"submission", key}, {"post", "1"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(contains(r.body, "The lead would show nothing"));
  EXPECT_TRUE(contains(r.body, "value=\"Script lead\""));
  EXPECT_EQ(*store_->count_articles(storage::Visibility::Public), 0);
  // And so is such a reply.
  std::string article = post_article(c, "A real one", "Lead");
  std::string base = article.substr(0, article.size() - 5);
  std::string reply_key = field_value(c.get(base + "/reply").body, "submission");
  r = c.post(base + "/reply", {{"title", "Empty"}, {"body", "<style>p{}</style>&nbsp;"}, {"submission", reply_key},
                               {"post", "1"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(contains(r.body, "The reply would show nothing"));
  EXPECT_FALSE(contains(c.get(article).body, "Empty"));
}

TEST_F(ArticlesTest, ArticleErrorsMarkTheFieldAtFaultAndKeepWhatWasTyped) {
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  const std::string article = post_article(c, "Original", "Original lead");
  const std::string edit = form_of(article, "edit");
  const std::size_t too_long = html::named_policy("diary")->max_input_bytes() + 1;
  const std::vector<FormErrorCase> cases = {
      {"no title", "title", "", "An article needs a title."},
      {"title too long", "title", std::string(model::kMaxTitleChars + 1, 't'), "The title is too long"},
      {"no lead", "lead", "", "An article needs a lead"},
      {"all-script lead", "lead", "<script>alert(1)</script>", "The lead would show nothing"},
      {"lead too long", "lead", std::string(too_long, 'l'), "The lead: the HTML is"},
      {"body too long", "body", std::string(too_long, 'b'), "The body: the HTML is"},
      {"unknown topic", "topic", "Gossip", "Choose a topic from the list."},
  };
  for (const std::string& path : {std::string("/article/new"), edit}) {
    for (const char* button : {"preview", "post"}) {
      for (const auto& k : cases) {
        const std::string what = path + " " + button + ": " + k.what;
        std::map<std::string, std::string> form = {{"title", "Kept title"}, {"lead", "Kept lead"},
                                                   {"body", "Kept body"},   {"topic", "Kernel"},
                                                   {"format", "html"},      {button, "1"}};
        form[k.field] = k.value;
        Response blank = c.get(path);
        if (path == "/article/new") form["submission"] = field_value(blank.body, "submission");
        Response r = c.post(path, Fields(form.begin(), form.end()));
        EXPECT_EQ(r.status, 400) << what;
        EXPECT_TRUE(contains(r.body, k.message)) << what;
        // The one field at fault is marked, focused and described by the
        // error (and still by its help).
        EXPECT_EQ(field_at_fault(r.body), k.field) << what;
        EXPECT_EQ(contains(r.body, "aria-describedby=\"form-error lead-help\""), k.field == "lead") << what;
        EXPECT_EQ(contains(r.body, "aria-describedby=\"form-error format-help\""), k.field == "body") << what;
        // What was typed stays in every other field (the one at fault holds
        // what was refused).
        EXPECT_EQ(contains(r.body, "value=\"Kept title\""), k.field != "title") << what;
        EXPECT_EQ(contains(r.body, ">Kept lead</textarea>"), k.field != "lead") << what;
        EXPECT_EQ(contains(r.body, ">Kept body</textarea>"), k.field != "body") << what;
        EXPECT_EQ(contains(r.body, "<option selected>Kernel</option>"), k.field != "topic") << what;
        // Nothing is posted, nor changed.
        EXPECT_EQ(*store_->count_articles(storage::Visibility::Public), 1) << what;
        EXPECT_EQ(store_->article(id_of(article), storage::Visibility::Public)->title, "Original") << what;
      }
    }
  }
  // A form without its key is about no one field: none is marked, all are kept.
  Response keyless = c.post("/article/new", {{"title", "Kept title"}, {"lead", "Kept lead"}, {"post", "1"}});
  EXPECT_EQ(keyless.status, 400);
  EXPECT_TRUE(contains(keyless.body, "id=\"form-error\""));
  EXPECT_EQ(field_at_fault(keyless.body), "");
  EXPECT_TRUE(contains(keyless.body, "value=\"Kept title\"") &&
              contains(keyless.body, ">Kept lead</textarea>"));
  // A preview that is fine marks nothing.
  Response fine = c.post(edit, {{"title", "Fine"}, {"lead", "Fine lead"}, {"preview", "1"}});
  EXPECT_EQ(fine.status, 200);
  EXPECT_FALSE(contains(fine.body, "aria-invalid"));
}

// A store that fails to post an article, for no fault of the form, is
// answered 503 and marks no field; a busy database (another writer) asks
// for it again in a moment. What was typed comes back, with the same key,
// and posts the article once the store works.
TEST_F(ArticlesTest, AStoreFailurePostingAnArticleMarksNoField) {
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  std::int64_t posted = 0;
  for (const auto& k : not_saved_cases("Your article is not posted")) {
    SCOPED_TRACE(k.what);
    // Each case a while after the last: the same words soon after are taken
    // for Back and Post again (kRepostSeconds).
    now_ += kRepostSeconds + 1;
    const std::string key = field_value(c.get("/article/new").body, "submission");
    const Fields form = {
        {"title", "Kept title"}, {"lead", "Kept lead"}, {"body", "Kept body"}, {"topic", "Kernel"},
        {"format", "html"},      {"submission", key},   {"post", "1"}};
    fail_on("INSERT ON articles", k.how);
    expect_not_saved(c.post("/article/new", form), k.message,
                     {"value=\"Kept title\"", ">Kept lead</textarea>", ">Kept body</textarea>",
                      "<option selected>Kernel</option>", "value=\"" + key + "\""},
                     k.status);
    EXPECT_EQ(*store_->count_articles(storage::Visibility::IncludeHidden), posted);
    stop_failing();
    EXPECT_EQ(c.post("/article/new", form).status, 303);
    EXPECT_EQ(*store_->count_articles(storage::Visibility::IncludeHidden), ++posted);
  }
}

// The same for an edit: the article keeps what it said until the store
// works. An article gone meanwhile is 404, and what was typed is kept.
TEST_F(ArticlesTest, AStoreFailureSavingAnEditMarksNoField) {
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  const std::string article = post_article(c, "Original", "Original lead");
  const std::string edit = form_of(article, "edit");
  std::string saved = "Original";
  const std::string gone = "the article is no longer on the site";
  for (const auto& k : not_saved_cases("Your changes are not saved", gone)) {
    SCOPED_TRACE(k.what);
    c.get(edit);
    const std::string title = std::string("Kept after ") + k.what;
    const Fields form = {
        {"title", title}, {"lead", "Kept lead"}, {"body", "Kept body"}, {"format", "html"}, {"post", "1"}};
    fail_on("UPDATE ON articles", k.how);
    expect_not_saved(c.post(edit, form), k.message,
                     {"value=\"" + title + "\"", ">Kept lead</textarea>", ">Kept body</textarea>"}, k.status);
    EXPECT_EQ(store_->article(id_of(article), storage::Visibility::Public)->title, saved);
    stop_failing();
    EXPECT_EQ(c.post(edit, form).status, 303);
    saved = title;
    EXPECT_EQ(store_->article(id_of(article), storage::Visibility::Public)->title, saved);
  }
}

// The same for a reply.
TEST_F(ArticlesTest, AStoreFailurePostingAReplyMarksNoField) {
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  const std::string article = post_article(c, "Threads", "Lead");
  const std::string path = form_of(article, "reply");
  std::size_t posted = 0;
  for (const auto& k : not_saved_cases("Your reply is not posted")) {
    SCOPED_TRACE(k.what);
    // Each case a while after the last: the same words soon after are taken
    // for Back and Post again (kRepostSeconds).
    now_ += kRepostSeconds + 1;
    const std::string key = field_value(c.get(path).body, "submission");
    const Fields form = {
        {"title", "Kept title"}, {"body", "Kept body"}, {"format", "html"}, {"submission", key}, {"post", "1"}};
    fail_on("INSERT ON replies", k.how);
    expect_not_saved(c.post(path, form), k.message,
                     {"value=\"Kept title\"", ">Kept body</textarea>", "value=\"" + key + "\""}, k.status);
    EXPECT_EQ(store_->replies(id_of(article), storage::Visibility::IncludeHidden)->size(), posted);
    stop_failing();
    EXPECT_EQ(c.post(path, form).status, 303);
    EXPECT_EQ(store_->replies(id_of(article), storage::Visibility::IncludeHidden)->size(), ++posted);
  }
}

// A reply whose parent goes while it is posted (the database finds no such
// reply: a foreign key) is 404 with what was typed kept, and posts once the
// parent is there again.
TEST_F(ArticlesTest, AReplyToAReplyGoneMeanwhileAnswers404AndKeepsWhatWasTyped) {
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  const std::string article = post_article(c, "Threads", "Lead");
  const std::string parent = reply(c, article, "Re: Threads", "First");
  // A later reply, so that the new one does not take the deleted one's id.
  reply(c, article, "Re: Threads", "Second");
  const std::string path = form_of(article, "reply");
  const std::string key = field_value(c.get(path + "?to=" + parent).body, "submission");
  const Fields form = {{"title", "Kept title"}, {"body", "Kept body"}, {"format", "html"},
                       {"submission", key},     {"to", parent},         {"post", "1"}};
  // The parent is deleted under the new reply; the statement undoes it.
  run_sql("CREATE TRIGGER fail BEFORE INSERT ON replies WHEN NEW.parent IS NOT NULL "
          "BEGIN DELETE FROM replies WHERE id = NEW.parent; END");
  expect_not_saved(c.post(path, form),
                   "Your reply is not posted: the article, or the reply you answer, is no longer on the site.",
                   {"value=\"Kept title\"", ">Kept body</textarea>", "value=\"" + key + "\""}, 404);
  EXPECT_EQ(store_->replies(id_of(article), storage::Visibility::IncludeHidden)->size(), 2u);
  stop_failing();
  EXPECT_EQ(c.post(path, form).status, 303);
  EXPECT_EQ(store_->replies(id_of(article), storage::Visibility::IncludeHidden)->size(), 3u);
}

TEST_F(ArticlesTest, ReplyErrorsMarkTheFieldAtFaultAndKeepWhatWasTyped) {
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  const std::string article = post_article(c, "Threads", "Lead");
  const std::string path = form_of(article, "reply");
  // The form's fields have "reply-" before their names as ids.
  const std::vector<FormErrorCase> cases = {
      {"no title", "title", "", "A reply needs a title."},
      {"title too long", "title", std::string(model::kMaxTitleChars + 1, 't'), "The title is too long"},
      {"empty reply", "body", "", "The reply is empty."},
      {"all-script reply", "body", "<script>alert(1)</script>", "The reply would show nothing"},
      {"reply too long", "body", std::string(html::named_policy("reply")->max_input_bytes() + 1, 'r'),
       "the HTML is"},
  };
  for (const char* button : {"preview", "post"}) {
    for (const auto& k : cases) {
      const std::string what = std::string(button) + ": " + k.what;
      std::map<std::string, std::string> form = {
          {"title", "Kept title"}, {"body", "Kept body"}, {"format", "html"}, {button, "1"}};
      form[k.field] = k.value;
      form["submission"] = field_value(c.get(path).body, "submission");
      Response r = c.post(path, Fields(form.begin(), form.end()));
      EXPECT_EQ(r.status, 400) << what;
      EXPECT_TRUE(contains(r.body, k.message)) << what;
      EXPECT_EQ(field_at_fault(r.body), "reply-" + k.field) << what;
      EXPECT_EQ(contains(r.body, "aria-describedby=\"form-error reply-help\""), k.field == "body") << what;
      EXPECT_EQ(contains(r.body, "value=\"Kept title\""), k.field != "title") << what;
      EXPECT_EQ(contains(r.body, ">Kept body</textarea>"), k.field != "body") << what;
      EXPECT_TRUE(store_->replies(id_of(article), storage::Visibility::IncludeHidden)->empty()) << what;
    }
  }
  // A form without its key is about no one field: none is marked, both are kept.
  Response keyless = c.post(path, {{"title", "Kept title"}, {"body", "Kept body"}, {"post", "1"}});
  EXPECT_EQ(keyless.status, 400);
  EXPECT_TRUE(contains(keyless.body, "id=\"form-error\""));
  EXPECT_EQ(field_at_fault(keyless.body), "");
  EXPECT_TRUE(contains(keyless.body, "value=\"Kept title\"") &&
              contains(keyless.body, ">Kept body</textarea>"));
  EXPECT_TRUE(store_->replies(id_of(article), storage::Visibility::IncludeHidden)->empty());
  // A preview that is fine marks nothing.
  Response fine =
      c.post(path, {{"title", "Fine"}, {"body", "<p>fine</p>"}, {"submission", "k"}, {"preview", "1"}});
  EXPECT_EQ(fine.status, 200);
  EXPECT_FALSE(contains(fine.body, "aria-invalid"));
}

// The elements a form's help line names ("HTML: p, a, ... and a few more").
std::vector<std::string> help_elements(const std::string& page) {
  const std::size_t at = page.find("HTML: ");
  if (at == std::string::npos) return {};
  const std::size_t end = page.find(" and a few more", at);
  std::vector<std::string> names;
  std::string list = page.substr(at + 6, end - at - 6);
  for (std::size_t i = 0; i < list.size();) {
    std::size_t comma = list.find(", ", i);
    if (comma == std::string::npos) comma = list.size();
    names.push_back(list.substr(i, comma - i));
    i = comma + 2;
  }
  return names;
}

TEST_F(ArticlesTest, EachFormsHelpNamesOnlyWhatItsTextKeeps) {
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  c.get("/proj/");
  ASSERT_EQ(c.post("/proj/", {{"name", "Gnumeric"}}).status, 303);
  const std::string article = post_article(c, "Threads", "Lead");
  const std::vector<std::pair<std::string, std::string>> forms = {{"/article/new", "diary"},
                                                                  {"/diary/post", "diary"},
                                                                  {"/account/profile", "notes"},
                                                                  {"/proj/", "notes"},
                                                                  {"/proj/Gnumeric/edit", "notes"},
                                                                  {article, "reply"},
                                                                  {form_of(article, "reply"), "reply"}};
  for (const auto& [path, policy_name] : forms) {
    const html::Policy policy = *html::named_policy(policy_name);
    const std::vector<std::string> names = help_elements(c.get(path).body);
    EXPECT_GE(names.size(), 5u) << path;
    for (const std::string& n : names) {
      if (n == "&lt;person&gt;name&lt;/person&gt;") {
        EXPECT_TRUE(policy.special_tags()) << path;
        continue;
      }
      auto e = html::element_from_name(n);
      ASSERT_TRUE(e) << path << ": " << n;
      EXPECT_TRUE(policy.allows(*e)) << path << " names " << n << ", which its text does not keep";
    }
  }
}

// An article's or a reply's headings and images: bold lines and links, and
// the preview says so.
TEST_F(ArticlesTest, HeadingsAndImagesInAPreviewAreShownAndExplained) {
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  Response form = c.get("/article/new");
  EXPECT_TRUE(contains(form.body, "headings (&lt;h2&gt;, ## Part) show as bold lines and images as links to them"));
  Response p = c.post("/article/new", {{"title", "The sprint"},
                                       {"lead", "What we did."},
                                       {"body", "## Day one\n\n![Whiteboard](https://photos.example/board.jpg)\n"},
                                       {"format", "markdown"},
                                       {"submission", field_value(form.body, "submission")},
                                       {"preview", "1"}});
  ASSERT_EQ(p.status, 200);
  EXPECT_TRUE(contains(p.body, "<p><strong>Day one</strong></p>"));
  EXPECT_TRUE(contains(p.body, "<a href=\"https://photos.example/board.jpg\">[image: Whiteboard]</a>"));
  EXPECT_TRUE(contains(p.body, "Headings show here as bold lines, and images as links to them"));

  const std::string path = form_of(post_article(c, "Threads", "Lead"), "reply");
  EXPECT_TRUE(contains(c.get(path).body, "show as bold lines and images as links to them"));
  Response r = c.post(path, {{"title", "Re: Threads"},
                             {"body", "### Agreed\n\nYes."},
                             {"format", "markdown"},
                             {"submission", "k"},
                             {"preview", "1"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(contains(r.body, "<p><strong>Agreed</strong></p>"));
  EXPECT_TRUE(contains(r.body, "Headings show here as bold lines."));
  Response plain = c.post(path, {{"title", "Re"}, {"body", "Yes."}, {"submission", "k"}, {"preview", "1"}});
  EXPECT_FALSE(contains(plain.body, "Headings show here")) << "no note without a heading or an image";
}

TEST_F(ArticlesTest, AnObserverHasNoFormsAndAForgedPostIsRefused) {
  Client author(*site_);
  ASSERT_TRUE(author.login("alice", "alice-pass-123"));
  std::string article = post_article(author, "Hello", "lead");

  Client c(*site_);
  ASSERT_TRUE(c.login("olive", "olive-pass-123"));
  Response home = c.get("/");
  EXPECT_FALSE(contains(home.body, "/article/new"));
  Response form = c.get("/article/new");
  EXPECT_EQ(form.status, 403);
  EXPECT_TRUE(contains(form.body, "you need Apprentice level or above"));
  EXPECT_TRUE(contains(form.body,
                       "certify you on <a href=\"/person/olive/\">your page</a> (you are at Observer level now)."))
      << form.body;
  Response forged =
      c.post("/article/new", {{"title", "Spam"}, {"lead", "spam"}, {"submission", "k"}, {"post", "1"}});
  EXPECT_EQ(forged.status, 403);
  EXPECT_EQ(*store_->count_articles(storage::Visibility::Public), 1);

  Response page = c.get(article);
  EXPECT_FALSE(contains(page.body, "name=\"submission\""));
  EXPECT_TRUE(contains(page.body, "To reply you need Apprentice level or above."));
  std::string base = article.substr(0, article.size() - 5);
  EXPECT_EQ(c.get(base + "/reply").status, 403);
  EXPECT_EQ(c.post(base + "/reply", {{"title", "Re"}, {"body", "spam"}, {"submission", "k"}}).status, 403);
  auto replies = store_->replies(model::ArticleId{1}, storage::Visibility::IncludeHidden);
  ASSERT_TRUE(replies);
  EXPECT_TRUE(replies->empty());

  Client visitor(*site_);
  // The sentence is a link to the log-in page, which comes back here.
  EXPECT_TRUE(contains(visitor.get(article).body,
                       "<a href=\"/account/login?next=" + url_encode(article) + "\">Log in to reply.</a>"));
  // A visitor's reply form sends them to log in; a visitor's posted reply
  // is refused, as the other forms' posts are.
  EXPECT_EQ(visitor.get(base + "/reply").status, 303);
  visitor.get("/account/login");  // a visitor's form token, so the post reaches the handler
  Response posted = visitor.post(base + "/reply", {{"title", "Re"}, {"body", "hi"}, {"submission", "k"}});
  EXPECT_EQ(posted.status, 403);
  EXPECT_TRUE(contains(posted.body, "Log in to reply."));
}

TEST_F(ArticlesTest, ThreadedRepliesWithAnchorsAndNewCountsPerReader) {
  Client a(*site_), b(*site_);
  ASSERT_TRUE(a.login("alice", "alice-pass-123"));
  ASSERT_TRUE(b.login("bob", "bob-pass-1234"));
  std::string article = post_article(a, "Threads", "lead");
  std::string first = reply(b, article, "First", "<p>one</p>");
  std::string answer = reply(b, article, "Answer", "<p>two</p>", first);
  EXPECT_TRUE(contains(b.get(article.substr(0, article.size() - 5) + "/reply?to=" + first).body,
                       "value=\"Re: First\""));

  EXPECT_TRUE(contains(a.get("/").body, "Read more... (2 replies, 2 new)<span class=\"sr\">: "));
  Response page = a.get(article);
  // The answer sits in a list nested inside the first reply's item.
  auto first_at = page.body.find("id=\"reply-" + first + "\"");
  auto nested_at = page.body.find("<ol class=\"thread\">", first_at);
  auto answer_at = page.body.find("id=\"reply-" + answer + "\"");
  ASSERT_NE(first_at, std::string::npos);
  ASSERT_NE(answer_at, std::string::npos);
  EXPECT_LT(nested_at, answer_at);
  EXPECT_TRUE(contains(page.body, "href=\"#reply-" + answer + "\""));
  EXPECT_TRUE(contains(page.body, "<span class=\"new\">new</span>"));
  EXPECT_TRUE(contains(a.get("/").body, "Read more... (2 replies, 0 new)<span class=\"sr\">: "));
  EXPECT_FALSE(contains(a.get(article).body, "<span class=\"new\">new</span>")) << "seen now";

  reply(b, article, "Third", "<p>three</p>");
  EXPECT_TRUE(contains(a.get("/").body, "Read more... (3 replies, 1 new)<span class=\"sr\">: "));
  EXPECT_TRUE(contains(a.get("/article/").body, "(3 replies, 1 new)"));
  Client visitor(*site_);
  EXPECT_TRUE(contains(visitor.get("/").body, "Read more... (3 replies)<span class=\"sr\">: "));
  // A reply to a reply that is not on this article is refused.
  std::string base = article.substr(0, article.size() - 5);
  EXPECT_EQ(b.get(base + "/reply?to=999").status, 404);
}

TEST_F(ArticlesTest, TheAuthorEditsWithinTheWindowAndTheEditShows) {
  Client a(*site_), b(*site_);
  ASSERT_TRUE(a.login("alice", "alice-pass-123"));
  ASSERT_TRUE(b.login("bob", "bob-pass-1234"));
  std::string article = post_article(a, "Draft", "first lead");
  std::string edit = article.substr(0, article.size() - 5) + "/edit";
  EXPECT_EQ(b.get(edit).status, 403);
  EXPECT_EQ(b.post(edit, {{"title", "Hijacked"}, {"lead", "x"}}).status, 403);
  now_ += 2 * 86400;
  ASSERT_EQ(a.get(edit).status, 200);
  Response r = a.post(edit, {{"title", "Final"}, {"lead", "second lead"}, {"format", "html"}, {"post", "1"}});
  ASSERT_EQ(r.status, 303);
  EXPECT_EQ(r.header("Location"), article + "?edited=1");
  EXPECT_TRUE(contains(a.get(article + "?edited=1").body, "<p class=\"notice\" role=\"status\">Your changes are saved.</p>"));
  Response page = a.get(article);
  EXPECT_TRUE(contains(page.body, "Final"));
  EXPECT_TRUE(contains(page.body, "updated 2023-11-16"));
  now_ += 30 * 86400;
  // Sessions last as long as the window: a fresh one, so that the window is what refuses.
  ASSERT_TRUE(a.login("alice", "alice-pass-123"));
  EXPECT_EQ(a.get(edit).status, 403);
  EXPECT_EQ(a.post(edit, {{"title", "Late"}, {"lead", "x"}, {"post", "1"}}).status, 403);
  EXPECT_FALSE(contains(a.get(article).body, "Edit this article"));
}

// A site whose authors may edit for one day says "1 day".
class OneDayEditArticlesTest : public ArticlesTest {
 protected:
  SiteConfig make_config() override {
    SiteConfig c = ArticlesTest::make_config();
    c.article_edit_days = 1;
    return c;
  }
};

TEST_F(OneDayEditArticlesTest, TheRefusalNamesOneDay) {
  Client a(*site_), b(*site_);
  ASSERT_TRUE(a.login("alice", "alice-pass-123"));
  ASSERT_TRUE(b.login("bob", "bob-pass-1234"));
  const std::string edit = form_of(post_article(a, "Draft", "first lead"), "edit");
  Response refused = b.get(edit);
  EXPECT_EQ(refused.status, 403);
  EXPECT_TRUE(contains(refused.body, "Only the author edits an article, within 1 day of posting it.")) << refused.body;
}

// A long chain of answers is indented six levels deep, no deeper (a phone
// would have no width left); the answers beyond follow in thread order,
// each naming the reply it answers.
TEST_F(ArticlesTest, ADeepThreadStopsIndentingAndNamesWhatEachAnswers) {
  Client a(*site_), b(*site_);
  ASSERT_TRUE(a.login("alice", "alice-pass-123"));
  ASSERT_TRUE(b.login("bob", "bob-pass-1234"));
  std::string article = post_article(a, "Deep", "lead");
  std::vector<std::string> chain;
  for (int i = 1; i <= 9; ++i)
    chain.push_back(reply(i % 2 ? b : a, article, "Level " + std::to_string(i), "<p>text " + std::to_string(i) + "</p>",
                          chain.empty() ? "" : chain.back()));
  const std::string side = reply(b, article, "Aside", "<p>aside</p>", chain[2]);
  Response page = a.get(article);
  ASSERT_EQ(page.status, 200);
  std::size_t lists = 0, open = 0, deepest = 0;
  for (std::size_t at = 0; (at = page.body.find("ol", at)) != std::string::npos; at += 2) {
    if (page.body.compare(at - 1, 3, "<ol") == 0) deepest = std::max(deepest, ++open), ++lists;
    if (page.body.compare(at - 2, 4, "</ol") == 0) --open;
  }
  EXPECT_EQ(open, 0u) << "every list is closed";
  EXPECT_EQ(deepest, 6u) << "the top list and five nested ones";
  EXPECT_EQ(lists, 6u) << "the aside shares level 4's list under level 3";
  // Levels 1-6 are placed by their indentation; 7-9 name their parent.
  for (int i = 1; i <= 6; ++i) {
    const std::size_t at = page.body.find("id=\"reply-" + chain[i - 1] + "\"");
    const std::size_t next = page.body.find("<li", at + 1);
    EXPECT_EQ(page.body.substr(at, next - at).find("in answer to"), std::string::npos) << i;
  }
  for (int i = 7; i <= 9; ++i)
    EXPECT_TRUE(contains(page.body, ", in answer to <a href=\"#reply-" + chain[i - 2] + "\">Level " +
                                        std::to_string(i - 1) + "</a>"))
        << i;
  // In thread order: each deep answer right after the one it answers.
  EXPECT_LT(page.body.find("text 7"), page.body.find("text 8"));
  EXPECT_LT(page.body.find("text 8"), page.body.find("text 9"));
  EXPECT_LT(page.body.find("text 9"), page.body.find(">aside<"));
  EXPECT_FALSE(contains(page.body, "in answer to <a href=\"#reply-" + chain[2] + "\""))
      << "the aside is indented under level 3: " << side;
}

// An answer to a hidden reply stays under the reply that one answered, and
// says what it answers.
TEST_F(ArticlesTest, AnAnswerToAHiddenReplyStaysInItsPlaceInTheThread) {
  Client a(*site_), b(*site_), ed(*site_);
  ASSERT_TRUE(a.login("alice", "alice-pass-123"));
  ASSERT_TRUE(b.login("bob", "bob-pass-1234"));
  ASSERT_TRUE(ed.login("ed", "ed-pass-12345"));
  std::string article = post_article(a, "Placed", "lead");
  std::string base = article.substr(0, article.size() - 5);
  std::string first = reply(a, article, "First", "<p>first words</p>");
  std::string rude = reply(b, article, "Rude", "<p>rude words</p>", first);
  std::string calm = reply(a, article, "Calm", "<p>calm answer</p>", rude);
  reply(b, article, "Later", "<p>later words</p>");
  ed.get(article);
  ASSERT_EQ(ed.post(base + "/moderate", {{"action", "hide"}, {"reply", rude}, {"reason", "insults"}}).status, 303);
  Client visitor(*site_);
  Response page = visitor.get(article);
  ASSERT_EQ(page.status, 200);
  EXPECT_FALSE(contains(page.body, "rude words"));
  // Calm sits in the list nested in First's item, before the next top-level reply.
  const auto first_at = page.body.find("id=\"reply-" + first + "\"");
  const auto nested_at = page.body.find("<ol class=\"thread\">", first_at);
  const auto calm_at = page.body.find("id=\"reply-" + calm + "\"");
  const auto later_at = page.body.find("later words");
  ASSERT_NE(calm_at, std::string::npos);
  EXPECT_LT(first_at, nested_at);
  EXPECT_LT(nested_at, calm_at);
  EXPECT_LT(calm_at, later_at);
  EXPECT_LT(page.body.find("</ol></li>", calm_at), later_at) << "First's list closes after Calm";
  EXPECT_TRUE(contains(page.body, "in answer to a reply not shown here"));
  EXPECT_TRUE(contains(page.body, "(3 replies") || contains(page.body, "Replies (3)")) << "the count is the public one";
}

TEST_F(ArticlesTest, EditorsHideAndRestoreWithTheReasonInTheAuditLog) {
  Client a(*site_), b(*site_), ed(*site_);
  ASSERT_TRUE(a.login("alice", "alice-pass-123"));
  ASSERT_TRUE(b.login("bob", "bob-pass-1234"));
  ASSERT_TRUE(ed.login("ed", "ed-pass-12345"));
  std::string article = post_article(a, "Moderated", "lead");
  std::string base = article.substr(0, article.size() - 5);
  std::string rude = reply(b, article, "Rude", "<p>rude words</p>");
  reply(a, article, "Calm", "<p>calm answer</p>", rude);

  EXPECT_EQ(b.post(base + "/moderate", {{"action", "hide"}, {"reply", rude}}).status, 403);
  ed.get(article);
  // Hiding needs a reason; without one nothing is hidden.
  for (const char* none : {"", "   "}) {
    Response why = ed.post(base + "/moderate", {{"action", "hide"}, {"reply", rude}, {"reason", none}});
    EXPECT_EQ(why.status, 400);
    EXPECT_TRUE(contains(why.body, "Say why it is hidden")) << why.body;
    EXPECT_EQ(ed.post(base + "/moderate", {{"action", "hide"}, {"reason", none}}).status, 400);
  }
  EXPECT_TRUE(contains(Client(*site_).get(article).body, "rude words"));
  EXPECT_TRUE(store_->audit_log(10, {})->empty());
  Response hid = ed.post(base + "/moderate", {{"action", "hide"}, {"reply", rude}, {"reason", "insults"}});
  ASSERT_EQ(hid.status, 303);
  EXPECT_TRUE(contains(ed.get(std::string(hid.header("Location"))).body, "The reply is hidden."));
  Client visitor(*site_);
  Response page = visitor.get(article);
  EXPECT_FALSE(contains(page.body, "rude words"));
  EXPECT_TRUE(contains(page.body, "calm answer")) << "an answer to a hidden reply stays";
  // ... and says it answers one, not the article.
  EXPECT_TRUE(contains(page.body, "in answer to a reply not shown here"));
  EXPECT_FALSE(contains(ed.get(article).body, "in answer to a reply not shown here")) << "editors see the thread";
  EXPECT_TRUE(contains(ed.get(article).body, "Hidden (insults)"));
  EXPECT_TRUE(contains(visitor.get("/").body, "(1 reply)"));

  ASSERT_EQ(ed.post(base + "/moderate", {{"action", "hide"}, {"reason", "off topic"}}).status, 303);
  EXPECT_EQ(visitor.get(article).status, 404);
  EXPECT_FALSE(contains(visitor.get("/").body, "Moderated"));
  EXPECT_FALSE(contains(visitor.get("/article/").body, "Moderated"));
  EXPECT_FALSE(contains(visitor.get("/person/alice/articles.html").body, "Moderated"));
  EXPECT_EQ(ed.get(article).status, 200);
  // The author cannot reply to or edit a hidden article.
  EXPECT_EQ(a.get(base + "/reply").status, 404);

  auto log = store_->audit_log(10, {});
  ASSERT_TRUE(log);
  ASSERT_GE(log->size(), 2u);
  EXPECT_EQ((*log)[0].action, "article.hide");
  EXPECT_EQ((*log)[0].detail, "off topic");
  EXPECT_EQ((*log)[1].action, "reply.hide");
  EXPECT_EQ((*log)[1].detail, "insults");
  EXPECT_EQ((*log)[1].actor_name, "ed");

  Response restored = ed.post(base + "/moderate", {{"action", "restore"}});
  ASSERT_EQ(restored.status, 303);
  EXPECT_TRUE(contains(ed.get(std::string(restored.header("Location"))).body, "The article is restored."));
  ASSERT_EQ(ed.post(base + "/moderate", {{"action", "restore"}, {"reply", rude}}).status, 303);
  page = visitor.get(article);
  EXPECT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "rude words"));
}

// A hidden article still opens for its author and for the site's editors and
// administrators, each told at the top that it is hidden from other readers
// (an editor also how to show it again); anyone else gets the 404 they got
// before, and lists and feeds leave it out for everyone.
TEST_F(ArticlesTest, AHiddenArticleOpensForItsAuthorAndEditorsWithANotice) {
  Client a(*site_), b(*site_), ed(*site_), boss(*site_), visitor(*site_);
  ASSERT_TRUE(a.login("alice", "alice-pass-123"));
  ASSERT_TRUE(b.login("bob", "bob-pass-1234"));
  ASSERT_TRUE(ed.login("ed", "ed-pass-12345"));
  add_member("boss", "boss-pass-123");
  ASSERT_TRUE(boss.login("boss", "boss-pass-123"));
  std::string article = post_article(a, "Spammy", "<p>buy now</p>");
  ed.get(article);
  ASSERT_EQ(ed.post(form_of(article, "moderate"), {{"action", "hide"}, {"reason", "looks like spam"}}).status,
            303);

  const std::string hidden = "This article is hidden from other readers (looks like spam): only ";
  Response mine = a.get(article);
  ASSERT_EQ(mine.status, 200);
  EXPECT_TRUE(contains(mine.body, "buy now"));
  const auto notice = mine.body.find(hidden + "you and the site's editors can open it");
  ASSERT_NE(notice, std::string::npos) << mine.body;
  EXPECT_LT(notice, mine.body.find("<h1>Spammy</h1>")) << "at the top";
  EXPECT_FALSE(contains(mine.body, "Restore")) << "the author cannot show it again";
  // Its forms would answer 404: the page offers none.
  EXPECT_FALSE(contains(mine.body, "Edit this article"));
  EXPECT_FALSE(contains(mine.body, form_of(article, "reply")));
  EXPECT_TRUE(contains(mine.body, "Replies are closed while the article is hidden."));
  for (Client* c : {&ed, &boss}) {
    Response r = c->get(article);
    ASSERT_EQ(r.status, 200);
    EXPECT_TRUE(contains(r.body, hidden + "its author and the site's editors can open it"));
    EXPECT_TRUE(contains(r.body, "<a href=\"#moderate\">Restore it</a> to show it to everyone again."));
    EXPECT_TRUE(contains(r.body, "<form id=\"moderate\""));
    EXPECT_TRUE(contains(r.body, "value=\"restore\">Restore this article</button>"));
  }
  for (Client* c : {&b, &visitor}) {
    Response r = c->get(article);
    EXPECT_EQ(r.status, 404);
    EXPECT_TRUE(contains(r.body, "There is no article "));
    EXPECT_FALSE(contains(r.body, "buy now"));
  }
  for (Client* c : {&a, &boss, &visitor})
    for (const std::string list :
         {"/", "/article/", "/person/alice/articles.html", "/rss/articles.xml", "/atom/articles.xml"})
      EXPECT_FALSE(contains(c->get(list).body, "Spammy")) << list;

  ASSERT_EQ(boss.post(form_of(article, "moderate"), {{"action", "restore"}}).status, 303);
  mine = a.get(article);
  EXPECT_FALSE(contains(mine.body, "hidden from other readers"));
  EXPECT_TRUE(contains(mine.body, "Edit this article"));
  EXPECT_EQ(visitor.get(article).status, 200);
}

class EditorsOnlyTest : public ArticlesTest {
 protected:
  SiteConfig make_config() override {
    SiteConfig c = ArticlesTest::make_config();
    c.articles_editors_only = true;
    return c;
  }
};

TEST_F(EditorsOnlyTest, OnlyEditorsPostButMembersStillReply) {
  Client a(*site_), ed(*site_);
  ASSERT_TRUE(a.login("alice", "alice-pass-123"));
  ASSERT_TRUE(ed.login("ed", "ed-pass-12345"));
  EXPECT_EQ(a.get("/article/new").status, 403);
  EXPECT_EQ(
      a.post("/article/new", {{"title", "T"}, {"lead", "L"}, {"submission", "k"}, {"post", "1"}}).status,
      403);
  std::string article = post_article(ed, "Editorial", "lead");
  reply(a, article, "Re: Editorial", "<p>agreed</p>");
  EXPECT_TRUE(contains(a.get(article).body, "agreed"));
}

class NoTopicsTest : public ArticlesTest {
 protected:
  SiteConfig make_config() override {
    SiteConfig c = ArticlesTest::make_config();
    c.topics = {};
    return c;
  }
};

TEST_F(NoTopicsTest, ATopicSentToASiteWithoutTopicsIsIgnored) {
  Client c(*site_);
  ASSERT_TRUE(c.login("alice", "alice-pass-123"));
  Response form = c.get("/article/new");
  EXPECT_FALSE(contains(form.body, "name=\"topic\"")) << "no topic list to choose from";
  for (const char* button : {"preview", "post"}) {
    Response r = c.post("/article/new", {{"title", "Stale"}, {"lead", "L"}, {"topic", "Gossip"},
                                         {"submission", field_value(form.body, "submission")}, {button, "1"}});
    EXPECT_FALSE(contains(r.body, "Choose a topic")) << button;
    EXPECT_EQ(r.status, std::string(button) == "post" ? 303 : 200) << button << ": " << r.body;
  }
  auto articles = store_->articles({0, 5}, storage::Visibility::Public);
  ASSERT_TRUE(articles && articles->size() == 1u);
  EXPECT_EQ(articles->front().topic, "") << "the topic is not stored";
}

class ProjectsTest : public ArticlesTest {
 protected:
  // alice creates the projects `names`, then `boss`, an administrator, logs in.
  void administer(Client& boss, const std::vector<std::string>& names) {
    Client a(*site_);
    ASSERT_TRUE(a.login("alice", "alice-pass-123"));
    a.get("/proj/");
    for (const auto& name : names) ASSERT_EQ(a.post("/proj/", {{"name", name}}).status, 303) << name;
    add_member("boss", "boss-pass-123");
    ASSERT_TRUE(boss.login("boss", "boss-pass-123"));
  }
};

TEST_F(ProjectsTest, CreateEditSetARelationAndSeeItOnThePersonPage) {
  Client a(*site_), b(*site_);
  ASSERT_TRUE(a.login("alice", "alice-pass-123"));
  ASSERT_TRUE(b.login("bob", "bob-pass-1234"));
  // Before any project, both lists say so.
  Response none = a.get("/proj/");
  EXPECT_TRUE(contains(none.body, "No projects yet.") && contains(none.body, "Nothing yet."));
  EXPECT_FALSE(contains(none.body, "this far on"));
  Response r = a.post("/proj/", {{"name", "Gnumeric"},
                                 {"homepage", "https://gnumeric.example/"},
                                 {"license", "GPL"},
                                 {"description", "a spreadsheet"},
                                 {"notes", "<p>fast <b>sheets</b><script>x()</script></p>"}});
  ASSERT_EQ(r.status, 303);
  EXPECT_EQ(r.header("Location"), "/proj/Gnumeric/?created=1");
  EXPECT_TRUE(contains(a.get(std::string(r.header("Location"))).body,
                       "<p class=\"notice\" role=\"status\">The project is created.</p>"));
  for (const auto& bad : {"gnumeric", ".hidden", "a/b", "abcdefghijklmnopqrstuvwxyz"})
    EXPECT_GE(a.post("/proj/", {{"name", bad}}).status, 400) << bad;
  EXPECT_TRUE(contains(a.post("/proj/", {{"name", "GNUMERIC"}}).body,
                       "A project called Gnumeric exists already (names are compared ignoring case)."))
      << "the message names the project as it is spelled";
  // A page past the last says so and leads to the first, not further back.
  Response past = a.get("/proj/?page=7");
  EXPECT_EQ(past.status, 200);
  EXPECT_TRUE(contains(past.body, "There are no projects this far on. <a href=\"/proj/\">The first page</a>"));
  EXPECT_FALSE(contains(past.body, "Previous page"));
  EXPECT_FALSE(contains(a.get("/proj/").body, "this far on"));

  now_ += 86400;
  b.get("/proj/Gnumeric/");
  Response edited = b.post("/proj/Gnumeric/edit", {{"homepage", "https://gnumeric.example/"},
                                                   {"license", "GPL-2.0"},
                                                   {"description", "a spreadsheet"},
                                                   {"notes", "<p>fast <b>sheets</b></p>"}});
  ASSERT_EQ(edited.status, 303);
  EXPECT_EQ(edited.header("Location"), "/proj/Gnumeric/?saved=1");
  EXPECT_TRUE(contains(b.get(std::string(edited.header("Location"))).body, "Your changes are saved."));
  Response related = a.post("/proj/Gnumeric/relation", {{"relation", "Lead Developer"}});
  ASSERT_EQ(related.status, 303);
  EXPECT_TRUE(contains(a.get(std::string(related.header("Location"))).body, "Your relation to the project is saved."));
  ASSERT_EQ(b.post("/proj/Gnumeric/relation", {{"relation", "Documenter"}}).status, 303);
  EXPECT_EQ(b.post("/proj/Gnumeric/relation", {{"relation", "Overlord"}}).status, 400);

  Client visitor(*site_);
  Response page = visitor.get("/proj/Gnumeric/");
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "GPL-2.0"));
  EXPECT_TRUE(contains(page.body, "<b>sheets</b>"));
  EXPECT_FALSE(contains(page.body, "<script>x()"));
  EXPECT_TRUE(
      contains(page.body,
               "Created 2023-11-14 by <a href=\"/person/alice/\">alice</a>, last modified 2023-11-15 by "
               "<a href=\"/person/bob/\">bob</a>."));
  EXPECT_TRUE(contains(page.body, "This project has the following developers:"));
  EXPECT_TRUE(contains(page.body, "alice</a> is a Lead Developer"));
  EXPECT_TRUE(contains(page.body, "bob</a> is a Documenter"));
  EXPECT_TRUE(contains(visitor.get("/person/alice/").body,
                       "Lead Developer on <a href=\"/proj/Gnumeric/\">Gnumeric</a>"));
  Response list = visitor.get("/proj/");
  EXPECT_TRUE(contains(list.body, "Recently changed"));
  EXPECT_FALSE(contains(list.body, "Nothing yet."));
  EXPECT_TRUE(contains(list.body, "href=\"/proj/Gnumeric/\""));
  EXPECT_EQ(visitor.get("/proj/gnumeric").header("Location"), "/proj/gnumeric/");
  EXPECT_EQ(visitor.get("/proj/gnumeric/").status, 200) << "names are found ignoring case";

  Response removed = b.post("/proj/Gnumeric/relation", {{"relation", "None"}});
  ASSERT_EQ(removed.status, 303);
  EXPECT_TRUE(contains(b.get(std::string(removed.header("Location"))).body, "Your relation to the project is removed."));
  EXPECT_FALSE(contains(visitor.get("/proj/Gnumeric/").body, "bob</a> is a"));
}

// Two members edit a project at once: the second to save is told that the
// first changed it, with their own text kept, instead of undoing the
// first's changes; sent again, it is saved.
TEST_F(ProjectsTest, AnEditMadeMeanwhileIsNotUndoneWithoutWarning) {
  Client a(*site_), b(*site_);
  ASSERT_TRUE(a.login("alice", "alice-pass-123"));
  ASSERT_TRUE(b.login("bob", "bob-pass-1234"));
  a.get("/proj/");
  ASSERT_EQ(a.post("/proj/", {{"name", "Gnumeric"}, {"license", "GPL"}}).status, 303);
  Response opened_a = a.get("/proj/Gnumeric/edit");
  Response opened_b = b.get("/proj/Gnumeric/edit");
  const std::string seen_a = field_value(opened_a.body, "seen"), seen_b = field_value(opened_b.body, "seen");
  ASSERT_FALSE(seen_a.empty());
  ASSERT_EQ(a.post("/proj/Gnumeric/edit", {{"homepage", "https://alice.example/"},
                                           {"license", "GPL"},
                                           {"description", "alice's description"},
                                           {"notes", "<p>alice's notes</p>"},
                                           {"seen", seen_a}})
                .status,
            303);
  Response late = b.post("/proj/Gnumeric/edit", {{"homepage", ""},
                                                  {"license", "MIT"},
                                                  {"description", ""},
                                                  {"notes", "<p>bob's notes</p>"},
                                                  {"seen", seen_b}});
  EXPECT_EQ(late.status, 409);
  EXPECT_TRUE(contains(late.body, "Your changes are not saved: alice changed the project while you were editing it"))
      << late.body;
  EXPECT_TRUE(contains(late.body, "bob&#39;s notes") || contains(late.body, "bob's notes")) << "bob's text is kept";
  Client visitor(*site_);
  Response page = visitor.get("/proj/Gnumeric/");
  EXPECT_TRUE(contains(page.body, "alice&#39;s description") || contains(page.body, "alice's description"));
  EXPECT_TRUE(contains(page.body, "GPL"));
  // The form that came back is for the project as it is now: sent again,
  // bob's text is saved.
  Response again = b.post("/proj/Gnumeric/edit", {{"homepage", ""},
                                                   {"license", "MIT"},
                                                   {"description", ""},
                                                   {"notes", "<p>bob's notes</p>"},
                                                   {"seen", field_value(late.body, "seen")}});
  EXPECT_EQ(again.status, 303);
  EXPECT_TRUE(contains(visitor.get("/proj/Gnumeric/").body, "MIT"));
}

TEST_F(ProjectsTest, CreateAndEditErrorsMarkTheFieldAtFaultAndKeepWhatWasTyped) {
  Client a(*site_);
  ASSERT_TRUE(a.login("alice", "alice-pass-123"));
  a.get("/proj/");
  ASSERT_EQ(a.post("/proj/", {{"name", "Gnumeric"}, {"license", "GPL"}}).status, 303);
  // Only a new project has a name to get wrong; both forms check the rest alike.
  const std::vector<FormErrorCase> name_cases = {
      {"no name", "name", "", "A project name cannot be empty."},
      {"name too long", "name", std::string(26, 'n'), "at most 25 characters"},
      {"name starting with a dot", "name", ".hidden", "cannot start with"},
      {"name with a slash", "name", "a/b", "cannot contain"},
      {"control character in the name", "name", "Bell\x07", "cannot hold control characters"},
      {"name turning text around", "name", "evil\xE2\x80\xAE", "marks that change the direction"},
      {"name taken", "name", "GNUMERIC", "exists already (names are compared ignoring case)"},
  };
  const std::vector<FormErrorCase> field_cases = {
      {"script homepage", "homepage", "javascript:alert(1)", "http:// or https://"},
      {"homepage with a quote", "homepage", "https://example.org/\"x", "a space or a quote"},
      {"license too long", "license", std::string(201, 'l'), "The license is too long"},
      {"description too long", "description", std::string(2001, 'd'), "The description is too long"},
      {"notes too long", "notes", std::string(html::named_policy("notes")->max_input_bytes() + 1, 'n'),
       "Notes: the HTML is"},
  };
  for (const std::string path : {"/proj/", "/proj/Gnumeric/edit"}) {
    const bool creating = path == "/proj/";
    std::vector<FormErrorCase> cases = field_cases;
    if (creating) cases.insert(cases.begin(), name_cases.begin(), name_cases.end());
    for (const auto& k : cases) {
      const std::string what = path + ": " + k.what;
      std::map<std::string, std::string> form = {{"homepage", "https://kept.example/"},
                                                 {"license", "Kept license"},
                                                 {"description", "Kept description"},
                                                 {"notes", "Kept notes"}};
      if (creating) form["name"] = "Kept name";
      form[k.field] = k.value;
      a.get(path);
      Response r = a.post(path, Fields(form.begin(), form.end()));
      EXPECT_EQ(r.status, k.value == "GNUMERIC" ? 409 : 400) << what;
      EXPECT_TRUE(contains(r.body, k.message)) << what;
      // The one field at fault is marked, focused and described by the error
      // (the name and the notes still by their help too).
      EXPECT_EQ(field_at_fault(r.body), k.field) << what;
      EXPECT_EQ(contains(r.body, "aria-describedby=\"form-error name-help\""), k.field == "name") << what;
      EXPECT_EQ(contains(r.body, "aria-describedby=\"form-error notes-help\""), k.field == "notes") << what;
      // What was typed stays in every other field, and nothing is created
      // or saved.
      EXPECT_EQ(contains(r.body, "value=\"Kept name\""), creating && k.field != "name") << what;
      EXPECT_EQ(contains(r.body, "value=\"https://kept.example/\""), k.field != "homepage") << what;
      EXPECT_EQ(contains(r.body, "value=\"Kept license\""), k.field != "license") << what;
      EXPECT_EQ(contains(r.body, "value=\"Kept description\""), k.field != "description") << what;
      EXPECT_EQ(contains(r.body, ">Kept notes</textarea>"), k.field != "notes") << what;
      EXPECT_EQ(store_->projects(storage::ProjectOrder::ByName, {0, 10})->size(), 1u) << what;
      EXPECT_EQ(store_->project_by_name("Gnumeric")->license, "GPL") << what;
    }
    // The form as it first comes marks nothing.
    EXPECT_FALSE(contains(a.get(path).body, "aria-invalid")) << path;
  }
  // Nor does the edit form after a good edit.
  ASSERT_EQ(a.post("/proj/Gnumeric/edit", {{"license", "GPL-2.0"}}).status, 303);
  EXPECT_FALSE(contains(a.get("/proj/Gnumeric/edit").body, "aria-invalid"));
}

// A store that fails to create or to save a project, for no fault of the
// form, is answered 503 and marks no field; what was typed comes back and
// is saved once the store works.
TEST_F(ProjectsTest, AStoreFailureCreatingAProjectMarksNoField) {
  Client a(*site_);
  ASSERT_TRUE(a.login("alice", "alice-pass-123"));
  a.get("/proj/");
  const Fields form = {{"name", "Kept name"},
                       {"homepage", "https://kept.example/"},
                       {"license", "Kept license"},
                       {"description", "Kept description"},
                       {"notes", "Kept notes"}};
  fail_on("INSERT ON projects");
  expect_not_saved(a.post("/proj/", form), "The project is not created",
                   {"value=\"Kept name\"", "value=\"https://kept.example/\"", "value=\"Kept license\"",
                    "value=\"Kept description\"", ">Kept notes</textarea>"});
  EXPECT_TRUE(store_->projects(storage::ProjectOrder::ByName, {0, 10})->empty());
  stop_failing();
  EXPECT_EQ(a.post("/proj/", form).status, 303);
  EXPECT_EQ(store_->project_by_name("Kept name")->license, "Kept license");
}

// Saving an edit: a busy database asks for it again in a moment, a project
// gone meanwhile is 404, and what was typed is kept in every case.
TEST_F(ProjectsTest, AStoreFailureSavingAProjectMarksNoField) {
  Client a(*site_);
  ASSERT_TRUE(a.login("alice", "alice-pass-123"));
  a.get("/proj/");
  ASSERT_EQ(a.post("/proj/", {{"name", "Gnumeric"}, {"license", "GPL"}}).status, 303);
  std::string saved = "GPL";
  const std::string gone = "the project is no longer on the site";
  for (const auto& k : not_saved_cases("Your changes are not saved", gone)) {
    SCOPED_TRACE(k.what);
    a.get("/proj/Gnumeric/edit");
    const std::string license = std::string("Kept after ") + k.what;
    const Fields form = {{"homepage", "https://kept.example/"},
                         {"license", license},
                         {"description", "Kept description"},
                         {"notes", "Kept notes"}};
    fail_on("UPDATE ON projects", k.how);
    expect_not_saved(a.post("/proj/Gnumeric/edit", form), k.message,
                     {"value=\"https://kept.example/\"", "value=\"" + license + "\"",
                      "value=\"Kept description\"", ">Kept notes</textarea>"},
                     k.status);
    EXPECT_EQ(store_->project_by_name("Gnumeric")->license, saved);
    stop_failing();
    EXPECT_EQ(a.post("/proj/Gnumeric/edit", form).status, 303);
    saved = license;
    EXPECT_EQ(store_->project_by_name("Gnumeric")->license, saved);
  }
}

// Setting one's relation: a store that does not set it brings the project
// page back with the relation chosen and why, not a page of its own.
TEST_F(ProjectsTest, AStoreFailureSettingARelationComesBackOnTheProjectPage) {
  Client a(*site_);
  ASSERT_TRUE(a.login("alice", "alice-pass-123"));
  a.get("/proj/");
  ASSERT_EQ(a.post("/proj/", {{"name", "Gnumeric"}}).status, 303);
  for (const auto& k : not_saved_cases("Your relation is not set")) {
    SCOPED_TRACE(k.what);
    a.get("/proj/Gnumeric/");
    fail_on("INSERT ON project_members", k.how);
    Response r = a.post("/proj/Gnumeric/relation", {{"relation", "Developer"}});
    expect_not_saved(r, k.message, {"<option value=\"Developer\" selected>"}, k.status);
    EXPECT_TRUE(contains(r.body, "<h1>Gnumeric</h1>")) << "the project page";
    EXPECT_TRUE(store_->project_members(store_->project_by_name("Gnumeric")->id)->empty());
    stop_failing();
  }
  ASSERT_EQ(a.post("/proj/Gnumeric/relation", {{"relation", "Developer"}}).status, 303);
  EXPECT_TRUE(contains(a.get("/proj/Gnumeric/").body, "alice</a> is a Developer"));
}

TEST_F(ProjectsTest, ObserversCannotCreateAndOnlyAdminsRenameOrDelete) {
  Client olive(*site_), a(*site_), boss(*site_);
  ASSERT_TRUE(olive.login("olive", "olive-pass-123"));
  Response list = olive.get("/proj/");
  EXPECT_TRUE(contains(list.body, "needs Apprentice level or above"));
  EXPECT_FALSE(contains(list.body, "Create project</button>"));
  EXPECT_EQ(olive.post("/proj/", {{"name", "Spam"}}).status, 403);

  ASSERT_TRUE(a.login("alice", "alice-pass-123"));
  a.get("/proj/");
  ASSERT_EQ(a.post("/proj/", {{"name", "Old name"}}).status, 303);
  EXPECT_EQ(olive.post("/proj/Old%20name/relation", {{"relation", "Helper"}}).status, 403);
  EXPECT_EQ(a.post("/proj/Old%20name/", {{"action", "rename"}, {"new_name", "Mine"}}).status, 403);

  add_member("boss", "boss-pass-123");
  ASSERT_TRUE(boss.login("boss", "boss-pass-123"));
  boss.get("/proj/Old%20name/");
  Response r = boss.post("/proj/Old%20name/", {{"action", "rename"}, {"new_name", "New name"}});
  ASSERT_EQ(r.status, 303);
  EXPECT_EQ(r.header("Location"), "/proj/New%20name/?renamed=1");
  EXPECT_EQ(boss.get("/proj/Old%20name/").status, 301) << "the old address leads to the new";
  EXPECT_EQ(boss.post("/proj/New%20name/", {{"action", "delete"}}).status, 400)
      << "needs the confirmation";
  ASSERT_EQ(
      boss.post("/proj/New%20name/", {{"action", "delete"}, {"confirm", "yes"}, {"reason", "empty"}})
          .status,
      303);
  EXPECT_EQ(boss.get("/proj/New%20name/").status, 404);
  auto log = store_->audit_log(1, {});
  ASSERT_TRUE(log && !log->empty());
  EXPECT_EQ((*log)[0].action, "project.delete");
}

// A renamed project's old addresses lead to its present ones for good (its
// page, its edit form, and a form sent there), however often it is renamed,
// until another project takes the name or the project is deleted.
TEST_F(ProjectsTest, ARenamedProjectsOldAddressesLeadToItsPresentOnes) {
  Client a(*site_), boss(*site_), visitor(*site_);
  ASSERT_TRUE(a.login("alice", "alice-pass-123"));
  a.get("/proj/");
  ASSERT_EQ(a.post("/proj/", {{"name", "Old name"}, {"license", "GPL"}}).status, 303);
  add_member("boss", "boss-pass-123");
  ASSERT_TRUE(boss.login("boss", "boss-pass-123"));
  boss.get("/proj/Old%20name/");
  ASSERT_EQ(boss.post("/proj/Old%20name/", {{"action", "rename"}, {"new_name", "Mid name"}}).status, 303);
  ASSERT_EQ(boss.post("/proj/Mid%20name/", {{"action", "rename"}, {"new_name", "New name"}}).status, 303);

  const std::vector<std::pair<std::string, std::string>> moved = {
      {"/proj/Old%20name/", "/proj/New%20name/"},
      {"/proj/old%20NAME/", "/proj/New%20name/"},
      {"/proj/Mid%20name/", "/proj/New%20name/"},
      {"/proj/Old%20name/edit", "/proj/New%20name/edit"},
      {"/proj/Old%20name/?page=2", "/proj/New%20name/?page=2"},
  };
  for (const auto& [old, now] : moved) {
    for (Client* c : {&visitor, &a}) {
      Response r = c->get(old);
      EXPECT_EQ(r.status, 301) << old;
      EXPECT_EQ(r.header("Location"), now) << old;
    }
  }
  // A visitor's browser asks again next time rather than keeping it for good.
  EXPECT_EQ(visitor.get("/proj/Old%20name/").header("Cache-Control"), "no-cache");
  EXPECT_EQ(visitor.get("/proj/Old%20name").header("Location"), "/proj/Old%20name/");
  Response page = visitor.get("/proj/New%20name/");
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "<h1>New name</h1>"));
  // The page says what its old addresses were called.
  EXPECT_TRUE(contains(page.body, "<dt>Formerly named</dt><dd>Mid name, Old name</dd>")) << page.body;

  // A form sent to an old address (a page open since before the rename) is
  // sent again to the present one, as it was.
  a.get("/proj/New%20name/edit");
  const Fields edit = {{"license", "GPL-3.0"}};
  Response r = a.post("/proj/Old%20name/edit", edit);
  EXPECT_EQ(r.status, 308);
  EXPECT_EQ(r.header("Location"), "/proj/New%20name/edit");
  EXPECT_EQ(store_->project_by_name("New name")->license, "GPL") << "nothing is saved at the old address";
  ASSERT_EQ(a.post(std::string(r.header("Location")), edit).status, 303);
  EXPECT_EQ(store_->project_by_name("New name")->license, "GPL-3.0");

  // A new project takes a former name over: its address is the new project's.
  ASSERT_EQ(a.post("/proj/", {{"name", "old name"}}).status, 303);
  page = visitor.get("/proj/Old%20name/");
  EXPECT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "<h1>old name</h1>"));
  EXPECT_FALSE(contains(page.body, "Formerly named")) << "a project never renamed had no other name";
  EXPECT_TRUE(contains(visitor.get("/proj/New%20name/").body, "<dt>Formerly named</dt><dd>Mid name</dd>"))
      << "the name taken over no longer leads there";
  EXPECT_EQ(visitor.get("/proj/Mid%20name/").status, 301) << "the other former name still leads on";

  // Deleted, the project's former names lead nowhere.
  boss.get("/proj/New%20name/");
  // A deletion needs a reason for the audit log; without one nothing goes.
  Response why = boss.post("/proj/New%20name/", {{"action", "delete"}, {"confirm", "yes"}, {"reason", " "}});
  EXPECT_EQ(why.status, 400);
  EXPECT_TRUE(contains(why.body, "Say why the project is deleted")) << why.body;
  EXPECT_EQ(field_at_fault(why.body), "delete-reason");
  EXPECT_EQ(Client(*site_).get("/proj/New%20name/").status, 200);
  ASSERT_EQ(boss.post("/proj/New%20name/", {{"action", "delete"}, {"confirm", "yes"}, {"reason", "spam"}}).status,
            303);
  for (const std::string gone : {"/proj/Mid%20name/", "/proj/New%20name/"}) {
    page = visitor.get(gone);
    EXPECT_EQ(page.status, 404) << gone;
    EXPECT_TRUE(contains(page.body, "There is no project called ")) << gone;
  }
  EXPECT_EQ(visitor.get("/proj/Old%20name/").status, 200);
}

// A project name is what people tell projects apart by, and its address:
// a name that would look like another's, or that no address can carry, is
// refused where it is typed; spaces typed at its ends are dropped.
TEST_F(ProjectsTest, NamesThatLookAlikeOrNoAddressCarriesAreRefused) {
  Client boss(*site_);
  ASSERT_NO_FATAL_FAILURE(administer(boss, {"spaced"}));
  Client a(*site_);
  ASSERT_TRUE(a.login("alice", "alice-pass-123"));
  const std::size_t links_before = count_of(a.get("/proj/").body, "<a href=\"/proj/");
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"a\\b", "A project name cannot contain '/' or '\\'."},
      {"   ", "A project name cannot be empty."},
      {"\xE2\x80\x8B", "A project name cannot hold invisible characters."},
      {"spaced\xE2\x80\x8B", "A project name cannot hold invisible characters."},
      {"spa\xC2\xAD" "ced", "A project name cannot hold invisible characters."},
      {"new\xC2\xA0name", "A project name may only hold ordinary spaces, between words."},
      {"new  name", "A project name cannot hold two spaces in a row."},
  };
  for (const auto& [name, message] : refused) {
    Response r = a.post("/proj/", {{"name", name}});
    EXPECT_EQ(r.status, 400) << name;
    EXPECT_TRUE(contains(r.body, message)) << name;
    EXPECT_EQ(field_at_fault(r.body), "name") << name;
  }
  // The same name with spaces round it is the same name, so it is taken.
  Response taken = a.post("/proj/", {{"name", "  spaced "}});
  EXPECT_EQ(taken.status, 409);
  EXPECT_TRUE(contains(taken.body, "A project called spaced exists already"));
  // Nothing refused made a project: the list has the one there was.
  Response list = a.get("/proj/");
  EXPECT_EQ(count_of(list.body, "<a href=\"/proj/"), links_before);
  // Spaces typed round a new name are dropped: its page is at the name.
  Response made = a.post("/proj/", {{"name", " Gnumeric  "}});
  ASSERT_EQ(made.status, 303);
  EXPECT_EQ(made.header("Location"), "/proj/Gnumeric/?created=1");
  EXPECT_TRUE(contains(a.get("/proj/Gnumeric/").body, "<h1>Gnumeric</h1>"));
  // Renaming keeps to the same rules.
  ASSERT_EQ(boss.get("/proj/spaced/").status, 200);
  for (const auto& [name, message] : refused) {
    Response r = boss.post("/proj/spaced/", {{"action", "rename"}, {"new_name", name}});
    EXPECT_EQ(r.status, 400) << name;
    EXPECT_TRUE(contains(r.body, message)) << name;
  }
  Response renamed = boss.post("/proj/spaced/", {{"action", "rename"}, {"new_name", " Spaced out "}});
  ASSERT_EQ(renamed.status, 303);
  EXPECT_EQ(renamed.header("Location"), "/proj/Spaced%20out/?renamed=1");
  EXPECT_TRUE(contains(boss.get("/proj/Spaced%20out/").body, "<h1>Spaced out</h1>"));
}

// A refused rename comes back as the project page with the administrator's
// form, the new name as typed and marked, and the project keeps its name; a
// store that fails to rename it is no field's fault.
TEST_F(ProjectsTest, ARefusedRenameMarksTheNewNameAndKeepsIt) {
  Client boss(*site_);
  ASSERT_NO_FATAL_FAILURE(administer(boss, {"Gnumeric", "Mutt"}));
  // The page as it first comes marks nothing.
  Response first = boss.get("/proj/Gnumeric/");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(field_at_fault(first.body), "");
  // Both forms post to the project's own address, where a refusal then
  // stands: a reload or a link from there is the project page.
  const std::string to_the_page = "<form method=\"post\" action=\"/proj/Gnumeric/\"";
  EXPECT_EQ(count_of(first.body, to_the_page), 2u);
  const std::vector<FormErrorCase> cases = {
      {"no name", "new_name", "", "A project name cannot be empty."},
      {"name too long", "new_name", std::string(26, 'n'), "at most 25 characters"},
      {"name with a slash", "new_name", "a/b", "cannot contain"},
      {"name taken", "new_name", "MUTT", "A project called Mutt exists already"},
  };
  for (const auto& k : cases) {
    Response r = boss.post("/proj/Gnumeric/", {{"action", "rename"}, {k.field, k.value}});
    EXPECT_EQ(r.status, k.value == "MUTT" ? 409 : 400) << k.what;
    EXPECT_TRUE(contains(r.body, k.message)) << k.what;
    EXPECT_TRUE(contains(r.body, "<h1>Gnumeric</h1>")) << k.what << ": the project page";
    EXPECT_EQ(field_at_fault(r.body), k.field) << k.what;
    EXPECT_EQ(field_value(r.body, "new_name"), k.value) << k.what << ": kept as typed";
    EXPECT_EQ(count_of(r.body, to_the_page), 2u) << k.what << ": sent again to the same address";
    EXPECT_EQ(boss.get("/proj/Gnumeric/").status, 200) << k.what << ": not renamed";
  }
  // Renaming meets a refusal of the database's own, answered as the other
  // project forms answer one.
  for (const auto& k : not_saved_cases("The project is not renamed", "the project is no longer on the site")) {
    SCOPED_TRACE(k.what);
    fail_on("UPDATE OF name ON projects", k.how);
    Response failed = boss.post("/proj/Gnumeric/", {{"action", "rename"}, {"new_name", "Gnumeric 2"}});
    expect_not_saved(failed, k.message, {"<h1>Gnumeric</h1>"}, k.status);
    EXPECT_EQ(field_value(failed.body, "new_name"), "Gnumeric 2");
    stop_failing();
    EXPECT_EQ(boss.get("/proj/Gnumeric/").status, 200);
  }
}

// A delete sent without its tick comes back as the project page, the box
// marked, focused and described by the message above the delete form, the
// reason kept; the project stays until the form is sent ticked.
TEST_F(ProjectsTest, AnUnconfirmedDeleteMarksTheBoxAndKeepsTheReason) {
  Client boss(*site_);
  ASSERT_NO_FATAL_FAILURE(administer(boss, {"Gnumeric"}));
  boss.get("/proj/Gnumeric/");
  Response r = boss.post("/proj/Gnumeric/", {{"action", "delete"}, {"reason", "Kept reason"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(contains(r.body, "<h1>Gnumeric</h1>")) << "the project page";
  EXPECT_EQ(field_at_fault(r.body), "delete-confirm");
  EXPECT_EQ(field_value(r.body, "reason"), "Kept reason");
  // The message stands between the rename form and the delete form.
  const auto message = r.body.find(">Tick the box to confirm the deletion.</p>");
  ASSERT_NE(message, std::string::npos);
  EXPECT_GT(message, r.body.find("value=\"rename\""));
  EXPECT_LT(message, r.body.find("name=\"reason\""));
  EXPECT_EQ(boss.get("/proj/Gnumeric/").status, 200) << "not deleted";
  ASSERT_EQ(
      boss.post("/proj/Gnumeric/", {{"action", "delete"}, {"reason", "Kept reason"}, {"confirm", "yes"}})
          .status,
      303);
  EXPECT_EQ(boss.get("/proj/Gnumeric/").status, 404);
}

// A delete the store refuses comes back as the project page, as the other
// project forms answer: the message just above the delete form, no field
// marked, the reason and the tick kept, so that sending it again deletes.
TEST_F(ProjectsTest, ADeleteTheStoreRefusesComesBackOnTheProjectPage) {
  Client boss(*site_);
  ASSERT_NO_FATAL_FAILURE(administer(boss, {"Gnumeric"}));
  const Fields form = {{"action", "delete"}, {"reason", "Kept reason"}, {"confirm", "yes"}};
  for (const auto& k : not_saved_cases("The project is not deleted", "the project is no longer on the site")) {
    SCOPED_TRACE(k.what);
    boss.get("/proj/Gnumeric/");
    fail_on("DELETE ON projects", k.how);
    Response r = boss.post("/proj/Gnumeric/", form);
    expect_not_saved(r, k.message, {"<h1>Gnumeric</h1>"}, k.status);
    EXPECT_EQ(field_value(r.body, "reason"), "Kept reason");
    EXPECT_TRUE(contains(r.body, "name=\"confirm\" value=\"yes\" checked>")) << "the box stays ticked";
    const auto message = r.body.find(">" + k.message + "</p>");
    ASSERT_NE(message, std::string::npos);
    EXPECT_GT(message, r.body.find("value=\"rename\"")) << "the message stands with the delete form";
    EXPECT_LT(message, r.body.find("name=\"reason\""));
    stop_failing();
    EXPECT_EQ(boss.get("/proj/Gnumeric/").status, 200) << "not deleted";
  }
  ASSERT_EQ(boss.post("/proj/Gnumeric/", form).status, 303);
  EXPECT_EQ(boss.get("/proj/Gnumeric/").status, 404);
}

}  // namespace
}  // namespace journeyer::web::testing
