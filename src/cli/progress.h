// A progress bar on standard error, drawn only when it is a terminal.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <string>
#include <utility>

namespace journeyer::cli {

class ProgressBar {
 public:
  explicit ProgressBar(std::string label) : label_(std::move(label)), on_(isatty(STDERR_FILENO) == 1) {}
  ~ProgressBar() {
    if (on_ && drawn_) std::fprintf(stderr, "\n");
  }
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  void update(std::size_t done, std::size_t total) {
    if (!on_ || total == 0) return;
    if (done > total) done = total;
    constexpr int kWidth = 40;
    int filled = static_cast<int>(kWidth * done / total);
    if (filled == last_ && done != total) return;
    last_ = filled;
    drawn_ = true;
    std::fprintf(stderr, "\r%s [%.*s%*s] %3d%%", label_.c_str(), filled,
                 "########################################", kWidth - filled, "",
                 static_cast<int>(100 * done / total));
    std::fflush(stderr);
  }

 private:
  std::string label_;
  bool on_;
  bool drawn_ = false;
  int last_ = -1;
};

}  // namespace journeyer::cli
