// Diary interest ratings on the site: the rating form on a diary page, the
// predictions in the recent log, and /person/NAME/ratings.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/account.h"
#include "trust/interest.h"
#include "web/handlers/diary/recentlog.h"
#include "web/site.h"

namespace journeyer::web::handlers {

// For the diary page of `diarist`: the rating form (rate_url, options with
// the reader's rating selected, mine, predicted) for a logged-in member
// reading someone else's diary; nothing otherwise.
std::optional<View> rating_view(Context& ctx, const model::Account& diarist);

// "6.3 (spread 1.2, confidence 45%)"
std::string describe_prediction(const trust::Prediction& p);
// A CSS class that makes a note fainter as the confidence falls.
std::string confidence_class(double confidence);

// The recent log's stage: each entry's predicted interest for a logged-in
// reader, and entries below the reader's threshold (?interest=N) hidden.
void interest_stage(Context& ctx, std::vector<RecentlogRow>& rows);
// The reader's threshold from the query (1..10), if any.
std::optional<int> interest_threshold(Context& ctx);

}  // namespace journeyer::web::handlers
