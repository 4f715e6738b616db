// The site: what every handler works with (the store, the configuration,
// the trust service, the templates) and the request context a handler gets.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "model/account.h"
#include "storage/store.h"
#include "web/config.h"
#include "web/form.h"
#include "web/http.h"
#include "web/interest_service.h"
#include "web/page_cache.h"
#include "web/rate_limit.h"
#include "web/trust_service.h"
#include "web/view.h"

namespace journeyer::web {

constexpr std::string_view kSessionCookie = "journeyer_session";
// Visitors' forms (log in, sign up) carry this cookie's value as their CSRF
// token (double submit); members' forms carry their session's token.
constexpr std::string_view kVisitorCsrfCookie = "journeyer_csrf";

// Who is asking.
struct Visitor {
  std::optional<model::Account> account;  // logged in
  std::string session_hash;
  std::string csrf;  // the token this visitor's forms carry
  bool admin = false;
  bool set_csrf_cookie = false;  // a new visitor token to send
  bool logged_in() const { return account.has_value(); }
};

class Site;

struct Context {
  Site& site;
  const Request& request;
  Visitor visitor;
  Form form;                        // a POST's fields
  Form query;                       // the query string's fields
  std::vector<std::string> params;  // the route's {NAME} parts, decoded
};

// Sends a message to a member (password reset links). The default writes
// it to the log; tests record it.
using MailSender = std::function<void(const std::string& to, const std::string& subject, const std::string& body)>;

class Site {
 public:
  Site(storage::Store& store, SiteConfig config, TrustService& trust, std::function<model::UnixTime()> now);

  // The route table (routes.cpp), sessions, CSRF and security headers.
  // A HEAD request gets the GET response's headers and body; the server
  // sends the headers only.
  Response handle(const Request& request);
  // The visitors' cached page for a GET without cookies, or nullptr (then
  // handle() it). Never waits on the database: the server answers hits
  // right on its I/O threads.
  std::shared_ptr<const Response> cached(const Request& request) const;
  // Applied to every page before it goes into the visitors' cache (the
  // server fills Response::head). Set before serving.
  void set_cache_preparer(std::function<void(Response&)> prepare) { prepare_ = std::move(prepare); }

  storage::Store& store() { return store_; }
  const SiteConfig& config() const { return config_; }
  TrustService& trust() { return trust_; }
  // Predicted diary interest; its thread starts on first use.
  InterestService& interest() { return *interest_; }
  const Templates& templates() const { return templates_; }
  model::UnixTime now() const { return now_(); }
  RateLimiter& limiter() { return limiter_; }
  void set_mail_sender(MailSender sender) { mail_ = std::move(sender); }
  // Whether a mail sender was set: without one ([mail] not configured)
  // nothing is sent, and the site says so instead of promising a link.
  bool sends_mail() const { return static_cast<bool>(mail_); }
  const MailSender& mail() const { return mail_; }
  // Called after a member sets or changes their blog's feed URL, so that
  // the aggregator fetches it now rather than at its next scheduled pass.
  // Set before serving.
  void set_feed_changed(std::function<void()> changed) { feed_changed_ = std::move(changed); }
  void feed_changed() const {
    if (feed_changed_) feed_changed_();
  }

  // The DOT export of the current snapshot, made once per generation.
  std::shared_ptr<const std::string> graph_dot();

  // When this process first served the representation `etag` at `path`
  // (now, if this is the first time). A feed's Last-Modified is never
  // earlier, so that a change its dates do not show (an entry deleted, a
  // certificate withdrawn) still moves it, and a reader asking
  // If-Modified-Since alone is not told its old copy is current. Forgets
  // everything past kMaxServedPaths addresses (each is then new once more).
  model::UnixTime first_served(const std::string& path, const std::string& etag);
  static constexpr std::size_t kMaxServedPaths = 100'000;

 private:
  storage::Store& store_;
  SiteConfig config_;
  TrustService& trust_;
  std::unique_ptr<InterestService> interest_;
  std::function<model::UnixTime()> now_;
  Templates templates_;
  RateLimiter limiter_;
  PageCache cache_;
  std::function<void(Response&)> prepare_;
  MailSender mail_;  // empty: the site sends no mail
  std::function<void()> feed_changed_;
  std::mutex dot_m_;
  std::int64_t dot_generation_ = -1;
  std::shared_ptr<const std::string> dot_;
  std::mutex served_m_;
  std::unordered_map<std::string, std::pair<std::string, model::UnixTime>> served_;  // path -> etag, since
};

// ---- Helpers for handlers ---------------------------------------------------

// A whole page: the layout around templates/NAME.mustache with `data`.
Response page(Context& ctx, const std::string& title, std::string_view name, View data, int status = 200);
Response error_page(Context& ctx, int status, const std::string& message);
Response not_found(Context& ctx);
// What a form is refused for, and the field it is about ("" when it is about
// no single field).
struct FormError {
  std::string message;
  std::string field = {};
};
// Sets a form's `error` (the template's paragraph with id="form-error") and
// `bad_FIELD`, for the template to mark that field aria-invalid, focus it
// and have the error describe it. Nothing when there is no error.
void set_form_error(View& data, const FormError& error);
// Whether the store refused what a form sent for breaking a rule or a limit
// (the form's fault), as against not saving it for another reason (see
// store_refusal).
bool is_input_error(const Error& error);
// What a form answers when the store refuses what it sent, and the status:
// a rule or a limit broken (the form's fault: 400, the store's message); a
// thing the form is about gone meanwhile (404: `not_saved`, then `gone`); a
// database busy with another writer (503, to be sent again in a moment); or
// one that failed to save it (503); a conflict the form does not answer
// itself (409). None marks a field; the form comes back
// as typed, with its one-time key, so that nothing typed is lost.
// `not_saved` is the form's "Your reply is not posted"; `gone` what is
// missing, as "the article is no longer on the site". A form whose store
// answers Conflict for a rule of its own (a name taken) answers that first.
struct StoreRefusal {
  FormError error;
  int status;
};
StoreRefusal store_refusal(const Error& error, std::string_view not_saved, std::string_view gone);
// Back to a form and Post again sends what was typed once more under a new
// one-time key (the browser fetches the form afresh and restores the typed
// fields, but not a hidden key). A post repeating the member's newest one
// word for word, made at most this long ago, is taken for that and answered
// with the post already made; other words, or the same later, are new.
constexpr model::UnixTime kRepostSeconds = 10 * 60;
// What a member reads when another writer held the database too long.
constexpr std::string_view kBusyDatabase =
    "the database is busy with another change. Send it again in a moment.";
// The `gone` of a form whose only dependency is the member's own account.
constexpr std::string_view kAccountGone = "your account is no longer on the site";
// A visitor asked for a page only members have (a form): the log-in page,
// which comes back here afterwards.
Response log_in_first(Context& ctx);
// Where a log-in may send the member afterwards: a path on this site
// ("/..." but not "//host"), else empty.
std::string local_path_or_empty(std::string_view next);

// "2026-11-27" and "2026-11-27 09:41" in UTC.
std::string format_date(model::UnixTime t);
std::string format_datetime(model::UnixTime t);
// A count with its noun in agreement: "1 member", "2 members", "0 members".
std::string count_of(std::int64_t n, std::string_view one, std::string_view many);

// "/person/NAME/"
std::string person_url(std::string_view name);
// "/proj/NAME/"
std::string project_url(std::string_view name);
// A template list of {name, url} linking each member's page.
View person_links(const std::vector<std::string>& names);
// "DOING needs LEVEL level or above.": what a member below `level` is told
// (the site's forms add how levels rise: person/common's below_level).
std::string needs_level_text(const SiteConfig& config, std::string_view doing, model::CertLevel level);

// A Set-Cookie value with the site's flags (HttpOnly, SameSite=Lax, Secure
// on https), sent back for addresses under `path`. max_age_seconds 0
// deletes the cookie.
std::string cookie(const SiteConfig& config, std::string_view name, std::string_view value, long max_age_seconds,
                   std::string_view path = "/");

// Starts a session for `account`: stores its hash, returns the response's
// Set-Cookie value.
Result<std::string> start_session(Site& site, model::AccountId account);

}  // namespace journeyer::web
