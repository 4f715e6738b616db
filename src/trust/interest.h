// Diary interest ratings, propagated along certificates (Advogato's
// "interest" metric, computed to convergence instead of one step a day).
//
// Every reader has, for every diarist, a predicted rating, its mean square
// (so a spread) and a confidence. A reader's own rating of a diarist stands
// with confidence 1. Otherwise the reader's prediction is the confidence-
// weighted mean of the predictions of the members the reader certified,
// whose confidences are each scaled by kInterestDamping / (how many members
// the reader certified). Written with X = (confidence * rating, confidence *
// mean square, confidence), that rule is linear:
//
//   X_r(d) = own rating (r, r^2, 1)                       if r rated d,
//   X_r(d) = damping / k_r * sum over s certified by r of X_s(d)   otherwise,
//
// and since damping < 1 it has one solution: the sum over every chain of
// certificates r -> ... -> s that ends at a rater s of d (and passes no other
// rater of d) of the product of damping / k along it, times s's rating.
// Journeyer computes it by pushing each rating backwards along certificates
// until the confidence carried falls below a tolerance.
#pragma once

#include <cstdint>
#include <vector>

#include "trust/graph.h"

namespace journeyer::trust {

// Advogato's scaling of a certified member's confidence.
constexpr double kInterestDamping = 0.95;
// Contributions whose confidence falls below this are not pushed further,
// and predictions below it are not kept: a reader learns nothing from a
// prediction 1% as sure as their own rating. (1e-3 costs 15 times as much on
// the real graph for predictions no page shows.)
constexpr double kInterestTolerance = 1e-2;
constexpr int kMinRating = 1;
constexpr int kMaxRating = 10;

struct Rating {
  AccountId reader;
  AccountId diarist;
  int value;  // kMinRating..kMaxRating; the latest rating of a pair stands
};

struct Prediction {
  AccountId diarist;
  double rating;      // confidence-weighted mean
  double spread;      // standard deviation: sqrt(mean square - rating^2)
  double confidence;  // 0..1
};

// Who trusts whose taste: reader -> the members the reader certified (at any
// level above the lowest), as a standing graph gives them.
class InterestModel {
 public:
  InterestModel(const StandingGraph& graph, std::vector<Rating> ratings);

  // predictions[reader]: every prediction with confidence of at least
  // kInterestTolerance (own ratings included), ordered by diarist id.
  // Deterministic: the same inputs give the same numbers. Diarists are
  // shared out between threads; each diarist's numbers are computed alone.
  std::vector<std::vector<Prediction>> all_predictions() const;

 private:
  struct Push {
    AccountId reader;
    double a, b, c;  // confidence * rating, confidence * mean square, confidence
  };
  // X_r(d) for every reader r that reaches a rater of d.
  std::vector<Push> propagate(AccountId diarist) const;

  std::size_t n_;
  std::vector<std::uint32_t> in_begin_;   // certifiers of each account
  std::vector<AccountId> in_issuer_;
  std::vector<double> in_factor_;         // kInterestDamping / out_count_ of in_issuer_
  std::vector<std::uint32_t> out_count_;  // how many members each certified
  std::vector<std::uint32_t> rating_begin_;  // ratings by diarist
  std::vector<Rating> ratings_;
};

}  // namespace journeyer::trust
