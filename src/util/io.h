// Reading whole inputs: a file, a gzip-compressed file (by its magic bytes,
// whatever its name), or standard input for "-".
#pragma once

#include <string>

#include "util/big_blocks.h"
#include "util/result.h"

namespace journeyer {

// Largest input read_input accepts, after decompression.
constexpr std::size_t kMaxInputBytes = std::size_t{4} << 30;

// A big input's buffer is a big block (util/big_blocks.h): when the caller
// lets it go, what it computes next reuses that memory.
Result<BigString> read_input(const std::string& path);

}  // namespace journeyer
