// Small typed ids and times shared by the domain types, so that an account id
// cannot be passed where a diary entry id is wanted.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace journeyer::model {

// An id of a stored row, tagged by what it names. 0 is "none".
template <typename Tag>
struct Id {
  std::int64_t value = 0;
  constexpr explicit operator bool() const { return value != 0; }
  friend constexpr auto operator<=>(Id, Id) = default;
};

using AccountId = Id<struct AccountTag>;
using DiaryEntryId = Id<struct DiaryEntryTag>;
using ArticleId = Id<struct ArticleTag>;
using ReplyId = Id<struct ReplyTag>;
using ProjectId = Id<struct ProjectTag>;
using FeedId = Id<struct FeedTag>;
using ApiTokenId = Id<struct ApiTokenTag>;
using AuditId = Id<struct AuditTag>;

// Seconds since 1970-01-01 UTC. The model reads no clock: callers pass times.
using UnixTime = std::int64_t;

}  // namespace journeyer::model

template <typename Tag>
struct std::hash<journeyer::model::Id<Tag>> {
  std::size_t operator()(journeyer::model::Id<Tag> id) const noexcept {
    return std::hash<std::int64_t>{}(id.value);
  }
};
