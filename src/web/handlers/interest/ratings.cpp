#include "web/handlers/interest/ratings.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "web/handlers/diary/common.h"
#include "web/handlers/handlers.h"
#include "web/handlers/person/common.h"

namespace journeyer::web::handlers {

namespace {

// How long a member who just rated waits for the predictions to include it.
constexpr int kRatingWaitMs = 3000;

std::string one_decimal(double x) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", x);
  return buf;
}

std::optional<int> whole_number(std::string_view text) {
  int value = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc{} || p != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string rate_url(std::string_view name) { return person_url(name) + "rate"; }

}  // namespace

std::string describe_prediction(const trust::Prediction& p) {
  return one_decimal(p.rating) + " (spread " + one_decimal(p.spread) + ", confidence " +
         std::to_string(static_cast<int>(std::lround(p.confidence * 100))) + "%)";
}

std::string confidence_class(double confidence) {
  if (confidence >= 0.5) return "confidence-high";
  if (confidence >= 0.1) return "confidence-mid";
  return "confidence-low";
}

std::optional<View> rating_view(Context& ctx, const model::Account& diarist) {
  if (!ctx.visitor.logged_in() || ctx.visitor.account->id == diarist.id) return std::nullopt;
  const model::AccountId me = ctx.visitor.account->id;
  auto mine = ctx.site.store().diary_rating(me, diarist.id);
  View v;
  v.set("rate_url", rate_url(diarist.name));
  View options = list_view();
  for (int i = model::kMinDiaryRating; i <= model::kMaxDiaryRating; ++i) {
    View o;
    o.set("value", std::to_string(i));
    o.set("selected", bool_view(mine && *mine == i));
    options.push_back(o);
  }
  v.set("options", options);
  if (mine && *mine) {
    v.set("mine", std::to_string(**mine));
  } else if (auto p = ctx.site.interest().snapshot()->prediction(me, diarist.id)) {
    v.set("predicted", describe_prediction(*p));
  }
  return v;
}

Response rate_diary(Context& ctx) {
  if (!ctx.visitor.logged_in()) return error_page(ctx, 403, "Log in to rate a diary.");
  Response error;
  auto diarist = named_account(ctx, error);
  if (!diarist) return error;
  const model::AccountId me = ctx.visitor.account->id;
  if (me == diarist->id) return error_page(ctx, 403, "You cannot rate your own diary.");
  auto value = whole_number(ctx.form.get("rating"));
  if (!value || *value < model::kMinDiaryRating || *value > model::kMaxDiaryRating)
    return error_page(ctx, 400, "A rating is a whole number from " + std::to_string(model::kMinDiaryRating) +
                                    " (dull) to " + std::to_string(model::kMaxDiaryRating) + " (fascinating).");
  storage::Store& store = ctx.site.store();
  if (auto st = store.rate_diary(me, diarist->id, *value, ctx.site.now()); !st) {
    int status = st.error().kind() == ErrorKind::InvalidInput ? 400 : 503;
    return error_page(ctx, status, st.error().message());
  }
  // Let the member see the effect on the next page they open.
  if (auto version = store.ratings_version()) {
    ctx.site.interest().request_recompute();
    ctx.site.interest().wait_for(*version, kRatingWaitMs);
  }
  return redirect(diary_url(diarist->name) + "?rated=1");
}

Response person_ratings(Context& ctx) {
  Response error;
  auto account = named_account(ctx, error);
  if (!account) return error;
  if (!ctx.visitor.logged_in()) return log_in_first(ctx);
  if (ctx.visitor.account->id != account->id)
    return error_page(ctx, 403, "Predictions are private: only " + account->name +
                                    " can see theirs, after logging in.");
  auto snap = ctx.site.interest().snapshot();
  auto levels = ctx.site.trust().snapshot();
  auto list = snap->predictions_of(account->id);
  auto own = ctx.site.store().ratings_by(account->id);
  if (!own) return error_page(ctx, 503, "The database did not answer; try again.");
  // The member's own ratings are listed apart, not as predictions.
  std::vector<std::int64_t> rated;
  for (const auto& r : *own) rated.push_back(r.diarist.value);
  std::sort(rated.begin(), rated.end());
  std::vector<std::pair<model::AccountId, trust::Prediction>> predicted;
  for (const auto& entry : list)
    if (!std::binary_search(rated.begin(), rated.end(), entry.first.value)) predicted.push_back(entry);
  // Most interesting first; the surer prediction first between equals.
  std::sort(predicted.begin(), predicted.end(), [](const auto& a, const auto& b) {
    if (a.second.rating != b.second.rating) return a.second.rating > b.second.rating;
    if (a.second.confidence != b.second.confidence) return a.second.confidence > b.second.confidence;
    return a.first.value < b.first.value;
  });
  constexpr std::size_t kShown = 200;
  auto name_of = [&](model::AccountId id) -> std::string {
    auto a = ctx.site.store().account(id);
    return a ? a->name : std::string();
  };
  View rows = list_view();
  for (std::size_t i = 0; i < predicted.size() && i < kShown; ++i) {
    const auto& [id, p] = predicted[i];
    std::string name = name_of(id);
    if (name.empty()) continue;
    View r;
    r.set("member", member_view(ctx, *levels, id, name));
    r.set("diary_url", diary_url(name));
    r.set("rating", one_decimal(p.rating));
    r.set("spread", one_decimal(p.spread));
    r.set("confidence", std::to_string(static_cast<int>(std::lround(p.confidence * 100))) + "%");
    r.set("class", confidence_class(p.confidence));
    rows.push_back(r);
  }
  View mine = list_view();
  for (const auto& r : *own) {
    std::string name = name_of(r.diarist);
    if (name.empty()) continue;
    View v;
    v.set("member", member_view(ctx, *levels, r.diarist, name));
    v.set("diary_url", diary_url(name));
    v.set("rating", std::to_string(r.value));
    v.set("date", format_date(r.when));
    mine.push_back(v);
  }
  View data;
  data.set("name", account->name);
  data.set("predictions", rows);
  data.set("no_predictions", bool_view(predicted.empty()));
  if (predicted.size() > kShown)
    data.set("more", count_of(static_cast<std::int64_t>(predicted.size() - kShown), "more, less interesting, is",
                              "more, less interesting, are") +
                         " not shown.");
  data.set("own", mine);
  data.set("no_own", bool_view(own->empty()));
  data.set("computing", bool_view(snap->ratings_version < 0));
  return page(ctx, "Diary interest for " + account->name, "ratings", std::move(data));
}

std::optional<int> interest_threshold(Context& ctx) {
  auto t = whole_number(ctx.query.get("interest"));
  if (!t || *t < model::kMinDiaryRating || *t > model::kMaxDiaryRating) return std::nullopt;
  return t;
}

void interest_stage(Context& ctx, std::vector<RecentlogRow>& rows) {
  if (!ctx.visitor.logged_in()) return;
  const model::AccountId me = ctx.visitor.account->id;
  auto snap = ctx.site.interest().snapshot();
  auto threshold = interest_threshold(ctx);
  // A diary the reader rated shows that rating, as the ratings page lists
  // it apart from the predictions (the engine would predict it back at
  // full confidence).
  std::vector<std::pair<std::int64_t, int>> own;
  if (auto mine = ctx.site.store().ratings_by(me))
    for (const auto& r : *mine) own.emplace_back(r.diarist.value, r.value);
  std::sort(own.begin(), own.end());
  for (auto& row : rows) {
    const model::AccountId author = row.entry.entry.author;
    if (author == me) continue;
    auto rated = std::lower_bound(own.begin(), own.end(), std::pair<std::int64_t, int>{author.value, 0});
    if (rated != own.end() && rated->first == author.value) {
      row.notes.push_back({"Your rating", std::to_string(rated->second), ""});
      if (threshold && rated->second < *threshold) row.hidden = true;
      continue;
    }
    auto p = snap->prediction(me, author);
    if (!p) continue;  // nothing known: shown, without a note
    row.notes.push_back({"Predicted interest", describe_prediction(*p), confidence_class(p->confidence)});
    if (threshold && p->rating < *threshold) row.hidden = true;
  }
}

}  // namespace journeyer::web::handlers
