#include "web_fixture.h"

#include <sqlite3.h>

#include <random>

#include "web/crypto.h"

namespace journeyer::web::testing {

SiteConfig SiteTest::make_config() {
  SiteConfig c;
  c.trust.seeds = {"seed"};
  c.admins = {"boss"};
  return c;
}

void SiteTest::SetUp() {
  std::random_device rd;
  dir_ = std::filesystem::temp_directory_path() / ("journeyer-web-test-" + std::to_string(rd()));
  std::filesystem::create_directories(dir_);
  // A writer kept out by another (fail_on's Busy) gives up soon.
  storage::OpenOptions options;
  options.busy_timeout_ms = 250;
  auto store = storage::open_store("sqlite:" + (dir_ / "site.db").string(), options);
  ASSERT_TRUE(store) << store.error().message();
  store_ = std::move(*store);
  SiteConfig config = make_config();
  trust_ = std::make_unique<TrustService>(*store_, config.trust, [this] { return now_; });
  site_ = std::make_unique<Site>(*store_, config, *trust_, [this] { return now_; });
  site_->set_mail_sender([](const std::string&, const std::string&, const std::string&) {});
  ASSERT_TRUE(trust_->recompute_now());
  trust_->start();
}

void SiteTest::TearDown() {
  release_lock();
  if (trust_) trust_->stop();
  site_.reset();
  trust_.reset();
  store_.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

model::AccountId SiteTest::add_member(const std::string& name, const std::string& password) {
  storage::NewAccount a;
  a.name = name;
  a.profile.email = name + "@example.org";
  a.password_hash = *hash_password(password);
  a.member_since = now_;
  auto id = store_->create_account(a);
  EXPECT_TRUE(id) << id.error().message();
  return id ? *id : model::AccountId{};
}

void SiteTest::settle() {
  // Recompute on this thread: afterwards the snapshot includes every change.
  ASSERT_TRUE(trust_->recompute_now());
}

void SiteTest::fail_on(const std::string& event, Refusal how) {
  if (how == Refusal::Busy) {
    // A connection of our own takes the write lock and keeps it: every write
    // of the site waits, then gives up (SQLITE_BUSY), whatever `event` is.
    ASSERT_EQ(locker_, nullptr) << "the database is held already";
    ASSERT_EQ(sqlite3_open((dir_ / "site.db").string().c_str(), &locker_), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(locker_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
    return;
  }
  // abs() of the smallest integer overflows: SQLITE_ERROR. RAISE(IGNORE)
  // skips the row without an error.
  const char* action = how == Refusal::Fails ? "SELECT abs(-9223372036854775807 - 1)" : "SELECT RAISE(IGNORE)";
  run_sql("CREATE TRIGGER fail BEFORE " + event + " BEGIN " + action + "; END");
}

void SiteTest::stop_failing() {
  if (locker_) return release_lock();
  run_sql("DROP TRIGGER fail");
}

void SiteTest::release_lock() {
  if (!locker_) return;
  sqlite3_exec(locker_, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(locker_);
  locker_ = nullptr;
}

void SiteTest::run_sql(const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ / "site.db").string().c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sql;
  sqlite3_close(db);
}

std::string form_encode(const Fields& fields) {
  std::string out;
  for (const auto& [k, v] : fields) {
    if (!out.empty()) out += '&';
    out += url_encode(k) + "=" + url_encode(v);
  }
  return out;
}

namespace {

// The value of attribute `name` in an element's start tag, or "".
std::string attribute(const std::string& tag, const std::string& name) {
  const std::string marker = " " + name + "=\"";
  const auto at = tag.find(marker);
  if (at == std::string::npos) return {};
  const auto begin = at + marker.size();
  return tag.substr(begin, tag.find('"', begin) - begin);
}

// The start tags on a page that carry attribute `name` (words in the text
// between tags do not count).
std::vector<std::string> tags_with(const std::string& page, const std::string& name) {
  std::vector<std::string> tags;
  for (auto at = page.find(" " + name); at != std::string::npos; at = page.find(" " + name, at + 1)) {
    const auto open = page.rfind('<', at);
    const auto close = page.rfind('>', at);
    if (open == std::string::npos || (close != std::string::npos && close > open)) continue;
    tags.push_back(page.substr(open, page.find('>', at) - open));
  }
  return tags;
}

}  // namespace

std::string field_at_fault(const std::string& page) {
  std::vector<std::string> marked;
  for (const std::string& tag : tags_with(page, "aria-invalid")) {
    std::string field = attribute(tag, "id");
    if (field.empty()) field = "(no id)";
    if (attribute(tag, "aria-invalid") != "true") field += ": aria-invalid is not \"true\"";
    if (tag.find(" autofocus") == std::string::npos) field += ": not focused";
    if ((" " + attribute(tag, "aria-describedby") + " ").find(" form-error ") == std::string::npos)
      field += ": not described by the error";
    marked.push_back(field);
  }
  if (const auto focused = tags_with(page, "autofocus").size(); focused > 1)
    return std::to_string(focused) + " fields focused";
  if (marked.empty()) return "";
  if (marked.size() > 1) return std::to_string(marked.size()) + " fields marked";
  if (page.find("<p id=\"form-error\"") == std::string::npos) return marked[0] + ": no form-error paragraph";
  return marked[0];
}

std::string field_value(const std::string& page, const std::string& name) {
  const std::string marker = "name=\"" + name + "\" value=\"";
  auto at = page.find(marker);
  if (at == std::string::npos) return {};
  at += marker.size();
  return page.substr(at, page.find('"', at) - at);
}

std::string accented(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += "\xC3\xA9";
  return out;
}

std::size_t maxlength_of(const std::string& page, const std::string& id) {
  const auto at = page.find(" id=\"" + id + "\"");
  if (at == std::string::npos) return 0;
  const auto open = page.rfind('<', at);
  const std::string limit = attribute(page.substr(open, page.find('>', at) - open), "maxlength");
  return limit.empty() ? 0 : std::stoul(limit);
}

std::string Client::cookie_header() const {
  std::string h;
  for (const auto& [k, v] : cookies_) {
    if (!h.empty()) h += "; ";
    h += k + "=" + v;
  }
  return h;
}

Response Client::send(Request r) {
  r.cookie = cookie_header();
  r.client = address_;
  Response res = site_.handle(r);
  for (const auto& [k, v] : res.headers) {
    if (k != "Set-Cookie") continue;
    auto eq = v.find('=');
    auto semi = v.find(';');
    std::string name = v.substr(0, eq), value = v.substr(eq + 1, semi - eq - 1);
    if (v.find("Max-Age=0") != std::string::npos)
      cookies_.erase(name);
    else
      cookies_[name] = value;
  }
  const std::string field = "name=\"csrf\" value=\"";
  if (auto at = res.body.find(field); at != std::string::npos) {
    auto begin = at + field.size();
    csrf_ = res.body.substr(begin, res.body.find('"', begin) - begin);
  }
  return res;
}

Response Client::get(const std::string& target) {
  Request r;
  r.method = Method::Get;
  auto q = target.find('?');
  r.path = target.substr(0, q);
  if (q != std::string::npos) r.query = target.substr(q + 1);
  return send(std::move(r));
}

Response Client::get_if(const std::string& target, const std::string& if_none_match,
                        const std::string& if_modified_since) {
  Request r;
  r.method = Method::Get;
  auto q = target.find('?');
  r.path = target.substr(0, q);
  if (q != std::string::npos) r.query = target.substr(q + 1);
  r.if_none_match = if_none_match;
  r.if_modified_since = if_modified_since;
  return send(std::move(r));
}

Response Client::post(const std::string& path, Fields fields) {
  bool has_csrf = false;
  for (const auto& [k, v] : fields) has_csrf |= k == "csrf";
  if (!has_csrf) fields.emplace_back("csrf", csrf_);
  Request r;
  r.method = Method::Post;
  r.path = path;
  r.content_type = "application/x-www-form-urlencoded";
  r.body = form_encode(fields);
  return send(std::move(r));
}

bool Client::login(const std::string& name, const std::string& password) {
  get("/account/login");
  Response r = post("/account/login", {{"name", name}, {"password", password}});
  return r.status == 303 && cookies_.count(std::string(kSessionCookie));
}

}  // namespace journeyer::web::testing
