// Files built into the binary (src/web/embed.cmake): "templates/NAME" and
// "static/NAME".
#pragma once

#include <cstddef>
#include <string_view>

namespace journeyer::web::embedded {

struct File {
  std::string_view name;
  std::string_view text;
};

extern const File kFiles[];
extern const std::size_t kFileCount;

// The file called `name`, or nullptr.
const File* find(std::string_view name);

}  // namespace journeyer::web::embedded
