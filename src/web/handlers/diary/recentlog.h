// The recent log (/recentlog.html): the latest diary entries across the
// site. Built in three steps so that per-reader judgements slot in without
// touching the rest: read the rows, run each stage of recentlog_stages()
// over them (a stage may add notes shown next to an entry, or hide it),
// render what is left.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "storage/store.h"
#include "web/site.h"

namespace journeyer::web::handlers {

// The most entries a reader may ask for at once.
constexpr std::size_t kMaxRecentlogEntries = 200;

// What the reader asked for (query: ?level=NAME&count=N&before=TIME).
struct RecentlogChoice {
  model::CertLevel min_level;
  std::size_t count = 20;
  model::UnixTime before = 0;  // 0: the newest
  std::int64_t before_id = 0;   // and those of that second with a lower id
};

// Shown next to an entry, e.g. {"Predicted interest", "8.2 ...", "confidence-high"}.
struct RecentlogNote {
  std::string label;
  std::string value;
  std::string css_class;  // how it is shown (empty: plain)
};

// One entry of the log before rendering.
struct RecentlogRow {
  storage::RecentEntry entry;
  std::vector<RecentlogNote> notes;
  bool hidden = false;  // left out of the page (counted in "N hidden")
};

// A judgement on the rows for the reader in `ctx` (logged in or not).
using RecentlogStage = void (*)(Context& ctx, std::vector<RecentlogRow>& rows);

// The stages run on every /recentlog.html, in order: interest predictions
// (interest/ratings.h: the predicted interest shown, entries below the
// reader's threshold hidden).
const std::vector<RecentlogStage>& recentlog_stages();

// The reader's choice from the query string, within the limits.
RecentlogChoice recentlog_choice(Context& ctx);

}  // namespace journeyer::web::handlers
