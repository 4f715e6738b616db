// /person/: members by level, highest first, then by name; paging and search.
#include <algorithm>
#include <charconv>

#include "model/account.h"
#include "web/handlers/handlers.h"
#include "web/handlers/person/common.h"

namespace journeyer::web::handlers {

namespace {
constexpr std::size_t kMembersPerPage = 100;

bool starts_with_ignoring_case(std::string_view name, std::string_view prefix) {
  if (prefix.size() > name.size()) return false;
  return model::account_name_key(name.substr(0, prefix.size())) == model::account_name_key(prefix);
}
}  // namespace

Response person_list(Context& ctx) {
  auto snap = ctx.site.trust().snapshot();
  const auto& levels = ctx.site.config().trust.levels;
  std::string search(ctx.query.get("q"));
  std::size_t page_no = page_param(ctx.query);

  std::vector<const RosterEntry*> matches;
  for (const auto& e : snap->roster)
    if (search.empty() || starts_with_ignoring_case(e.name, search)) matches.push_back(&e);
  std::size_t pages = std::max<std::size_t>(1, (matches.size() + kMembersPerPage - 1) / kMembersPerPage);
  page_no = std::min(page_no, pages);

  View data;
  View counts = list_view();
  for (std::size_t l = levels.size(); l-- > 0;) {
    View c;
    c.set("level", levels[l]);
    c.set("count", std::to_string(l < snap->counts.size() ? snap->counts[l] : 0));
    counts.push_back(c);
  }
  data.set("counts", counts);
  data.set("q", search);
  data.set("total", count_of(static_cast<std::int64_t>(matches.size()), "member", "members"));

  View rows = list_view();
  std::size_t begin = (page_no - 1) * kMembersPerPage;
  std::size_t end = std::min(matches.size(), begin + kMembersPerPage);
  for (std::size_t i = begin; i < end; ++i) {
    const RosterEntry& e = *matches[i];
    View v = member_view(ctx, *snap, e.id, e.name);
    v.set("url", person_url(e.name));  // the member list links everyone: it is the site's own index
    v.set("member_since", member_since(e.state, e.member_since));
    rows.push_back(v);
  }
  data.set("members", rows);
  data.set("empty", bool_view(matches.empty()));
  std::string q = search.empty() ? "" : "q=" + url_encode(search) + "&";
  if (page_no > 1) data.set("prev_url", "/person/?" + q + "page=" + std::to_string(page_no - 1));
  if (page_no < pages) data.set("next_url", "/person/?" + q + "page=" + std::to_string(page_no + 1));
  data.set("page", std::to_string(page_no));
  data.set("pages", std::to_string(pages));
  // After the spam flag that disabled an account: said only while that
  // account is disabled, so that a made-up link cannot claim it of another.
  if (std::string_view gone = ctx.query.get("disabled"); !gone.empty()) {
    auto account = ctx.site.store().account_by_name(gone);
    if (account && account->state == model::AccountState::Disabled)
      data.set("notice", account->name + " is disabled: the members' spam flags reached the site's threshold.");
  }
  return page(ctx, "Members", "person_list", std::move(data));
}

Response graph_dot(Context& ctx) {
  Response r;
  r.content_type = "text/vnd.graphviz; charset=utf-8";
  r.body = *ctx.site.graph_dot();
  return r;
}

}  // namespace journeyer::web::handlers
