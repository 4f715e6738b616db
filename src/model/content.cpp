#include "model/content.h"

namespace journeyer::model {

std::string_view to_string(TextFormat format) { return format == TextFormat::Markdown ? "markdown" : "html"; }

std::optional<TextFormat> parse_text_format(std::string_view text) {
  if (text == "html") return TextFormat::Html;
  if (text == "markdown") return TextFormat::Markdown;
  return std::nullopt;
}

}  // namespace journeyer::model
