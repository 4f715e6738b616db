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
#include <span>
#include <vector>

#include "trust/graph.h"

namespace journeyer::trust {

// Advogato's scaling of a certified member's confidence.
constexpr double kInterestDamping = 0.95;
// Contributions whose confidence falls below this are not pushed further,
// and predictions below it are not kept: a reader learns nothing from a
// prediction 1% as sure as their own rating. The work is about the number
// of predictions kept times the certifiers of each, so the tolerance sets
// the cost and the accuracy: on 100k members / 1M ratings, 2e-2 keeps a
// third of the predictions (145 per member instead of 436) in 40% of
// the time, and confidences come out lower by about twice as much
// (docs/performance.md, and the Interest tests).
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
  float rating;      // confidence-weighted mean
  float spread;      // standard deviation: sqrt(mean square - rating^2)
  float confidence;  // 0..1
};

// Every reader's predictions, in one array: predictions[reader] lists them
// ordered by diarist id.
class Predictions {
 public:
  Predictions() = default;
  std::span<const Prediction> operator[](AccountId reader) const {
    return {items_.data() + begin_[reader], items_.data() + begin_[reader + 1]};
  }
  std::size_t size() const { return begin_.empty() ? 0 : begin_.size() - 1; }  // readers
  std::size_t total() const { return items_.size(); }

 private:
  friend class InterestModel;
  std::vector<std::uint64_t> begin_;  // size() + 1 offsets into items_
  std::vector<Prediction> items_;
};

// Who trusts whose taste: reader -> the members the reader certified (at any
// level above the lowest), as a standing graph gives them.
class InterestModel {
 public:
  InterestModel(const StandingGraph& graph, std::vector<Rating> ratings,
                double tolerance = kInterestTolerance);

  // predictions[reader]: every prediction with confidence of at least the
  // tolerance (own ratings included), ordered by diarist id.
  // Deterministic: the same inputs give the same numbers. Diarists are
  // shared out between threads; each diarist's numbers are computed alone.
  Predictions all_predictions() const;

 private:
  // What a diarist's pass found for one reader, ready to be filed.
  struct Found {
    AccountId reader;
    float rating, spread, confidence;
  };
  // Appends X_r(d) for every reader r that reaches a rater of d, as found
  // predictions; returns how many.
  std::uint32_t propagate(AccountId diarist, std::vector<Found>& out) const;

  // A certifier of an account and the scale it applies to what it passes
  // on: kInterestDamping / (how many members the certifier certified).
  struct InEdge {
    AccountId issuer;
    float factor;
  };
  std::size_t n_;
  double tolerance_;
  std::vector<std::uint32_t> in_begin_;  // certifiers of each account
  std::vector<InEdge> in_;
  std::vector<std::uint32_t> rating_begin_;  // ratings by diarist
  std::vector<Rating> ratings_;
};

}  // namespace journeyer::trust
