#include "web/site.h"

#include <cstdio>

#include "html/escape.h"
#include "trust/parse.h"
#include "util/time.h"
#include "web/crypto.h"
#include "web/form.h"

namespace journeyer::web {

Response redirect(std::string location) {
  Response r;
  r.status = 303;
  r.content_type = "text/plain; charset=utf-8";
  r.add_header("Location", std::move(location));
  return r;
}

Response plain_text(int status, std::string text) {
  Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = std::move(text);
  return r;
}

namespace {

Templates load_templates_or_die() {
  auto t = Templates::load();
  if (!t) {
    // A template that breaks the escaping rule is a build defect: refuse to serve.
    std::fprintf(stderr, "journeyer: %s\n", t.error().message().c_str());
    std::abort();
  }
  return *t;
}

}  // namespace

Site::Site(storage::Store& store, SiteConfig config, TrustService& trust, std::function<model::UnixTime()> now)
    : store_(store),
      config_(std::move(config)),
      trust_(trust),
      interest_(std::make_unique<InterestService>(store, trust)),
      now_(std::move(now)),
      templates_(load_templates_or_die()) {}

model::UnixTime Site::first_served(const std::string& path, const std::string& etag) {
  std::lock_guard lock(served_m_);
  auto it = served_.find(path);
  if (it != served_.end() && it->second.first == etag) return it->second.second;
  if (it == served_.end() && served_.size() >= kMaxServedPaths) served_.clear();
  const model::UnixTime at = now();
  served_[path] = {etag, at};
  return at;
}

std::shared_ptr<const std::string> Site::graph_dot() {
  auto snap = trust_.snapshot();
  std::lock_guard lock(dot_m_);
  if (dot_ && dot_generation_ == snap->generation) return dot_;
  trust::CertGraph g;
  const auto& sg = *snap->graph;
  g.accounts.reserve(sg.names.size());
  for (const auto& n : sg.names) g.accounts.intern(n);
  for (std::size_t a = 0; a + 1 < sg.out_begin.size(); ++a)
    for (auto i = sg.out_begin[a]; i < sg.out_begin[a + 1]; ++i)
      g.certificates.push_back({static_cast<trust::AccountId>(a), sg.out_subject[i], sg.out_level[i]});
  dot_ = std::make_shared<const std::string>(trust::write_dot(g, config_.trust.levels));
  dot_generation_ = snap->generation;
  return dot_;
}

std::string format_date(model::UnixTime t) { return format_utc(t, "%Y-%m-%d"); }

std::string format_datetime(model::UnixTime t) { return format_utc(t, "%Y-%m-%d %H:%M UTC"); }

std::string count_of(std::int64_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

std::string person_url(std::string_view name) { return "/person/" + url_encode(name) + "/"; }
std::string project_url(std::string_view name) { return "/proj/" + url_encode(name) + "/"; }

std::string needs_level_text(const SiteConfig& config, std::string_view doing, model::CertLevel level) {
  return std::string(doing) + " needs " + model::level_name(level, config.trust.levels) + " level or above.";
}

View person_links(const std::vector<std::string>& names) {
  View list = list_view();
  for (const auto& n : names) {
    View v;
    v.set("name", n);
    v.set("url", person_url(n));
    list.push_back(v);
  }
  return list;
}

std::string cookie(const SiteConfig& config, std::string_view name, std::string_view value, long max_age_seconds,
                   std::string_view path) {
  std::string c(name);
  c += '=';
  c += value;
  c += "; Path=" + std::string(path) + "; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(max_age_seconds);
  if (config.secure_cookies()) c += "; Secure";
  return c;
}

Result<std::string> start_session(Site& site, model::AccountId account) {
  std::string token = random_token();
  model::Session s;
  s.token_hash = token_hash(token);
  s.account = account;
  s.csrf_token = random_token();
  s.created = site.now();
  s.expires = s.created + std::int64_t{site.config().session_days} * 86400;
  Status st = site.store().create_session(s);
  if (!st) return st.error();
  return cookie(site.config(), kSessionCookie, token, long{site.config().session_days} * 86400);
}

void set_form_error(View& data, const FormError& error) {
  if (error.message.empty()) return;
  data.set("error", error.message);
  if (!error.field.empty()) data.set("bad_" + error.field, bool_view(true));
}

bool is_input_error(const Error& error) {
  return error.kind() == ErrorKind::InvalidInput || error.kind() == ErrorKind::TooLarge;
}

StoreRefusal store_refusal(const Error& error, std::string_view not_saved, std::string_view gone) {
  if (is_input_error(error)) return {{as_sentence(error.message())}, 400};
  std::string message(not_saved);
  message += ": ";
  switch (error.kind()) {
    case ErrorKind::NotFound:
      return {{message + std::string(gone) + "."}, 404};
    case ErrorKind::Busy:
      // SQLite's busy database, PostgreSQL's serialization failure: the
      // same form sent again a moment later goes through.
      return {{message + std::string(kBusyDatabase)}, 503};
    case ErrorKind::Conflict:
      // A rule of the store's own that the form did not check first.
      return {{message + error.message() + "."}, 409};
    default:
      return {{message + error.message()}, 503};
  }
}

namespace {

// What the forms' help lines say of the text members write: one wording for
// every form (tests/web checks that each element named is one its text
// keeps), for forms that take HTML or Markdown and for those that take HTML
// only. Put together once, not on every page.
constexpr std::string_view kNamedElements =
    "HTML: p, a, em, strong, ul, ol, li, blockquote, pre, code, <person>name</person> and a few more";
constexpr std::string_view kStandIns =
    "show as bold lines and images as links to them: pages here load no pictures from other sites. Anything else "
    "is removed.";

const std::string& format_help() {
  static const std::string help = std::string(kNamedElements) +
                                  "; or Markdown (*emphasis*, [links](https://…), lists, > quotes, `code`). In "
                                  "both, headings (<h2>, ## Part) " +
                                  std::string(kStandIns);
  return help;
}

const std::string& notes_help() {
  static const std::string help = std::string(kNamedElements) + ". Headings " + std::string(kStandIns);
  return help;
}

}  // namespace

Response page(Context& ctx, const std::string& title, std::string_view name, View data, int status) {
  const SiteConfig& config = ctx.site.config();
  View layout;
  if (!title.empty()) layout.set("title", title);
  layout.set("site_name", config.name);
  layout.set("csrf", ctx.visitor.csrf);
  if (ctx.visitor.account) {
    layout.set("me", ctx.visitor.account->name);
    layout.set("me_url", person_url(ctx.visitor.account->name));
    layout.set("admin", bool_view(ctx.visitor.admin));
  }
  // A page's own feeds (a member's diary) join the site's in the head.
  if (const View* feeds = data.get("page_feeds")) layout.set("page_feeds", *feeds);
  data.set("csrf", ctx.visitor.csrf);
  if (ctx.visitor.account) data.set("me", ctx.visitor.account->name);
  data.set("format_help", format_help());
  data.set("notes_help", notes_help());
  Response r;
  r.status = status;
  const Templates& t = ctx.site.templates();
  r.body = t.render("header", layout);
  r.body += t.render(name, data);
  r.body += t.render("footer", layout);
  return r;
}

Response error_page(Context& ctx, int status, const std::string& message) {
  View data;
  data.set("message", message);
  std::string title = status == 404 ? "Not found" : status == 403 ? "Not allowed" : status == 429 ? "Too many attempts" : "Sorry";
  data.set("heading", title);
  return page(ctx, title, "error", std::move(data), status);
}

Response not_found(Context& ctx) { return error_page(ctx, 404, "There is no page at this address."); }

std::string local_path_or_empty(std::string_view next) {
  if (next.size() < 1 || next.size() > 2000 || next[0] != '/' || (next.size() > 1 && (next[1] == '/' || next[1] == '\\')))
    return {};
  for (char c : next)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F || c == '\\') return {};
  return std::string(next);
}

Response log_in_first(Context& ctx) {
  std::string here = ctx.request.path;
  if (!ctx.request.query.empty()) here += "?" + ctx.request.query;
  return redirect("/account/login?next=" + url_encode(here));
}

}  // namespace journeyer::web
