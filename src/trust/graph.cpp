#include "trust/graph.h"

#include <algorithm>
#include <functional>

namespace journeyer::trust {

namespace {
constexpr std::size_t kInitialSlots = 1024;
}

namespace {
std::size_t name_hash(std::string_view name) { return std::hash<std::string_view>{}(name); }
std::uint32_t tag_of(std::size_t h) { return static_cast<std::uint32_t>(h >> 32) ^ static_cast<std::uint32_t>(h); }
}  // namespace

void NameTable::place(AccountId id, std::uint32_t tag, std::size_t hash) {
  std::size_t mask = slots_.size() - 1;
  std::size_t i = hash & mask;
  while (slots_[i] != kEmpty) i = (i + 1) & mask;
  slots_[i] = (std::uint64_t{tag} << 32) | id;
}

void NameTable::reserve(std::size_t n) {
  names_.reserve(n);
  tags_.reserve(n);
  std::size_t want = kInitialSlots;
  while (want < 2 * n) want *= 2;
  if (want > slots_.size()) {
    slots_.assign(want, kEmpty);
    for (AccountId id = 0; id < names_.size(); ++id) place(id, tags_[id], name_hash(names_[id]));
  }
}

void NameTable::grow() { reserve(std::max<std::size_t>(names_.size() * 2, kInitialSlots / 2)); }

std::size_t NameTable::prefetch_slot(std::string_view name) const {
  const std::size_t h = name_hash(name);
  if (!slots_.empty()) __builtin_prefetch(&slots_[h & (slots_.size() - 1)]);
  return h;
}

void NameTable::prefetch_name(std::size_t hash) const {
  if (slots_.empty()) return;
  const std::uint64_t slot = slots_[hash & (slots_.size() - 1)];
  if (slot != kEmpty && static_cast<AccountId>(slot) < names_.size())
    __builtin_prefetch(&names_[static_cast<AccountId>(slot)]);
}

AccountId NameTable::find(std::string_view name) const {
  if (slots_.empty()) return kNone;
  std::size_t h = name_hash(name);
  std::uint32_t tag = tag_of(h);
  std::size_t mask = slots_.size() - 1;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    std::uint64_t slot = slots_[i];
    if (slot == kEmpty) return kNone;
    auto id = static_cast<AccountId>(slot);
    if (static_cast<std::uint32_t>(slot >> 32) == tag && names_[id] == name) return id;
  }
}

AccountId NameTable::intern(std::string_view name) {
  if (2 * (names_.size() + 1) > slots_.size()) grow();
  std::size_t h = name_hash(name);
  std::uint32_t tag = tag_of(h);
  std::size_t mask = slots_.size() - 1;
  std::size_t i = h & mask;
  for (;; i = (i + 1) & mask) {
    std::uint64_t slot = slots_[i];
    if (slot == kEmpty) break;
    auto id = static_cast<AccountId>(slot);
    if (static_cast<std::uint32_t>(slot >> 32) == tag && names_[id] == name) return id;
  }
  auto id = static_cast<AccountId>(names_.size());
  names_.emplace_back(name);
  tags_.push_back(tag);
  slots_[i] = (std::uint64_t{tag} << 32) | id;
  return id;
}

StandingGraph standing_graph(const CertGraph& history) {
  const std::size_t n = history.accounts.size();
  // Keep, for every (issuer, subject) pair, the last certificate in history
  // order: stable sort by pair, then take the last of each run.
  std::vector<std::uint32_t> order(history.certificates.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  const auto& certs = history.certificates;
  // Counting sort by issuer (stable), then sort each issuer's run by subject
  // with the history index as tie-break: linear-ish and deterministic.
  std::vector<std::uint32_t> begin(n + 1, 0);
  for (const auto& c : certs) ++begin[c.issuer + 1];
  for (std::size_t i = 0; i < n; ++i) begin[i + 1] += begin[i];
  std::vector<std::uint32_t> fill(begin.begin(), begin.end() - 1);
  for (std::uint32_t i = 0; i < certs.size(); ++i) order[fill[certs[i].issuer]++] = i;

  StandingGraph g;
  g.names = history.accounts.names();
  g.out_begin.assign(n + 1, 0);
  g.out_subject.reserve(certs.size());
  g.out_level.reserve(certs.size());
  for (std::size_t issuer = 0; issuer < n; ++issuer) {
    auto first = order.begin() + begin[issuer];
    auto last = order.begin() + begin[issuer + 1];
    std::sort(first, last, [&](std::uint32_t a, std::uint32_t b) {
      if (certs[a].subject != certs[b].subject) return certs[a].subject < certs[b].subject;
      return a < b;
    });
    for (auto it = first; it != last; ++it) {
      const Certificate& c = certs[*it];
      if (it + 1 != last && certs[*(it + 1)].subject == c.subject) continue;  // a later one stands
      if (c.subject == c.issuer || c.level == 0) continue;
      g.out_subject.push_back(c.subject);
      g.out_level.push_back(c.level);
    }
    g.out_begin[issuer + 1] = static_cast<std::uint32_t>(g.out_subject.size());
  }
  return g;
}

CertGraph history_of(const StandingGraph& graph) {
  CertGraph h;
  h.accounts.reserve(graph.account_count());
  for (const auto& name : graph.names) h.accounts.intern(name);
  h.certificates.reserve(graph.certificate_count());
  for (AccountId a = 0; a < graph.account_count(); ++a)
    for (auto e = graph.out_begin[a]; e < graph.out_begin[a + 1]; ++e)
      h.certificates.push_back({a, graph.out_subject[e], graph.out_level[e]});
  return h;
}

}  // namespace journeyer::trust
