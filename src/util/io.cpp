#include "util/io.h"

#include <sys/stat.h>
#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

namespace journeyer {

namespace {

Result<BigString> gunzip(BigString compressed, const std::string& path) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 32) != Z_OK) return Error::internal("zlib failed to start");
  BigString out;
  out.resize(compressed.size() * 6 + 1024);
  zs.next_in = reinterpret_cast<Bytef*>(compressed.data());
  zs.avail_in = static_cast<uInt>(compressed.size());
  int rc = Z_OK;
  while (true) {
    if (zs.total_out == out.size()) {
      if (out.size() >= kMaxInputBytes) {
        inflateEnd(&zs);
        return Error::too_large(path + ": decompressed input is larger than the limit");
      }
      out.resize(std::min(out.size() * 2, kMaxInputBytes));
    }
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + zs.total_out);
    zs.avail_out = static_cast<uInt>(out.size() - zs.total_out);
    rc = inflate(&zs, Z_NO_FLUSH);
    if (rc == Z_STREAM_END) {
      // Concatenated gzip members continue as one stream.
      if (zs.avail_in == 0) break;
      inflateReset(&zs);
      continue;
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      inflateEnd(&zs);
      return Error::invalid_input(path + ": corrupt gzip data");
    }
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) {
      inflateEnd(&zs);
      return Error::invalid_input(path + ": truncated gzip data");
    }
  }
  out.resize(zs.total_out);
  inflateEnd(&zs);
  return out;
}

}  // namespace

Result<BigString> read_input(const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(nullptr, &std::fclose);
  FILE* raw = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (!raw) {
    std::string why = std::strerror(errno);
    if (errno == ENOENT) return Error::not_found(path + ": " + why);
    return Error::io(path + ": " + why);
  }
  if (raw != stdin) f.reset(raw);
  BigString data;
  // A file says how big it is: room for all of it at once, instead of the
  // string growing (and copying) as the chunks come. Stdin and pipes grow.
  struct stat st {};
  const bool known = raw != stdin && ::fstat(fileno(raw), &st) == 0;
  // fopen opens a directory too: a mistyped path, which the person can mend.
  if (known && S_ISDIR(st.st_mode)) return Error::invalid_input(path + ": is a directory, not a file");
  if (known && S_ISREG(st.st_mode) && st.st_size > 0 &&
      static_cast<std::uint64_t>(st.st_size) <= kMaxInputBytes)
    data.reserve(static_cast<std::size_t>(st.st_size));
  char buf[1 << 16];
  std::size_t got;
  while ((got = std::fread(buf, 1, sizeof buf, raw)) > 0) {
    if (data.size() + got > kMaxInputBytes) return Error::too_large(path + ": input is larger than the limit");
    data.append(buf, got);
  }
  if (std::ferror(raw)) return Error::io(path + ": read error: " + std::strerror(errno));
  if (data.size() >= 2 && static_cast<unsigned char>(data[0]) == 0x1f &&
      static_cast<unsigned char>(data[1]) == 0x8b)
    return gunzip(std::move(data), path == "-" ? "standard input" : path);
  return data;
}

}  // namespace journeyer
