#include "web/config.h"

#include <toml++/toml.h>

#include <algorithm>
#include <set>
#include <thread>

#include "model/account.h"
#include "util/io.h"
#include "web/form.h"
#include "web/mail.h"

namespace journeyer::web {

bool SiteConfig::is_admin(std::string_view name) const {
  std::string key = model::account_name_key(name);
  for (const auto& a : admins)
    if (model::account_name_key(a) == key) return true;
  return false;
}

bool SiteConfig::is_editor(std::string_view name) const {
  if (is_admin(name)) return true;
  std::string key = model::account_name_key(name);
  for (const auto& e : editors)
    if (model::account_name_key(e) == key) return true;
  return false;
}

unsigned SiteConfig::request_threads() const {
  if (threads != 0) return threads;
  return std::max(4u, 2 * std::max(1u, std::thread::hardware_concurrency()));
}

bool SiteConfig::is_reserved(std::string_view name) const {
  std::string key = model::account_name_key(name);
  for (const auto* list : {&reserved_names, &admins, &trust.seeds})
    for (const auto& r : *list)
      if (model::account_name_key(r) == key) return true;
  return false;
}

namespace {

Result<std::vector<std::string>> strings(const toml::node& node, const std::string& key) {
  const auto* arr = node.as_array();
  if (!arr) return Error::invalid_input(key + " must be a list of strings");
  std::vector<std::string> out;
  for (const auto& item : *arr) {
    auto s = item.value<std::string>();
    if (!s) return Error::invalid_input(key + " must be a list of strings");
    out.push_back(*s);
  }
  return out;
}

Result<std::int64_t> integer(const toml::node& node, const std::string& key, std::int64_t lo, std::int64_t hi) {
  auto v = node.value<std::int64_t>();
  if (!v || *v < lo || *v > hi)
    return Error::invalid_input(key + " must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
  return *v;
}

Result<std::string> text(const toml::node& node, const std::string& key) {
  auto v = node.value<std::string>();
  if (!v) return Error::invalid_input(key + " must be a string");
  return *v;
}

// [feeds]: the blog aggregator.
Status parse_feeds_table(const toml::node& node, const std::string& source, feeds::AggregatorConfig& f) {
  const auto* t = node.as_table();
  if (!t) return Error::invalid_input(source + ": [feeds] must be a table");
  for (auto&& [fk, fn] : *t) {
    std::string fkey(fk.str());
    std::string name = "feeds." + fkey;
    if (fkey == "interval_minutes") {
      f.interval = std::chrono::minutes(JOURNEYER_TRY(integer(fn, name, 1, 24 * 60)));
    } else if (fkey == "max_backoff_hours") {
      f.max_backoff = std::chrono::hours(JOURNEYER_TRY(integer(fn, name, 1, 24 * 30)));
    } else if (fkey == "in_flight") {
      f.fetch.max_in_flight = static_cast<std::size_t>(JOURNEYER_TRY(integer(fn, name, 1, 1000)));
    } else if (fkey == "timeout_seconds") {
      f.fetch.timeout = std::chrono::seconds(JOURNEYER_TRY(integer(fn, name, 1, 120)));
    } else if (fkey == "allow_loopback") {
      auto v = fn.value<bool>();
      if (!v) return Error::invalid_input(name + " must be true or false");
      f.fetch.destinations = *v ? feeds::Destinations::AllowLoopback : feeds::Destinations::PublicOnly;
    } else {
      return Error::invalid_input(source + ": unknown key " + name + " (see journeyer serve --help)");
    }
  }
  return Ok{};
}

}  // namespace

namespace {

Result<SiteConfig> parse_site_config_text(std::string_view toml_text, const std::string& source);

}  // namespace

Result<SiteConfig> parse_site_config(std::string_view toml_text, const std::string& source) {
  // Every message names the file, whichever check found the problem.
  auto c = parse_site_config_text(toml_text, source);
  if (!c && c.error().message().rfind(source + ": ", 0) != 0)
    return Error::invalid_input(source + ": " + c.error().message());
  return c;
}

namespace {

Result<SiteConfig> parse_site_config_text(std::string_view toml_text, const std::string& source) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source);
  } catch (const toml::parse_error& e) {
    return Error::invalid_input(source + ": " + std::string(e.description()) + " (line " +
                                std::to_string(e.source().begin.line) + ")");
  }
  SiteConfig c;
  std::vector<std::pair<std::string, std::string>> level_keys;  // resolved after [trust]
  for (auto&& [k, node] : root) {
    std::string key(k.str());
    if (key == "name") {
      c.name = JOURNEYER_TRY(text(node, key));
    } else if (key == "tagline") {
      c.tagline = JOURNEYER_TRY(text(node, key));
    } else if (key == "base_url") {
      c.base_url = JOURNEYER_TRY(text(node, key));
    } else if (key == "admins") {
      c.admins = JOURNEYER_TRY(strings(node, key));
    } else if (key == "trusted_proxies") {
      c.trusted_proxies = JOURNEYER_TRY(strings(node, key));
      for (const auto& p : c.trusted_proxies)
        if (!is_ip_address(p))
          return Error::invalid_input(source + ": trusted_proxies: \"" + p + "\" is not an IP address");
    } else if (key == "reserved_names") {
      c.reserved_names = JOURNEYER_TRY(strings(node, key));
    } else if (key == "spam_threshold") {
      c.spam_threshold = JOURNEYER_TRY(integer(node, key, 1, 1'000'000));
    } else if (key == "min_password_chars") {
      c.min_password_chars = static_cast<std::size_t>(JOURNEYER_TRY(integer(node, key, 8, 128)));
    } else if (key == "session_days") {
      c.session_days = static_cast<int>(JOURNEYER_TRY(integer(node, key, 1, 365)));
    } else if (key == "threads") {
      c.threads = static_cast<unsigned>(JOURNEYER_TRY(integer(node, key, 0, 256)));
    } else if (key == "login_per_minute") {
      c.login_per_minute = static_cast<unsigned>(JOURNEYER_TRY(integer(node, key, 1, 100000)));
    } else if (key == "signup_per_minute") {
      c.signup_per_minute = static_cast<unsigned>(JOURNEYER_TRY(integer(node, key, 1, 100000)));
    } else if (key == "recentlog_style") {
      std::string style = JOURNEYER_TRY(text(node, key));
      if (style == "unique")
        c.recentlog_style = storage::RecentStyle::LatestPerMember;
      else if (style == "every")
        c.recentlog_style = storage::RecentStyle::EveryEntry;
      else
        return Error::invalid_input(source + ": recentlog_style must be \"unique\" or \"every\"");
    } else if (key == "recentlog_entries") {
      c.recentlog_entries = static_cast<std::size_t>(JOURNEYER_TRY(integer(node, key, 1, 200)));
    } else if (key == "uncertified_feeds") {
      auto v = node.value<bool>();
      if (!v) return Error::invalid_input(key + " must be true or false");
      c.uncertified_feeds = *v;
    } else if (key == "api_per_minute") {
      c.api_per_minute = static_cast<unsigned>(JOURNEYER_TRY(integer(node, key, 1, 1000000)));
    } else if (key == "api_anonymous_per_minute") {
      c.api_anonymous_per_minute = static_cast<unsigned>(JOURNEYER_TRY(integer(node, key, 1, 1000000)));
    } else if (key == "editors") {
      c.editors = JOURNEYER_TRY(strings(node, key));
    } else if (key == "articles") {
      const auto* t = node.as_table();
      if (!t) return Error::invalid_input(source + ": [articles] must be a table");
      for (auto&& [ak, an] : *t) {
        std::string akey(ak.str());
        if (akey == "editors_only") {
          auto v = an.value<bool>();
          if (!v) return Error::invalid_input("articles.editors_only must be true or false");
          c.articles_editors_only = *v;
        } else if (akey == "topics") {
          c.topics = JOURNEYER_TRY(strings(an, "articles.topics"));
        } else if (akey == "edit_days") {
          c.article_edit_days = static_cast<int>(JOURNEYER_TRY(integer(an, "articles.edit_days", 0, 36500)));
        } else {
          return Error::invalid_input(source + ": unknown key articles." + akey + " (see journeyer serve --help)");
        }
      }
    } else if (key == "trust") {
      const auto* t = node.as_table();
      if (!t) return Error::invalid_input(source + ": [trust] must be a table");
      for (auto&& [tk, tn] : *t) {
        std::string tkey(tk.str());
        if (tkey == "seeds") {
          c.trust.seeds = JOURNEYER_TRY(strings(tn, "trust.seeds"));
        } else if (tkey == "levels") {
          c.trust.levels = JOURNEYER_TRY(strings(tn, "trust.levels"));
        } else if (tkey == "capacities") {
          const auto* arr = tn.as_array();
          if (!arr) return Error::invalid_input("trust.capacities must be a list of integers");
          c.trust.caps.clear();
          for (const auto& item : *arr)
            c.trust.caps.push_back(JOURNEYER_TRY(integer(item, "trust.capacities", 1, trust::kMaxCapacity)));
        } else {
          return Error::invalid_input(source + ": unknown key trust." + tkey + " (see journeyer serve --help)");
        }
      }
    } else if (key == "mail") {
      const auto* t = node.as_table();
      if (!t) return Error::invalid_input(source + ": [mail] must be a table");
      for (auto&& [mk, mn] : *t) {
        std::string mkey(mk.str());
        if (mkey == "sendmail") {
          c.sendmail = JOURNEYER_TRY(text(mn, "mail.sendmail"));
          if (c.sendmail.empty() || c.sendmail.front() != '/')
            return Error::invalid_input(source + ": mail.sendmail must be an absolute path (such as /usr/sbin/sendmail)");
        } else if (mkey == "from") {
          c.mail_from = JOURNEYER_TRY(text(mn, "mail.from"));
          if (!is_mailable_address(c.mail_from))
            return Error::invalid_input(source + ": mail.from must be one e-mail address (such as journeyer@example.org)");
        } else {
          return Error::invalid_input(source + ": unknown key mail." + mkey + " (see journeyer serve --help)");
        }
      }
      if (!c.sendmail.empty() && c.mail_from.empty())
        return Error::invalid_input(source + ": [mail] needs from = \"...\" as well as sendmail");
      if (c.sendmail.empty() && !c.mail_from.empty())
        return Error::invalid_input(source + ": [mail] needs sendmail = \"/usr/sbin/sendmail\" (or another program) as well as from: without it no mail is sent");
    } else if (key == "feeds") {
      Status st = parse_feeds_table(node, source, c.feeds);
      if (!st) return st.error();
    } else if (key == "levels") {
      const auto* t = node.as_table();
      if (!t) return Error::invalid_input(source + ": [levels] must be a table");
      for (auto&& [lk, ln] : *t) {
        std::string lkey(lk.str());
        if (lkey != "certify" && lkey != "flag_spam" && lkey != "follow_links" && lkey != "diary" &&
            lkey != "post_article" && lkey != "reply" && lkey != "project" &&
            lkey != "syndicate")
          return Error::invalid_input(source + ": unknown key levels." + lkey + " (see journeyer serve --help)");
        level_keys.emplace_back(lkey, JOURNEYER_TRY(text(ln, "levels." + lkey)));
      }
    } else {
      return Error::invalid_input(source + ": unknown key " + key + " (see journeyer serve --help)");
    }
  }
  Status valid = trust::validate(c.trust);
  if (!valid) return Error::invalid_input(source + ": " + valid.error().message());
  for (const auto& [lkey, lname] : level_keys) {
    auto level = model::parse_level(lname, c.trust.levels);
    if (!level) return Error::invalid_input(source + ": levels." + lkey + ": " + level.error().message());
    if (lkey == "certify") c.certify_level = *level;
    if (lkey == "flag_spam") c.flag_spam_level = *level;
    if (lkey == "follow_links") c.follow_links_level = *level;
    if (lkey == "diary") c.diary_level = *level;
    if (lkey == "post_article") c.post_article_level = *level;
    if (lkey == "reply") c.reply_level = *level;
    if (lkey == "project") c.project_level = *level;
    if (lkey == "syndicate") c.syndicate_level = *level;
  }
  if (Status st = c.set_base_url(c.base_url); !st) return Error::invalid_input(source + ": " + st.error().message());
  return c;
}

}  // namespace

Status SiteConfig::set_base_url(std::string_view url) {
  const std::size_t scheme = url.rfind("http://", 0) == 0 ? 7 : url.rfind("https://", 0) == 0 ? 8 : 0;
  if (scheme == 0) return Error::invalid_input("base_url must start with http:// or https://");
  while (url.size() > scheme && url.back() == '/') url.remove_suffix(1);
  if (url.size() == scheme || url[scheme] == '/') return Error::invalid_input("base_url must name a host");
  base_url = std::string(url);
  return Ok{};
}

Result<SiteConfig> load_site_config(const std::string& path) {
  auto text = read_input(path);
  if (!text) return text.error();
  return parse_site_config(*text, path);
}

std::string config_help() {
  return R"(Configuration file (--config site.toml); every key is optional:

  name = "Journeyer"              # the site's name, in every page title
  tagline = "a community of free software developers"
  base_url = "http://127.0.0.1:8080"  # https://... marks cookies Secure
  admins = []                     # administrator account names
  reserved_names = ["admin", "administrator", "root", "webmaster"]
                                  # never available at sign-up (nor are
                                  # seeds and admins)
  spam_threshold = 15             # sum of flaggers' levels that disables
                                  # an uncertified account
  min_password_chars = 10         # the password strength floor
  session_days = 30               # how long a log-in lasts
  threads = 0                     # request threads; 0: twice the cores, at least 4
  trusted_proxies = []            # addresses of reverse proxies in front, e.g.
                                  # ["127.0.0.1"]: their X-Forwarded-For names
                                  # the visitor whom rate limits count
  editors = []                    # may post when articles are editors-only,
                                  # and hide articles and replies (as admins do)
  login_per_minute = 10           # log-in attempts per client address
  signup_per_minute = 5           # complete sign-up forms per client address
  recentlog_style = "unique"      # /recentlog.html: "unique" (the latest entry
                                  # per member) or "every" entry as posted
  recentlog_entries = 20          # entries when the reader does not choose
  uncertified_feeds = false       # publish uncertified members' diaries as
                                  # RSS, Atom and FOAF (Advogato did not)
  api_per_minute = 120            # API and XML-RPC requests per token
  api_anonymous_per_minute = 600  # API and XML-RPC requests per client
                                  # address without a token

  [trust]
  seeds = ["raph", "miguel", "federico", "alan"]
  capacities = [800, 200, 200, 50, 12, 4, 2, 1]
  levels = ["Observer", "Apprentice", "Journeyer", "Master"]

  [mail]                          # password-reset links; without it no mail
  sendmail = "/usr/sbin/sendmail" # is sent (the reset page says so)
  from = "journeyer@example.org"  # the sender's address

  [levels]                        # the level each action needs
  certify = "Observer"            # give certificates
  flag_spam = "Apprentice"        # flag an uncertified account as spam
  follow_links = "Apprentice"     # below it, links get rel="nofollow"
  diary = "Observer"              # keep a diary (Advogato: every member)
  post_article = "Apprentice"     # post an article
  reply = "Apprentice"            # reply to an article or a reply
  project = "Apprentice"          # create and edit projects, set one's relation
  syndicate = "Apprentice"        # have the site import one's blog feed

  [articles]
  editors_only = false            # true: only editors and admins post articles
  topics = []                     # topics an article may name, e.g. ["Kernel", "Events"]
  edit_days = 30                  # how long an author may edit an article

  [feeds]                         # the blog aggregator (docs/feeds.md)
  interval_minutes = 30           # between two fetches of one feed
  max_backoff_hours = 24          # the longest wait after repeated failures
  in_flight = 64                  # feeds fetched at once
  timeout_seconds = 10            # per feed, redirects included
  allow_loopback = false          # fetch from 127.0.0.1 and ::1 (tests only;
                                  # private and link-local stay refused)
)";
}

}  // namespace journeyer::web
