// /trust/attack: anyone may try an attack on a copy of the current graph.
// A nest of fake accounts that certify one another, and a few confused real
// members who certify one fake each: the trust engine's own simulation
// (trust::simulate_attack) says how many fakes get in at each level,
// against Levien's bound. Bounded in size, one simulation at a time per
// process, and rate-limited per client address.
#include <algorithm>
#include <charconv>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "trust/graph.h"
#include "trust/metric.h"
#include "model/account.h"
#include "util/text.h"
#include "web/form.h"
#include "web/handlers/handlers.h"

namespace journeyer::web::handlers {

namespace {

// Keeps each simulation a fraction of a second on a graph like Advogato's.
constexpr std::size_t kMaxAttackFakes = 10'000;
constexpr std::size_t kMaxAttackConfused = 50;
constexpr std::size_t kMaxAttackNamesChars = 2000;  // the names field's maxlength (fits_chars)
constexpr unsigned kAttacksPerMinute = 6;
constexpr std::size_t kDefaultFakes = 1000;
constexpr std::size_t kDefaultConfused = 3;
constexpr std::uint64_t kConfusedPick = 1;  // the random choice of confused members, fixed: same form, same answer

std::mutex one_simulation;

// The real members accepted at each level with no nest at all, and the
// snapshot they were computed on: the same for every simulation until the
// levels are computed again, so computed once per snapshot. Guarded by
// one_simulation.
struct Baseline {
  std::weak_ptr<const LevelSnapshot> of;
  std::vector<std::size_t> real_accepted;
};
Baseline baseline;

std::optional<std::size_t> number(std::string_view text) {
  std::size_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc{} || p != text.data() + text.size()) return std::nullopt;
  return v;
}

// The names typed, each once (a name typed twice, in any case, is one
// confused member).
std::vector<std::string> split_names(std::string_view text) {
  std::vector<std::string> out;
  std::vector<std::string> keys;
  std::string cur;
  auto take = [&] {
    if (cur.empty()) return;
    std::string key = model::account_name_key(cur);
    if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
      keys.push_back(std::move(key));
      out.push_back(std::move(cur));
    }
    cur.clear();
  };
  for (char c : text) {
    if (c == ',' || c == ' ' || c == '\n' || c == '\r' || c == '\t')
      take();
    else
      cur += c;
  }
  take();
  return out;
}

}  // namespace

Response trust_attack(Context& ctx) {
  const auto& config = ctx.site.config().trust;
  const auto& levels = config.levels;
  View data;
  const bool asked = ctx.query.has("fakes");
  std::string_view fakes_text = asked ? ctx.query.get("fakes") : std::string_view();
  std::string_view confused_text = ctx.query.get("confused");
  std::string_view names_text = ctx.query.get("names");
  std::string_view level_text = ctx.query.get("level");
  std::string chosen_level = level_text.empty() ? levels.back() : std::string(level_text);

  data.set("fakes", asked ? std::string(fakes_text) : std::to_string(kDefaultFakes));
  data.set("confused", asked ? std::string(confused_text) : std::to_string(kDefaultConfused));
  data.set("names", std::string(names_text));
  data.set("max_fakes", std::to_string(kMaxAttackFakes));
  data.set("max_confused", std::to_string(kMaxAttackConfused));
  data.set("max_names", std::to_string(kMaxAttackNamesChars));
  View level_options = list_view();
  for (std::size_t l = levels.size(); l-- > 1;) {
    View v;
    v.set("level", levels[l]);
    v.set("selected", bool_view(levels[l] == chosen_level));
    level_options.push_back(v);
  }
  data.set("levels", level_options);
  auto show = [&](int status) { return page(ctx, "Attack the trust metric", "trust_attack", std::move(data), status); };
  // What stops a simulation, marking the field it is about, if any.
  auto refuse = [&](const FormError& problem, int status) {
    set_form_error(data, problem);
    return show(status);
  };
  if (!asked) return show(200);

  auto fakes = number(fakes_text);
  auto confused = number(confused_text.empty() ? "0" : confused_text);
  std::vector<std::string> names = split_names(names_text);
  trust::LevelIndex level = 0;
  for (std::size_t l = 1; l < levels.size(); ++l)
    if (levels[l] == chosen_level) level = static_cast<trust::LevelIndex>(l);
  const std::string at_most_confused = "At most " + std::to_string(kMaxAttackConfused) + " confused members.";
  if (!fakes || *fakes < 1 || *fakes > kMaxAttackFakes)
    return refuse(
        {"The number of fake accounts must be between 1 and " + std::to_string(kMaxAttackFakes) + ".", "fakes"},
        400);
  if (!confused || *confused > kMaxAttackConfused) return refuse({at_most_confused, "confused"}, 400);
  if (!fits_chars(names_text, kMaxAttackNamesChars))
    return refuse({"The names are too long (at most " + std::to_string(kMaxAttackNamesChars) + " characters).",
                   "names"},
                  400);
  if (names.size() > kMaxAttackConfused) return refuse({at_most_confused, "names"}, 400);
  if (level == 0) return refuse({"Pick the level the confused members certify the fakes at.", "level"}, 400);
  if (!ctx.site.limiter().allow("attack", ctx.request.client, kAttacksPerMinute))
    return refuse({"You ran " + std::to_string(kAttacksPerMinute) +
                   " simulations in the last minute; wait a minute and try again."},
                  429);
  std::unique_lock busy(one_simulation, std::try_to_lock);
  if (!busy.owns_lock()) return refuse({"Another simulation is running; try again in a moment."}, 503);

  auto snap = ctx.site.trust().snapshot();
  const trust::CertGraph history = trust::history_of(*snap->graph);
  trust::AttackSpec spec;
  spec.sybils = *fakes;
  spec.level = level;
  if (!names.empty()) {
    // Each as the member spells it (names are one ignoring case).
    for (const std::string& name : names) {
      std::string own = name;
      if (auto account = ctx.site.store().account_by_name(name)) own = account->name;
      if (history.accounts.find(own) == trust::NameTable::kNone)
        return refuse({"There is no member called " + name + ".", "names"}, 404);
      spec.confused.push_back(std::move(own));
    }
  } else if (*confused > 0) {
    auto picked = trust::pick_confused(*snap->graph, config, *confused, kConfusedPick);
    if (!picked) return refuse({picked.error().message(), "confused"}, 400);
    spec.confused = std::move(*picked);
  }
  auto result = trust::simulate_attack(history, config, spec);
  if (!result) return refuse({result.error().message()}, 400);
  // The same computation without the nest: the real members the fakes
  // pushed out are the difference.
  if (baseline.of.lock() != snap) {
    auto without = trust::simulate_attack(history, config, {0, {}, level});
    if (!without) return refuse({without.error().message()}, 400);
    baseline = {snap, std::move(without->real_accepted)};
  }
  const std::vector<std::size_t>& real_without = baseline.real_accepted;

  View rows = list_view();
  for (std::size_t l = levels.size(); l-- > 1;) {
    View v;
    v.set("level", levels[l]);
    v.set("fakes_in", std::to_string(result->fakes_accepted[l]));
    v.set("bound", std::to_string(result->bound[l]));
    v.set("real", std::to_string(result->real_accepted[l]));
    v.set("real_without", std::to_string(real_without[l]));
    rows.push_back(v);
  }
  // Where the fakes took places real members had.
  std::vector<std::string> displaced;
  for (std::size_t l = levels.size(); l-- > 1;)
    if (real_without[l] > result->real_accepted[l])
      displaced.push_back(std::to_string(real_without[l] - result->real_accepted[l]) + " fewer at " +
                          levels[l] + " or above");
  View confused_view = person_links(result->confused);
  const std::size_t in = result->fakes_accepted[1];
  const std::int64_t bound = result->bound[1];
  const std::string nest = count_of(static_cast<std::int64_t>(*fakes), "fake account", "fake accounts");
  std::string sentence;
  if (result->confused.empty()) {
    sentence = "No real member certified the nest, so no trust flowed into it: of the " + nest +
               ", none got in, however many certificates the nest holds.";
  } else {
    sentence = "Of the " + nest + ", " + std::to_string(in) + " got in at " + levels[1] +
               " or above; Levien's bound, the capacity of the " +
               count_of(static_cast<std::int64_t>(result->confused.size()), "confused member", "confused members") +
               ", allows at most " + std::to_string(bound) +
               ". The fakes' certificates of one another add nothing: only the trust that the confused members "
               "pass on reaches the nest, so a bigger nest does not get more accounts in.";
    if (!displaced.empty())
      sentence += " The nest also cost real members their places: " + comma_list(displaced) + " than without it.";
  }
  data.set("ran", bool_view(true));
  data.set("rows", rows);
  data.set("confused_names", confused_view);
  data.set("chosen_level", levels[level]);
  data.set("sentence", sentence);
  data.set("fakes_run", count_of(static_cast<std::int64_t>(*fakes), "fake account", "fake accounts"));
  return show(200);
}

}  // namespace journeyer::web::handlers
