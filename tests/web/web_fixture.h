// A site on a real SQLite store in a temporary folder, and a small browser
// that keeps cookies and fills in the CSRF token, for handler tests.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "storage/store.h"
#include "web/site.h"
#include "web/trust_service.h"

struct sqlite3;

namespace journeyer::web::testing {

using Fields = std::vector<std::pair<std::string, std::string>>;

class SiteTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  // The config before the site starts (override to change it).
  virtual SiteConfig make_config();

  // A member with a password, straight through the store.
  model::AccountId add_member(const std::string& name, const std::string& password);
  // Waits (bounded) for the trust service to publish after a change.
  void settle();

  // How the database under the site refuses an event in fail_on().
  enum class Refusal {
    Fails,  // an error of its own, neither a conflict nor a limit
    Busy,   // another writer holds it, for every event: the store's Busy
    Gone,   // the row is left alone, as if deleted meanwhile: an UPDATE finds
            // nothing (the store's NotFound)
  };
  // Makes the database refuse `event` ("INSERT ON articles", "UPDATE OF
  // notes ON accounts") until stop_failing(): a trigger called `fail`.
  void fail_on(const std::string& event, Refusal how = Refusal::Fails);
  void stop_failing();
  // Lets go of the write lock fail_on's Busy took, if it is held.
  void release_lock();
  // Runs `sql` on the site's database through a connection of its own.
  void run_sql(const std::string& sql);

  std::filesystem::path dir_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<TrustService> trust_;
  std::unique_ptr<Site> site_;
  model::UnixTime now_ = 1'700'000'000;
  sqlite3* locker_ = nullptr;  // fail_on's Busy: a connection holding the write lock
};

// Keeps cookies between requests, like a browser.
class Client {
 public:
  explicit Client(Site& site, std::string address = "192.0.2.1") : site_(site), address_(std::move(address)) {}
  Response get(const std::string& target);
  // A conditional GET, as a feed reader sends it.
  Response get_if(const std::string& target, const std::string& if_none_match,
                  const std::string& if_modified_since = "");
  // Posts `fields` as a form, adding the csrf token of the last page seen
  // unless `fields` has one.
  Response post(const std::string& path, Fields fields);
  // Logs in; true on success.
  bool login(const std::string& name, const std::string& password);
  std::string cookie_header() const;
  std::map<std::string, std::string>& cookies() { return cookies_; }
  const std::string& csrf() const { return csrf_; }

 private:
  Response send(Request r);
  Site& site_;
  std::string address_;
  std::map<std::string, std::string> cookies_;
  std::string csrf_;
};

std::string form_encode(const Fields& fields);

// A form refused because of one field: what the case is, the field's name,
// the value sent in it, and a part of the error the page should show.
struct FormErrorCase {
  const char* what;
  std::string field, value, message;
};

// The field a page's form marks as the one at fault: the id of the one
// element with aria-invalid="true", if it also has the focus (autofocus) and
// is described by the form's error (aria-describedby naming "form-error", the
// id of a paragraph on the page). "" when no field is marked; otherwise what
// is wrong ("2 fields marked", "2 fields focused", "title: not focused", a
// marked element without an id as "(no id)", ...).
std::string field_at_fault(const std::string& page);

// The value of the form field `name` on a page (a form's hidden key), or "".
std::string field_value(const std::string& page, const std::string& name);

// `n` accented letters ("é"): n characters to a browser's maxlength, 2n
// bytes in UTF-8.
std::string accented(std::size_t n);

// The maxlength of the element with id `id` on a page; 0 when it has none.
std::size_t maxlength_of(const std::string& page, const std::string& id);

}  // namespace journeyer::web::testing
