#include "model/content.h"

#include <string>

#include "util/text.h"

namespace journeyer::model {

Status check_title(std::string_view title) {
  if (!fits_chars(title, kMaxTitleChars))
    return Error::too_large("The title is too long (at most " + std::to_string(kMaxTitleChars) + " characters).");
  return Ok{};
}

Status check_diary_body(std::string_view body) {
  if (body.size() > kMaxDiaryBytes)
    return Error::too_large("The entry is too long (at most " + std::to_string(kMaxDiaryBytes / 1024) + " KiB).");
  return Ok{};
}

std::string_view to_string(TextFormat format) { return format == TextFormat::Markdown ? "markdown" : "html"; }

std::optional<TextFormat> parse_text_format(std::string_view text) {
  if (text == "html") return TextFormat::Html;
  if (text == "markdown") return TextFormat::Markdown;
  return std::nullopt;
}

}  // namespace journeyer::model
