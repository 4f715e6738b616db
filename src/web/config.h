// The site's configuration (site.toml). Every key has Advogato's default,
// so a site runs with no file at all; config_help() documents each key for
// `journeyer serve --help`.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "feeds/config.h"
#include "model/cert.h"
#include "storage/store.h"
#include "trust/metric.h"
#include "util/result.h"

namespace journeyer::web {

struct SiteConfig {
  std::string name = "Journeyer";
  std::string tagline = "a community of free software developers";
  // Where the site is reached; an https:// address marks cookies Secure.
  std::string base_url = "http://127.0.0.1:8080";
  trust::TrustConfig trust;  // seeds, capacities, level names
  // Accounts with administrator rights (checked by the code on each request).
  std::vector<std::string> admins;
  // Names nobody may take at sign-up (seeds and admins are always reserved).
  std::vector<std::string> reserved_names{"admin", "administrator", "root", "webmaster"};
  // The level each action needs.
  model::CertLevel certify_level{0};  // Advogato: any member may certify
  model::CertLevel flag_spam_level{1};
  model::CertLevel follow_links_level{1};  // below it: rel="nofollow" and plain names
  model::CertLevel diary_level{0};         // Advogato let every member keep a diary
  // /recentlog.html: one entry per member (Advogato's "Unique") or every entry.
  storage::RecentStyle recentlog_style = storage::RecentStyle::LatestPerMember;
  std::size_t recentlog_entries = 20;  // how many when the reader does not say
  // Advogato did not publish uncertified members' diaries as RSS or FOAF (a
  // spam defence): their feeds answer 404 and the site's feeds leave them out.
  bool uncertified_feeds = false;
  model::CertLevel post_article_level{1};
  model::CertLevel reply_level{1};
  model::CertLevel project_level{1};  // create and edit projects, set one's relation to one
  // Articles: only the editors (and administrators) post when editors_only.
  std::vector<std::string> editors;
  bool articles_editors_only = false;
  std::vector<std::string> topics;  // an article may name one; empty: no topic field
  int article_edit_days = 30;       // how long the author may edit an article
  model::CertLevel syndicate_level{1};     // may have the site import their blog's feed
  // The blog aggregator (docs/feeds.md): schedule, limits, destinations.
  feeds::AggregatorConfig feeds;
  // Sum of the flaggers' levels at which an uncertified account is disabled.
  std::int64_t spam_threshold = 15;
  std::size_t min_password_chars = 10;
  int session_days = 30;
  // Request threads; 0: twice the cores, at least 4 (handlers wait on the
  // database and on argon2id, which should not hold up every visitor).
  unsigned threads = 0;
  unsigned request_threads() const;
  // Mail (password-reset links): a sendmail-compatible program (an absolute
  // path) and the sender's address. Empty: no mail is sent, and the reset
  // page says so.
  std::string sendmail;
  std::string mail_from;
  // Peers whose X-Forwarded-For header names the visitor: a reverse proxy
  // in front of the site. Empty: every peer is the visitor (behind a proxy,
  // all visitors would then share the proxy's rate limits).
  std::vector<std::string> trusted_proxies;
  // Rate limits per client address, per minute.
  unsigned login_per_minute = 10;
  unsigned signup_per_minute = 5;
  // Programs (docs/api.md): requests per API token, and per client address
  // for requests without one.
  unsigned api_per_minute = 120;
  unsigned api_anonymous_per_minute = 600;

  bool secure_cookies() const { return base_url.rfind("https://", 0) == 0; }
  // Sets base_url: it must start with http:// or https://; trailing
  // slashes are dropped (links append paths that start with one).
  Status set_base_url(std::string_view url);
  bool is_admin(std::string_view name) const;
  bool is_reserved(std::string_view name) const;  // case-insensitive
  bool is_editor(std::string_view name) const;    // an editor or an administrator
};

// Reads and checks a TOML file; unknown keys are refused (a typo must not
// silently fall back to a default).
Result<SiteConfig> load_site_config(const std::string& path);
Result<SiteConfig> parse_site_config(std::string_view toml_text, const std::string& source);

// Every key, its meaning and default, as TOML.
std::string config_help();

}  // namespace journeyer::web
