// bench/ab/compare's driver: two engine versions (A and B) in one process,
// run in turn (A first in even rounds, B first in odd ones) on the same
// graph, so that both meet the same minutes of a machine whose speed
// drifts. Prints each pair and the median of the ratios B / A.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

extern "C" void* A_setup();
extern "C" double A_level(void*, int, std::size_t*);
extern "C" double A_all(void*, std::size_t*);
extern "C" double A_shared(void*, std::size_t*);
extern "C" void* B_setup();
extern "C" double B_level(void*, int, std::size_t*);
extern "C" double B_all(void*, std::size_t*);
extern "C" double B_shared(void*, std::size_t*);

namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

template <class Run>
void pairs(const char* what, int rounds, Run&& run) {
  std::vector<double> ta, tb, ratio;
  for (int i = 0; i < rounds; ++i) {
    std::size_t ca = 0, cb = 0;
    double a, b;
    if (i % 2 == 0) {
      a = run(true, &ca);
      b = run(false, &cb);
    } else {
      b = run(false, &cb);
      a = run(true, &ca);
    }
    ta.push_back(a);
    tb.push_back(b);
    ratio.push_back(b / a);
    std::printf("%s A %.0f B %.0f ratio %.3f accepted %zu %zu%s\n", what, a, b, b / a, ca, cb,
                ca == cb ? "" : " DIFFER");
    std::fflush(stdout);
  }
  std::printf("MEDIAN %s A %.0f B %.0f ratio %.3f\n", what, median(ta), median(tb), median(ratio));
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::atoi(argv[1]) : 5;
  if (rounds < 1) {
    std::fprintf(stderr, "driver: ROUNDS must be at least 1\n");
    return 2;
  }
  const bool all = argc > 2 && std::strcmp(argv[2], "all") == 0;
  const bool shared = argc > 2 && std::strcmp(argv[2], "shared") == 0;
  void* a = A_setup();
  void* b = B_setup();
  if (shared) {
    pairs("shared", rounds, [&](bool first, std::size_t* c) { return first ? A_shared(a, c) : B_shared(b, c); });
    return 0;
  }
  if (all) {
    pairs("all", rounds, [&](bool first, std::size_t* c) { return first ? A_all(a, c) : B_all(b, c); });
    return 0;
  }
  for (int level : {3, 2, 1}) {
    char what[16];
    std::snprintf(what, sizeof what, "level%d", level);
    pairs(what, rounds, [&](bool first, std::size_t* c) { return first ? A_level(a, level, c) : B_level(b, level, c); });
  }
}
