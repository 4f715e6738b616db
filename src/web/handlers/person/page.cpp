// /person/NAME/: Advogato's person page.
#include <tuple>

#include "html/sanitize.h"
#include "web/handlers/article/common.h"
#include "web/handlers/diary/common.h"
#include "web/handlers/handlers.h"
#include "web/handlers/person/common.h"

namespace journeyer::web::handlers {

namespace {

constexpr std::size_t kRecentDiaryEntries = 3;
constexpr std::size_t kRecentArticles = 5;

View cert_list(Context& ctx, const LevelSnapshot& snap, const std::vector<model::Certificate>& certs) {
  View list = list_view();
  const auto& levels = ctx.site.config().trust.levels;
  model::UnixTime now = ctx.site.now();
  for (const auto& c : certs) {
    View v;
    v.set("issuer", member_view(ctx, snap, c.issuer, c.issuer_name));
    v.set("subject", member_view(ctx, snap, c.subject, c.subject_name));
    v.set("level", model::level_name(c.level, levels));
    // A certificate from the imported graph has no day of its own: its time
    // is the import's, which would call every one of them new.
    v.set("date", c.from_import ? std::string("from the imported graph") : format_date(c.when));
    v.set("new", bool_view(!c.from_import && now - c.when < kNewCertificateSeconds));
    list.push_back(v);
  }
  return list;
}

// The certify form (or why there is none) for the visitor looking at
// `subject`; nothing on a member's own page (own_page leaves the section out).
void add_certify(Context& ctx, const LevelSnapshot& snap, const model::Account& subject, View& data) {
  if (!ctx.visitor.logged_in()) {
    data.set("certify_disabled", bool_view(true));
    return;
  }
  const model::Account& me = *ctx.visitor.account;
  if (me.id == subject.id) return;
  const SiteConfig& config = ctx.site.config();
  const auto& levels = config.trust.levels;
  if (snap.level(me.id) < config.certify_level) {
    data.set("certify_needs", model::level_name(config.certify_level, levels));
    return;
  }
  auto current = ctx.site.store().certificate(me.id, subject.id);
  model::CertLevel chosen = current ? current->level : model::kNoCertificate;
  View form;
  form.set("action", person_url(subject.name) + "certify");
  if (current) form.set("current", model::level_name(current->level, levels));
  View options = list_view();
  for (std::size_t i = 0; i < levels.size(); ++i) {
    View o;
    o.set("value", levels[i]);
    o.set("label", i == 0 ? "No certificate (" + levels[i] + ")" : levels[i]);
    o.set("selected", bool_view(chosen.value == i));
    options.push_back(o);
  }
  form.set("options", options);
  data.set("certify", form);
}

void add_spam_flag(Context& ctx, const LevelSnapshot& snap, const model::Account& subject, View& data) {
  if (!ctx.visitor.logged_in() || ctx.visitor.account->id == subject.id) return;
  if (snap.level(subject.id) > model::kNoCertificate) return;  // only uncertified accounts
  if (snap.level(ctx.visitor.account->id) < ctx.site.config().flag_spam_level) return;
  auto flags = ctx.site.store().spam_flags(subject.id);
  if (!flags) return;
  for (const auto& f : *flags)
    if (f.flagger == ctx.visitor.account->id) {
      data.set("flagged", bool_view(true));
      return;
    }
  View v;
  v.set("action", person_url(subject.name) + "flag");
  data.set("flag", v);
}

// The member's diary feeds, for the page's head (feed readers find them
// there): {type, title, href}.
View diary_feed_links(const std::string& name) {
  View list = list_view();
  const std::string base = person_url(name);
  for (const auto& [type, file, format] : {std::tuple{"application/rss+xml", "rss.xml", "RSS"},
                                           std::tuple{"application/atom+xml", "atom.xml", "Atom"}}) {
    View v;
    v.set("type", type);
    v.set("title", name + "'s diary (" + format + ")");
    v.set("href", base + file);
    list.push_back(v);
  }
  return list;
}

// Who a blog's fetch error is shown to: it is for the member to mend (and
// may name addresses on their network), not for every reader.
enum class FetchErrorShown { Yes, No };

// The blog feed and how its last fetch went, in plain words.
View feed_status(const model::Feed& f, FetchErrorShown error_shown) {
  View v;
  v.set("url", f.url);
  if (!f.blog_title.empty()) v.set("title", f.blog_title);
  v.set("last_fetch", f.last_fetch ? format_datetime(f.last_fetch) : std::string("not yet"));
  v.set("last_new_post", f.last_new_post ? format_datetime(f.last_new_post) : std::string("none yet"));
  if (!f.last_error.empty() && error_shown == FetchErrorShown::Yes) {
    v.set("error", f.last_error);
    if (f.next_fetch) v.set("next_fetch", format_datetime(f.next_fetch));
  }
  return v;
}

}  // namespace

Response person_slash(Context& ctx) { return redirect(person_url(ctx.params.at(0))); }

Response person_page(Context& ctx) {
  Response error;
  auto account = named_account(ctx, error);
  if (!account) return error;
  auto snap = ctx.site.trust().snapshot();
  const SiteConfig& config = ctx.site.config();
  model::CertLevel level = snap->level(account->id);
  bool follow = level >= config.follow_links_level;
  storage::Store& store = ctx.site.store();
  const bool own_page = ctx.visitor.logged_in() && ctx.visitor.account->id == account->id;
  const bool published = feeds_published(ctx.site, *snap, account->id);

  View data;
  data.set("name", account->name);
  data.set("level", model::level_name(level, config.trust.levels));
  // An empty string would still open a mustache section: set only what is there.
  if (!account->profile.real_name.empty()) data.set("real_name", account->profile.real_name);
  const bool imported = account->state == model::AccountState::Imported;
  data.set("member_since", member_since(account->state, account->member_since));
  data.set("last_login", account->last_login ? format_date(*account->last_login) : std::string("never"));
  data.set("imported", bool_view(imported));
  data.set("disabled", bool_view(account->state == model::AccountState::Disabled));
  // Published with the diary's feeds (an uncertified member's are not).
  if (published && account->state != model::AccountState::Disabled)
    data.set("foaf_url", person_url(account->name) + "foaf.rdf");
  data.set("trust_url", person_url(account->name) + "trust");
  if (!account->profile.homepage.empty()) {
    data.set("homepage", account->profile.homepage);
    data.set("homepage_follow", bool_view(follow));
  }
  if (auto feed = store.feed_of(account->id); feed && feed->has_value()) {
    const bool mends_it = own_page || ctx.visitor.admin;
    data.set("feed", feed_status(**feed, mends_it ? FetchErrorShown::Yes : FetchErrorShown::No));
  }
  if (!account->profile.notes.empty()) {
    auto notes = html::sanitize(account->profile.notes, notes_policy(),
                                follow ? html::Links::Follow : html::Links::NoFollow);
    if (notes)
      set_html(data, "notes_html", *notes);
    else
      data.set("notes_error", notes.error().message());
  }

  if (auto projects = store.projects_of(account->id); projects && !projects->empty()) {
    View list = list_view();
    for (const auto& p : *projects) {
      View v;
      v.set("name", p.project_name);
      v.set("url", project_url(p.project_name));
      v.set("relation", std::string(model::to_string(p.relation)));
      list.push_back(v);
    }
    data.set("projects", list);
    data.set("has_projects", bool_view(true));
  }

  if (auto articles = store.articles_by(account->id, {0, kRecentArticles}); articles && !articles->empty()) {
    View list = list_view();
    for (const auto& a : *articles) {
      View v;
      v.set("title", a.title);
      v.set("href", article_url(a.id));
      v.set("date", format_date(a.created));
      list.push_back(v);
    }
    data.set("articles", list);
    data.set("articles_url", person_url(account->name) + "articles.html");
  }

  if (published) data.set("page_feeds", diary_feed_links(account->name));
  if (auto entries = store.diary_entries(account->id, {0, kRecentDiaryEntries}); entries && !entries->empty()) {
    View list = list_view();
    for (const auto& e : *entries) list.push_back(entry_view(ctx, *snap, e, false));
    data.set("diary", list);
    data.set("diary_url", diary_url(account->name));
    if (published) data.set("rss_url", person_url(account->name) + "rss.xml");
  }
  data.set("own_page", bool_view(own_page));
  if (own_page && may_post_diary(ctx, *snap)) data.set("can_post", bool_view(true));

  auto from = store.certificates_from(account->id);
  auto to = store.certificates_to(account->id);
  if (!from || !to) return error_page(ctx, 503, "The database did not answer; try again.");
  data.set("certs_from", cert_list(ctx, *snap, *from));
  data.set("certs_to", cert_list(ctx, *snap, *to));
  data.set("has_certs_from", bool_view(!from->empty()));
  data.set("has_certs_to", bool_view(!to->empty()));

  add_certify(ctx, *snap, *account, data);
  add_spam_flag(ctx, *snap, *account, data);
  if (ctx.visitor.admin && ctx.visitor.account->id != account->id) {
    View admin;
    admin.set("action", "/admin/person/" + url_encode(account->name) + "/state");
    admin.set("disabled", bool_view(account->state == model::AccountState::Disabled));
    data.set("admin_form", admin);
  }
  const std::string_view certified = ctx.query.get("certified"), withdrawn = ctx.query.get("withdrawn");
  if (certified == "1")
    data.set("notice", "Your certificate is recorded, and the levels on this page include it.");
  else if (certified == "pending")
    data.set("notice", "Your certificate is recorded. Levels are being recomputed: reload this page in a moment to see them.");
  else if (withdrawn == "1")
    data.set("notice", "Your certificate is withdrawn, and the levels on this page no longer count it.");
  else if (withdrawn == "pending")
    data.set("notice", "Your certificate is withdrawn. Levels are being recomputed: reload this page in a moment to see them.");
  else if (ctx.query.get("saved") == "1" && own_page)
    data.set("notice", "Your profile is saved.");
  else if (ctx.query.get("flagged") == "1" && ctx.visitor.logged_in())
    data.set("notice", "Your spam flag is recorded.");
  else if (ctx.visitor.admin && ctx.query.get("disabled") == "1" && account->state == model::AccountState::Disabled)
    data.set("notice", "The account is disabled, and its log-ins are ended.");
  else if (ctx.visitor.admin && ctx.query.get("enabled") == "1" && account->state != model::AccountState::Disabled)
    data.set("notice", "The account is enabled again.");
  return page(ctx, "Personal info for " + account->name, "person", std::move(data));
}

}  // namespace journeyer::web::handlers
