#include "trust/generate.h"

#include <random>
#include <string>

namespace journeyer::trust {

namespace {
// Uniform in [0, n) from a 64-bit draw (Lemire's multiply-shift; the bias is
// below 2^-32 for the sizes used here), identical on every platform.
std::uint64_t below(std::mt19937_64& rng, std::uint64_t n) {
  return static_cast<std::uint64_t>((static_cast<unsigned __int128>(rng()) * n) >> 64);
}
}  // namespace

CertGraph generate_graph(std::size_t accounts, std::size_t certs, std::uint64_t random_seed) {
  CertGraph g;
  g.accounts.reserve(accounts);
  for (std::size_t i = 0; i < accounts; ++i) g.accounts.intern("u" + std::to_string(i));
  if (accounts < 2) return g;
  std::mt19937_64 rng(random_seed);
  g.certificates.reserve(certs);
  // Every certificate's subject so far: a uniform pick from it is a pick
  // proportional to in-degree.
  std::vector<AccountId> subjects;
  subjects.reserve(certs);
  while (g.certificates.size() < certs) {
    auto issuer = static_cast<AccountId>(below(rng, accounts));
    AccountId subject;
    if (!subjects.empty() && below(rng, 2) == 0)
      subject = subjects[below(rng, subjects.size())];
    else
      subject = static_cast<AccountId>(below(rng, accounts));
    if (subject == issuer) continue;
    std::uint64_t roll = below(rng, 6);
    LevelIndex level = roll < 1 ? 1 : roll < 3 ? 2 : 3;
    g.certificates.push_back({issuer, subject, level});
    subjects.push_back(subject);
  }
  return g;
}

}  // namespace journeyer::trust
