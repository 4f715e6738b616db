// The route table: every URL of the site, top to bottom, and what runs
// before each handler (the visitor's session, the CSRF check of a POST) and
// after it (the security headers).
#include <algorithm>
#include <array>

#include "web/crypto.h"
#include "web/api/json_api.h"
#include "web/handlers/handlers.h"
#include "web/routes.h"
#include "web/site.h"

namespace journeyer::web {

namespace {

using Handler = Response (*)(Context&);

struct Route {
  Method method;
  // Segments after the leading '/'; "{}" captures one (a name), "" is a
  // trailing slash.
  std::vector<std::string_view> pattern;
  Handler handler;
  Door door = Door::Site;
};

// A form whose token does not match (opened before logging out, or in again
// in another tab; or sent from another site): nothing is done, and what was
// typed in the forms' free-text fields comes back on the page, to be
// copied, so that nothing is lost. Only to a browser that sent this site's
// cookie (a session, or a visitor's token): the cookies are SameSite=Lax, so
// a form another site makes a browser send carries neither, and that site
// cannot put words of its own on this site's page. Never a password or a
// token: only the fields named here.
Response expired_form_page(Context& ctx) {
  View data;
  data.set("heading", std::string("Not allowed"));
  data.set("message", std::string(ctx.visitor.logged_in()
                                       ? "This form has expired (you logged in again since it was opened, perhaps "
                                         "in another tab) or was not sent from this site. Nothing is saved: reload "
                                         "the form and send it again."
                                       : "This form has expired or was not sent from this site. Nothing is saved: "
                                         "open the form again (after logging in, for a members' form) and send it."));
  // The fields members type into, with the words a reader knows them by.
  struct Typed {
    std::string_view field, label;
  };
  static constexpr std::array<Typed, 15> kTyped{{{"name", "Name"},
                                                 {"email", "E-mail"},
                                                 {"real_name", "Real name"},
                                                 {"homepage", "Homepage"},
                                                 {"feed_url", "Blog feed"},
                                                 {"notes", "Notes"},
                                                 {"title", "Title"},
                                                 {"lead", "Lead"},
                                                 {"body", "Text"},
                                                 {"description", "Description"},
                                                 {"license", "License"},
                                                 {"new_name", "New name"},
                                                 {"reason", "Reason"},
                                                 {"label", "Token name"},
                                                 {"topic", "Topic"}}};
  View kept = list_view();
  std::size_t n = 0;
  if (!ctx.visitor.set_csrf_cookie) {
    for (const auto& [name, value] : ctx.form.fields()) {
      auto typed = std::find_if(kTyped.begin(), kTyped.end(), [&](const Typed& t) { return t.field == name; });
      if (value.empty() || typed == kTyped.end()) continue;
      View field;
      field.set("id", "kept-" + std::to_string(++n));
      field.set("name", std::string(typed->label));
      field.set("value", value);
      field.set("rows", std::to_string(std::min<std::size_t>(12, 2 + std::count(value.begin(), value.end(), '\n'))));
      kept.push_back(field);
    }
  }
  if (n > 0) {
    data.set("kept", kept);
    data.set("has_kept", bool_view(true));
  }
  return page(ctx, "Not allowed", "error", std::move(data), 403);
}

const std::vector<Route>& routes() {
  namespace h = handlers;
  static const std::vector<Route> table = {
      {Method::Get, {""}, h::home},
      {Method::Get, {"static", "{}"}, h::static_file},
      {Method::Get, {"trust", ""}, h::trust_about},
      {Method::Get, {"trust", "levels.svg"}, h::trust_levels_svg},
      {Method::Get, {"trust", "attack"}, h::trust_attack},

      {Method::Get, {"person", ""}, h::person_list},
      {Method::Get, {"person", "graph.dot"}, h::graph_dot},
      {Method::Get, {"person", "{}"}, h::person_slash},
      {Method::Get, {"person", "{}", ""}, h::person_page},
      {Method::Get, {"person", "{}", "trust"}, h::person_trust},
      {Method::Get, {"person", "{}", "trust.svg"}, h::person_trust_svg},
      {Method::Post, {"person", "{}", "certify"}, h::certify},
      {Method::Post, {"person", "{}", "flag"}, h::flag_spam},
      {Method::Get, {"person", "{}", "diary.html"}, h::diary_page},
      {Method::Get, {"person", "{}", "diary", "{}"}, h::diary_entry_page},  // ID.html
      {Method::Get, {"person", "{}", "rss.xml"}, h::person_rss},
      {Method::Get, {"person", "{}", "atom.xml"}, h::person_atom},
      {Method::Get, {"person", "{}", "foaf.rdf"}, h::person_foaf},
      {Method::Post, {"person", "{}", "rate"}, h::rate_diary},
      {Method::Get, {"person", "{}", "ratings"}, h::person_ratings},

      {Method::Get, {"recentlog.html"}, h::recentlog},
      {Method::Get, {"rss.xml"}, h::recent_rss},
      {Method::Get, {"atom.xml"}, h::recent_atom},
      {Method::Get, {"diary", "post"}, h::diary_post_form},
      {Method::Post, {"diary", "post"}, h::diary_post},
      {Method::Get, {"diary", "{}", "edit"}, h::diary_edit_form},
      {Method::Post, {"diary", "{}", "edit"}, h::diary_edit},
      {Method::Get, {"diary", "{}", "delete"}, h::diary_delete},
      {Method::Post, {"diary", "{}", "delete"}, h::diary_delete},

      {Method::Get, {"article", ""}, h::article_list},
      {Method::Get, {"article", "new"}, h::article_new_form},
      {Method::Post, {"article", "new"}, h::article_post},
      {Method::Get, {"article", "{}"}, h::article_page},
      {Method::Get, {"article", "{}", "edit"}, h::article_edit_form},
      {Method::Post, {"article", "{}", "edit"}, h::article_edit},
      {Method::Get, {"article", "{}", "reply"}, h::reply_form},
      {Method::Post, {"article", "{}", "reply"}, h::reply_post},
      {Method::Post, {"article", "{}", "moderate"}, h::article_moderate},
      {Method::Get, {"person", "{}", "articles.html"}, h::person_articles},
      {Method::Get, {"rss", "articles.xml"}, h::articles_rss},
      {Method::Get, {"atom", "articles.xml"}, h::articles_atom},

      {Method::Get, {"proj", ""}, h::project_list},
      {Method::Post, {"proj", ""}, h::project_create},
      {Method::Get, {"proj", "{}"}, h::project_slash},
      {Method::Get, {"proj", "{}", ""}, h::project_page},
      {Method::Get, {"proj", "{}", "edit"}, h::project_edit_form},
      {Method::Post, {"proj", "{}", "edit"}, h::project_edit},
      {Method::Post, {"proj", "{}", "relation"}, h::project_relation},
      {Method::Post, {"proj", "{}", ""}, h::project_admin},

      {Method::Get, {"account", "new"}, h::signup_form},
      {Method::Post, {"account", "new"}, h::signup},
      {Method::Get, {"account", "login"}, h::login_form},
      {Method::Post, {"account", "login"}, h::login},
      {Method::Post, {"account", "logout"}, h::logout},
      {Method::Get, {"account", "password"}, h::password_form},
      {Method::Post, {"account", "password"}, h::change_password},
      {Method::Get, {"account", "profile"}, h::profile_form},
      {Method::Post, {"account", "profile"}, h::edit_profile},
      {Method::Get, {"account", "reset"}, h::reset_form},
      {Method::Post, {"account", "reset"}, h::request_reset},
      {Method::Get, {"account", "reset", "{}"}, h::reset_choose_form},
      {Method::Post, {"account", "reset", "{}"}, h::reset_password},

      {Method::Get, {"admin", ""}, h::admin_home},
      {Method::Post, {"admin", "person", "{}", "state"}, h::admin_set_state},

      {Method::Get, {"account", "tokens"}, h::tokens_page},
      {Method::Post, {"account", "tokens"}, h::create_token},
      {Method::Post, {"account", "tokens", "{}", "revoke"}, h::revoke_token},

      // Programs (docs/api.md): Advogato's XML-RPC, and the JSON API.
      {Method::Post, {"XMLRPC"}, h::xmlrpc, Door::XmlRpc},
      {Method::Get, {"api", "v1", "openapi.json"}, h::api_openapi, Door::Api},
      {Method::Get, {"api", "v1", "me"}, h::api_me, Door::Api},
      {Method::Get, {"api", "v1", "people"}, h::api_people, Door::Api},
      {Method::Get, {"api", "v1", "people", "{}"}, h::api_person, Door::Api},
      {Method::Get, {"api", "v1", "people", "{}", "certificates"}, h::api_certificates, Door::Api},
      {Method::Post, {"api", "v1", "people", "{}", "certificates"}, h::api_certify, Door::Api},
      {Method::Get, {"api", "v1", "people", "{}", "diary"}, h::api_diary, Door::Api},
      {Method::Get, {"api", "v1", "people", "{}", "diary", "{}"}, h::api_diary_entry, Door::Api},
      {Method::Post, {"api", "v1", "diary"}, h::api_post_diary, Door::Api},
      {Method::Put, {"api", "v1", "diary", "{}"}, h::api_edit_diary, Door::Api},
      {Method::Get, {"api", "v1", "articles"}, h::api_articles, Door::Api},
      {Method::Get, {"api", "v1", "articles", "{}"}, h::api_article, Door::Api},
      {Method::Post, {"api", "v1", "articles", "{}", "replies"}, h::api_reply, Door::Api},
      {Method::Get, {"api", "v1", "projects"}, h::api_projects, Door::Api},
      {Method::Get, {"api", "v1", "projects", "{}"}, h::api_project, Door::Api},
  };
  return table;
}

constexpr std::size_t kMaxQueryBytes = 4 * 1024;

// Content-Security-Policy: no script at all, styles from the site only.
constexpr const char* kCsp =
    "default-src 'none'; style-src 'self'; img-src 'self' https: http:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'";

void add_security_headers(Response& r) {
  r.add_header("Content-Security-Policy", kCsp);
  r.add_header("X-Content-Type-Options", "nosniff");
  r.add_header("Referrer-Policy", "same-origin");
  r.add_header("X-Frame-Options", "DENY");
}

Visitor find_visitor(Site& site, const Request& req) {
  Visitor v;
  std::string token = cookie_value(req.cookie, kSessionCookie);
  if (!token.empty() && token.size() < 128) {
    std::string hash = token_hash(token);
    auto session = site.store().session(hash, site.now());
    if (session) {
      auto account = site.store().account(session->account);
      if (account && account->state == model::AccountState::Active) {
        v.admin = site.config().is_admin(account->name);
        v.account = std::move(*account);
        v.session_hash = hash;
        v.csrf = session->csrf_token;
        return v;
      }
    }
  }
  std::string csrf = cookie_value(req.cookie, kVisitorCsrfCookie);
  if (csrf.size() == 43) {
    v.csrf = csrf;
  } else {
    v.csrf = random_token();
    v.set_csrf_cookie = true;
  }
  return v;
}

bool is_form(std::string_view content_type) {
  constexpr std::string_view kForm = "application/x-www-form-urlencoded";
  return content_type.substr(0, kForm.size()) == kForm;
}

Response dispatch(Site& site, const Request& req) {
  Method method = req.method == Method::Head ? Method::Get : req.method;
  auto segments = split_path(req.path);
  // Programs get their errors as JSON, never a page.
  const bool api = segments.size() >= 2 && segments[0] == "api" && segments[1] == "v1";
  if (segments.empty()) return plain_text(400, "The address must start with '/'.\n");
  // A person at a browser gets what went wrong as a page of the site.
  auto site_error = [&](int status, const std::string& message) {
    Context ctx{site, req, find_visitor(site, req), {}, {}, {}};
    Response r = error_page(ctx, status, message);
    if (ctx.visitor.logged_in()) r.add_header("Cache-Control", "private, no-store");
    return r;
  };
  if (!req.body_refused.empty() && !api) return site_error(413, req.body_refused);

  const Route* found = nullptr;
  bool path_known = false;
  bool takes[3] = {false, false, false};  // GET (and HEAD), POST, PUT at this path
  std::vector<std::string> params;
  for (const auto& route : routes()) {
    if (route.pattern.size() != segments.size()) continue;
    bool match = true;
    std::vector<std::string> captured;
    for (std::size_t i = 0; i < segments.size() && match; ++i) {
      if (route.pattern[i] == "{}") {
        if (segments[i].empty()) {
          match = false;
          break;
        }
        auto decoded = decode_path_segment(segments[i]);
        if (!decoded)
          return api ? api::json_error(400, "bad_path", decoded.error().message())
                     : site_error(400, "This address cannot be read: " + decoded.error().message() + ".");
        captured.push_back(std::move(*decoded));
      } else {
        match = route.pattern[i] == segments[i];
      }
    }
    if (!match) continue;
    path_known = true;
    takes[route.method == Method::Get ? 0 : route.method == Method::Post ? 1 : 2] = true;
    if (route.method != method) continue;
    found = &route;
    params = std::move(captured);
    break;
  }

  // A 405 says what the address does take (RFC 9110, section 15.5.6).
  auto allow = [&](Response r) {
    std::string methods;
    for (const char* m : {takes[0] ? "GET, HEAD" : "", takes[1] ? "POST" : "", takes[2] ? "PUT" : ""})
      if (*m) methods += (methods.empty() ? "" : ", ") + std::string(m);
    r.add_header("Allow", methods);
    return r;
  };
  if (api && !found)
    return path_known ? allow(api::json_error(405, "method_not_allowed", "This method is not allowed here."))
                      : api::json_error(404, "not_found", "There is no such address in the API.");
  if (found && found->door != Door::Site) {
    // Programs authenticate with a token of their own in the request (a
    // bearer token, an XML-RPC cookie argument): the browser's session
    // cookie is never read, so a cookie alone can never authorize a write.
    Context ctx{site, req, Visitor{}, {}, {}, std::move(params)};
    if (found->door == Door::Api) {
      auto query = parse_form(req.query, kMaxQueryBytes, kQueryName);
      if (!query) return api::json_error(400, "bad_query", as_sentence(query.error().message()));
      ctx.query = std::move(*query);
    }
    return found->handler(ctx);
  }

  Context ctx{site, req, find_visitor(site, req), {}, {}, std::move(params)};
  Response r;
  if (!found) {
    r = path_known ? allow(error_page(ctx, 405, "This address does not take that kind of request.")) : not_found(ctx);
  } else {
    auto query = parse_form(req.query, kMaxQueryBytes, kQueryName);
    if (query) ctx.query = std::move(*query);
    if (!query) {
      r = error_page(ctx, 400, "This address cannot be read: " + query.error().message() + ".");
    } else if (method == Method::Post) {
      if (!is_form(req.content_type)) {
        r = error_page(ctx, 415, "This address takes a form from this site.");
      } else if (auto form = parse_form(req.body, kMaxBodyBytes); !form) {
        r = error_page(ctx, form.error().kind() == ErrorKind::TooLarge ? 413 : 400, as_sentence(form.error().message()));
      } else {
        ctx.form = std::move(*form);
        // A new visitor has no token yet: nothing a form could match.
        if (ctx.visitor.set_csrf_cookie || !equal_secrets(ctx.form.get("csrf"), ctx.visitor.csrf)) {
          r = expired_form_page(ctx);
        } else {
          r = found->handler(ctx);
        }
      }
    } else {
      r = found->handler(ctx);
    }
  }
  // Only pages with a form need the visitor's token.
  if (ctx.visitor.set_csrf_cookie && r.body.find(ctx.visitor.csrf) != std::string::npos)
    r.add_header("Set-Cookie", cookie(site.config(), kVisitorCsrfCookie, ctx.visitor.csrf, 86400));
  if (ctx.visitor.logged_in() || !r.header("Set-Cookie").empty()) r.add_header("Cache-Control", "private, no-store");
  return r;
}

// Conditional GET (RFC 9110, 13.1.2 and 13.2.2): If-None-Match wins when
// present; If-Modified-Since is compared exactly, as nginx does by default.
bool not_modified(const Request& req, const Response& r) {
  if (r.status != 200) return false;
  if (!req.if_none_match.empty()) {
    std::string_view etag = r.header("ETag");
    if (etag.empty()) return false;
    std::string_view list = req.if_none_match;
    if (list == "*") return true;
    for (std::size_t at = list.find(etag); at != std::string_view::npos; at = list.find(etag, at + 1)) {
      // The tag, alone or in a list, with or without W/ (weak comparison).
      bool starts = at == 0 || list[at - 1] == ' ' || list[at - 1] == ',' || list[at - 1] == '/';
      std::size_t end = at + etag.size();
      bool ends = end == list.size() || list[end] == ' ' || list[end] == ',';
      if (starts && ends) return true;
    }
    return false;
  }
  if (!req.if_modified_since.empty()) {
    std::string_view last = r.header("Last-Modified");
    return !last.empty() && last == req.if_modified_since;
  }
  return false;
}

Response not_modified_response(const Response& r) {
  Response out;
  out.status = 304;
  out.content_type = r.content_type;  // server.cpp always sends one; keep the 200's
  for (const auto& [k, v] : r.headers)
    if (k == "ETag" || k == "Last-Modified" || k == "Cache-Control") out.add_header(k, v);
  return out;
}

}  // namespace

namespace {

// A request with a token may be about its holder (/api/v1/me): never cached.
bool cacheable(const Request& request) {
  return request.method == Method::Get && request.cookie.empty() && request.authorization.empty();
}

std::string cache_key(const Request& request) {
  std::string key;
  key.reserve(request.path.size() + 1 + request.query.size());
  key += request.path;
  key += '?';
  key += request.query;
  return key;
}

}  // namespace

std::shared_ptr<const Response> Site::cached(const Request& request) const {
  if (!cacheable(request)) return nullptr;
  return cache_.find(cache_key(request), trust_.generation());
}

std::vector<RouteInfo> route_table() {
  std::vector<RouteInfo> out;
  for (const auto& route : routes()) {
    std::string path;
    for (auto segment : route.pattern) path += "/" + std::string(segment);
    out.push_back({route.method, path, route.door});
  }
  return out;
}

Response Site::handle(const Request& request) {
  // Visitors without cookies all get the same page: serve it from the cache.
  const bool visitor_get = cacheable(request);
  std::string key;
  std::int64_t generation = 0;
  if (visitor_get) {
    key = cache_key(request);
    generation = trust_.generation();
    if (auto hit = cache_.find(key, generation)) {
      if (not_modified(request, *hit)) return not_modified_response(*hit);
      return *hit;
    }
  }
  Response r = dispatch(*this, request);
  add_security_headers(r);
  if (request.method == Method::Post || request.method == Method::Put) cache_.invalidate();  // it may have changed anything
  if (visitor_get && r.status == 200 && r.header("Set-Cookie").empty()) {
    if (prepare_) prepare_(r);
    cache_.store(key, generation, r);
  }
  if ((request.method == Method::Get || request.method == Method::Head) && not_modified(request, r))
    return not_modified_response(r);
  return r;
}

}  // namespace journeyer::web
