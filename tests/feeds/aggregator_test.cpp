// The aggregator end to end: a real HTTP feed server on loopback
// (feed_server.py, started per test), libcurl, the parser, the sanitizer and
// the store on SQLite and on PostgreSQL.
#include "feeds/aggregator.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "html/policy.h"
#include "storage/postgres/pg_connection.h"
#include "storage/sqlite/sqlite_connection.h"
#include "storage/store.h"
#include "support/pg_cluster.h"

extern char** environ;

namespace journeyer::feeds {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "journeyer-feeds.XXXXXX").string();
    char* made = mkdtemp(tmpl.data());
    path_ = made ? made : tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// feed_server.py on a free loopback port, serving a copy of the fixtures;
// it exits when its standard input closes.
class FeedServer {
 public:
  explicit FeedServer(const fs::path& root) {
    int in[2], out[2];
    if (pipe(in) != 0 || pipe(out) != 0) return;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_addclose(&fa, in[1]);
    posix_spawn_file_actions_addclose(&fa, out[0]);
    std::string python = JOURNEYER_PYTHON, script = JOURNEYER_FEED_SERVER, dir = root.string();
    char* argv[] = {python.data(), script.data(), dir.data(), nullptr};
    if (posix_spawn(&pid_, python.c_str(), &fa, nullptr, argv, environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&fa);
    close(in[0]);
    close(out[1]);
    stdin_ = in[1];
    fcntl(stdin_, F_SETFD, FD_CLOEXEC);
    FILE* f = fdopen(out[0], "r");
    if (f && std::fscanf(f, "PORT %d", &port_) != 1) port_ = 0;
    if (f) std::fclose(f);
  }
  ~FeedServer() {
    if (stdin_ >= 0) close(stdin_);
    if (pid_ > 0) {
      int status = 0;
      waitpid(pid_, &status, 0);
    }
  }
  int port() const { return port_; }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  pid_t pid_ = -1;
  int stdin_ = -1;
  int port_ = 0;
};

constexpr model::UnixTime kStart = 1'800'000'000;  // 2027, after every fixture's dates

class AggregatorTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    for (const auto& e : fs::directory_iterator(JOURNEYER_FEED_FIXTURES))
      fs::copy_file(e.path(), dir_.path() / e.path().filename());
    std::string url;
    if (GetParam() == "sqlite") {
      url = "sqlite:" + (dir_.path() / "site.db").string();
    } else {
      auto pg = journeyer::testing::PgCluster::shared().fresh_database();
      ASSERT_TRUE(pg) << pg.error().message();
      url = *pg;
    }
    url_ = url;
    auto store = storage::open_store(url);
    ASSERT_TRUE(store) << store.error().message();
    store_ = std::move(*store);
    server_ = std::make_unique<FeedServer>(dir_.path());
    ASSERT_GT(server_->port(), 0) << "the feed server did not start";
    config_.fetch.destinations = Destinations::AllowLoopback;
    config_.fetch.timeout = std::chrono::seconds(2);
  }

  model::AccountId member(const std::string& name, const std::string& path) {
    storage::NewAccount a;
    a.name = name;
    a.member_since = 1000;
    auto id = store_->create_account(a);
    EXPECT_TRUE(id) << id.error().message();
    if (!id) return {};
    auto st = store_->set_feed_url(*id, server_->url(path));
    EXPECT_TRUE(st) << st.error().message();
    return *id;
  }

  CycleReport cycle() {
    auto policy = html::named_policy("diary");
    EXPECT_TRUE(policy);
    Aggregator a(*store_, *policy, config_, [this] { return now_; });
    auto r = a.run_cycle();
    EXPECT_TRUE(r) << r.error().message();
    return r ? *r : CycleReport{};
  }

  model::Feed feed(model::AccountId id) {
    auto f = store_->feed_of(id);
    EXPECT_TRUE(f && f->has_value());
    return f && f->has_value() ? **f : model::Feed{};
  }

  std::vector<model::DiaryEntry> entries(model::AccountId id) {
    auto e = store_->diary_entries(id, {0, 200});
    EXPECT_TRUE(e) << e.error().message();
    return e ? *e : std::vector<model::DiaryEntry>{};
  }

  // Makes the database refuse every diary entry of `author` (as a full disk
  // would refuse them) until allow_entries().
  void refuse_entries_of(model::AccountId author) {
    const std::string id = std::to_string(author.value);
    if (GetParam() == "sqlite")
      run_script("CREATE TRIGGER refuse BEFORE INSERT ON diary_entries WHEN NEW.author = " + id +
                 " BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    else
      run_script("CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.author = " + id +
                 " THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$;"
                 " CREATE TRIGGER refuse BEFORE INSERT ON diary_entries FOR EACH ROW EXECUTE FUNCTION refuse();");
  }
  void allow_entries() {
    run_script(GetParam() == "sqlite" ? "DROP TRIGGER refuse" : "DROP TRIGGER refuse ON diary_entries");
  }
  void run_script(const std::string& sql) {
    auto c = GetParam() == "sqlite" ? storage::sqlite::connect((dir_.path() / "site.db").string(), 1000)
                                    : storage::postgres::connect(url_);
    ASSERT_TRUE(c) << c.error().message();
    auto st = (*c)->exec_script(sql);
    ASSERT_TRUE(st) << st.error().message();
  }

  TempDir dir_;
  std::string url_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<FeedServer> server_;
  AggregatorConfig config_;
  model::UnixTime now_ = kStart;
};

TEST_P(AggregatorTest, ImportsEveryFormatAndTheUsualMistakes) {
  const std::map<std::string, std::pair<std::string, std::size_t>> feeds = {
      // name -> (path, posts expected)
      {"rss2", {"/feed/rss2.xml", 2}},     {"rss091", {"/feed/rss091.xml", 1}},
      {"rss092", {"/feed/rss092.xml", 1}}, {"rss1", {"/feed/rss1.rdf", 1}},
      {"atom", {"/feed/atom.xml", 2}},     {"latin", {"/feed/latin1.xml", 1}},
      {"cpwin", {"/feed/cp1252.xml", 1}},  {"wrongtype", {"/wrong-type/html-title.xml", 1}},
      {"gzipped", {"/gzip/rss2.xml", 2}},  {"redirected", {"/redirect/3/atom.xml", 2}},
  };
  std::map<std::string, model::AccountId> ids;
  for (const auto& [name, f] : feeds) ids[name] = member(name, f.first);
  CycleReport r = cycle();
  EXPECT_EQ(r.due, feeds.size());
  EXPECT_EQ(r.fetched, feeds.size());
  EXPECT_EQ(r.failed, 0u);
  EXPECT_EQ(r.new_posts, 14u);
  for (const auto& [name, f] : feeds) {
    model::Feed state = feed(ids[name]);
    EXPECT_EQ(state.last_error, "") << name;
    EXPECT_EQ(state.last_fetch, kStart) << name;
    EXPECT_EQ(state.last_new_post, kStart) << name;
    EXPECT_EQ(state.next_fetch, kStart + 30 * 60) << name;
    EXPECT_EQ(entries(ids[name]).size(), f.second) << name;
  }
  // Relative links resolved against where the feed was fetched.
  auto rss2 = entries(ids["rss2"]);
  ASSERT_EQ(rss2.size(), 2u);
  const auto& second = rss2[0];  // newest first
  EXPECT_EQ(second.title, "Second post");
  ASSERT_TRUE(second.syndicated);
  EXPECT_EQ(second.syndicated->link, server_->url("/blog/2026/second.html"));
  EXPECT_EQ(second.syndicated->blog_title, "Alice's Blog");
  EXPECT_EQ(second.syndicated->blog_url, server_->url("/blog/"));
  EXPECT_NE(second.body.find("href=\"" + server_->url("/blog/other.html") + "\""), std::string::npos)
      << second.body;
  EXPECT_EQ(second.created, 1795514400);
  // A post without a date is dated when first seen.
  auto old = entries(ids["rss091"]);
  ASSERT_EQ(old.size(), 1u);
  EXPECT_EQ(old[0].created, kStart);
  // HTML in titles, served as text/html.
  auto titled = entries(ids["wrongtype"]);
  ASSERT_EQ(titled.size(), 1u);
  EXPECT_EQ(titled[0].title, "Bold & x spaced out");
  // The redirected Atom feed's links follow its xml:base.
  auto atom = entries(ids["redirected"]);
  ASSERT_EQ(atom.size(), 2u);
  EXPECT_EQ(atom[0].syndicated->guid, "tag:atom.example,2026:xhtml");
  EXPECT_EQ(atom[0].syndicated->link, "https://atom.example/blog/posts/xhtml.html");
  auto latin = entries(ids["latin"]);
  ASSERT_EQ(latin.size(), 1u);
  EXPECT_EQ(latin[0].title, "D\u00e9j\u00e0 vu");
}

TEST_P(AggregatorTest, RefusesBadFeedsWithAClearRecordedError) {
  config_.fetch.timeout = std::chrono::seconds(1);
  const std::map<std::string, std::pair<std::string, std::string>> feeds = {
      // name -> (path, words the recorded error contains)
      {"xxe", {"/feed/xxe.xml", "declares the XML entity 'secret'"}},
      {"bomb", {"/feed/bomb.xml", "declares the XML entity 'a'"}},
      {"broken", {"/feed/malformed.xml", "not well-formed XML (line "}},
      {"homepage", {"/feed/not-a-feed.html", "an HTML page, not an RSS or Atom feed"}},
      {"loop", {"/loop", "redirects more than 5 times"}},
      {"slow", {"/slow", "did not send the feed within 1 second"}},
      {"huge", {"/huge", "larger than 2048 KiB"}},
      {"missing", {"/status/404", "answered 404 (not found)"}},
      {"failing", {"/status/500", "answered 500"}},
  };
  std::map<std::string, model::AccountId> ids;
  for (const auto& [name, f] : feeds) ids[name] = member(name, f.first);
  CycleReport r = cycle();
  EXPECT_EQ(r.failed, feeds.size());
  EXPECT_EQ(r.new_posts, 0u);
  for (const auto& [name, f] : feeds) {
    model::Feed state = feed(ids[name]);
    EXPECT_NE(state.last_error.find(f.second), std::string::npos) << name << ": " << state.last_error;
    EXPECT_EQ(state.failures, 1) << name;
    EXPECT_EQ(state.next_fetch, kStart + 2 * 30 * 60) << name << ": backoff doubles the wait";
    EXPECT_TRUE(entries(ids[name]).empty()) << name;
  }
  // A second failure doubles the wait again.
  now_ = kStart + 3600;
  r = cycle();
  EXPECT_EQ(r.failed, feeds.size());
  EXPECT_EQ(feed(ids["missing"]).next_fetch, now_ + 4 * 30 * 60);
}

// A blog whose posts the store refuses is recorded as a failed fetch: the
// member reads why, and the feed waits longer each time, like a blog that
// fails, instead of being fetched again every interval. The other blog in
// the same write is stored, and once the store takes the posts they come.
TEST_P(AggregatorTest, PostsTheStoreRefusesAreAFailureThatBacksOff) {
  const model::AccountId alice = member("alice", "/feed/rss2.xml");
  const model::AccountId bob = member("bob", "/feed/atom.xml");
  refuse_entries_of(alice);
  CycleReport r = cycle();
  EXPECT_EQ(r.store_errors, 1u);
  EXPECT_EQ(r.new_posts, 2u) << "bob's posts";
  EXPECT_EQ(entries(bob).size(), 2u);
  EXPECT_TRUE(entries(alice).empty());
  model::Feed state = feed(alice);
  EXPECT_NE(state.last_error.find("The blog's posts could not be stored: "), std::string::npos) << state.last_error;
  EXPECT_NE(state.last_error.find("disk full"), std::string::npos) << state.last_error;
  EXPECT_EQ(state.failures, 1);
  EXPECT_EQ(state.next_fetch, kStart + 2 * 30 * 60) << "backoff doubles the wait";
  // One interval on, only bob's feed is due.
  now_ = kStart + 30 * 60;
  r = cycle();
  EXPECT_EQ(r.due, 1u);
  EXPECT_EQ(r.store_errors, 0u);
  // Once the store takes them, alice's posts come and the error goes.
  allow_entries();
  now_ = kStart + 2 * 30 * 60;
  r = cycle();
  EXPECT_EQ(r.store_errors, 0u);
  EXPECT_EQ(entries(alice).size(), 2u);
  state = feed(alice);
  EXPECT_EQ(state.last_error, "");
  EXPECT_EQ(state.failures, 0);
}

TEST_P(AggregatorTest, SanitizesAttackHtmlBeforeStoringIt) {
  auto id = member("mallory", "/feed/attack.xml");
  CycleReport r = cycle();
  EXPECT_EQ(r.new_posts, 1u);
  auto e = entries(id);
  ASSERT_EQ(e.size(), 1u);
  EXPECT_EQ(e[0].title, "Hostile");
  for (const char* bad : {"<script", "onerror", "onclick", "javascript:", "<iframe", "<style", "<svg",
                          "<form", "<input", "alert("})
    EXPECT_EQ(e[0].body.find(bad), std::string::npos) << bad << " in " << e[0].body;
  EXPECT_NE(e[0].body.find("href=\"http://fine.example/\""), std::string::npos) << e[0].body;
  ASSERT_TRUE(e[0].syndicated);
  EXPECT_EQ(e[0].syndicated->link, "");  // the javascript: link was dropped
}

TEST_P(AggregatorTest, ConditionalGetEditsAndNoDuplicates) {
  auto id = member("alice", "/feed/rss2.xml");
  CycleReport r = cycle();
  EXPECT_EQ(r.new_posts, 2u);
  EXPECT_FALSE(feed(id).etag.empty());

  // Due again: the server answers 304 and nothing changes.
  now_ = kStart + 31 * 60;
  r = cycle();
  EXPECT_EQ(r.not_modified, 1u);
  EXPECT_EQ(r.new_posts, 0u);
  EXPECT_EQ(entries(id).size(), 2u);
  EXPECT_EQ(feed(id).last_fetch, now_);
  EXPECT_EQ(feed(id).last_new_post, kStart);

  // The blog edits a post: its entry is updated, not imported again.
  {
    std::ifstream in(dir_.path() / "rss2.xml");
    std::stringstream s;
    s << in.rdbuf();
    std::string xml = s.str();
    xml.replace(xml.find("<title>First post</title>"), 25, "<title>First post (edited)</title>");
    std::ofstream(dir_.path() / "rss2.xml", std::ios::trunc) << xml;
  }
  now_ = kStart + 62 * 60;
  r = cycle();
  EXPECT_EQ(r.fetched, 1u);
  EXPECT_EQ(r.updated_posts, 1u);
  EXPECT_EQ(r.new_posts, 0u);
  auto e = entries(id);
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[1].title, "First post (edited)");

  // The same posts at another address are still the same posts (the guid).
  ASSERT_TRUE(store_->set_feed_url(id, server_->url("/gzip/rss2.xml")));
  r = cycle();
  EXPECT_EQ(r.fetched, 1u);
  EXPECT_EQ(r.new_posts, 0u);
  EXPECT_EQ(entries(id).size(), 2u);
}

TEST_P(AggregatorTest, RefusesLoopbackUnlessTheConfigAllowsIt) {
  config_.fetch.destinations = Destinations::PublicOnly;
  auto id = member("sneaky", "/feed/rss2.xml");
  CycleReport r = cycle();
  EXPECT_EQ(r.failed, 1u);
  EXPECT_NE(feed(id).last_error.find("address 127.0.0.1 is a private, loopback or link-local address"),
            std::string::npos)
      << feed(id).last_error;
  EXPECT_TRUE(entries(id).empty());
}

TEST_P(AggregatorTest, BackgroundServiceRunsAndStopsCleanly) {
  auto id = member("alice", "/feed/rss2.xml");
  auto policy = html::named_policy("diary");
  ASSERT_TRUE(policy);
  Aggregator a(*store_, *policy, config_, [this] { return now_; });
  AggregatorService service(a, std::chrono::seconds(3600));
  service.start();
  for (int i = 0; i < 200 && service.cycles() == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  service.stop();
  EXPECT_GE(service.cycles(), 1u);
  EXPECT_EQ(service.last_error(), "");
  EXPECT_EQ(entries(id).size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Backends, AggregatorTest, ::testing::Values("sqlite", "postgresql"),
                         [](const ::testing::TestParamInfo<std::string>& info) { return info.param; });

}  // namespace
}  // namespace journeyer::feeds
