// `journeyer sanitize [--policy diary|notes|reply] [--markdown]`: standard
// input to safe HTML on standard output.
#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "html/markdown.h"
#include "html/policy.h"
#include "html/sanitize.h"

namespace journeyer::cli {

namespace {

struct SanitizeOptions {
  std::string policy = "diary";
  bool markdown = false;
  bool images = false;
  bool report = false;
  int author_level = 0;
};

int refuse(const Error& error) {
  std::fprintf(stderr, "journeyer sanitize: %s\n", error.message().c_str());
  return error.kind() == ErrorKind::InvalidInput || error.kind() == ErrorKind::TooLarge ? kExitBadInput
                                                                                        : kExitFailure;
}

// Reads standard input, refusing more than `limit` bytes (never cutting).
Result<std::string> read_stdin(std::size_t limit) {
  std::string text;
  char buf[64 * 1024];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0) {
    text.append(buf, n);
    if (text.size() > limit)
      return Error::too_large("the input is larger than the " + std::to_string(limit / 1024) +
                              " KiB allowed by this policy; nothing was written");
  }
  if (std::ferror(stdin)) return Error::io("could not read standard input");
  return text;
}

int run_sanitize(const SanitizeOptions& o) {
  html::PolicyConfig config;
  if (o.policy == "diary")
    config = html::diary_config();
  else if (o.policy == "notes")
    config = html::notes_config();
  else if (o.policy == "reply")
    config = html::reply_config();
  else
    return refuse(Error::invalid_input("unknown policy \"" + o.policy + "\": use diary, notes or reply"));
  if (o.images) config.images = html::Images::On;
  auto policy = html::Policy::from_config(config);
  if (!policy) return refuse(policy.error());
  auto input = read_stdin(policy->max_input_bytes());
  if (!input) return refuse(input.error());
  html::Links links = policy->links_for_level(o.author_level);
  auto out = o.markdown ? html::markdown_to_html_with_report(*input, *policy, links)
                        : html::sanitize_with_report(*input, *policy, links);
  if (!out) return refuse(out.error());
  const std::string& s = out->html.str();
  if (std::fwrite(s.data(), 1, s.size(), stdout) != s.size() || std::fflush(stdout) != 0)
    return refuse(Error::io("could not write to standard output"));
  if (o.report) {
    const auto& r = out->report;
    std::fprintf(stderr,
                 "dropped elements: %zu, dropped attributes: %zu, unwrapped: %zu, headings as paragraphs: %zu, "
                 "section breaks as paragraphs: %zu, images as links: %zu, parser memory: %zu KiB\n",
                 r.dropped_elements, r.dropped_attributes, r.flattened, r.headings_as_paragraphs,
                 r.breaks_as_paragraphs, r.images_as_links, r.parser_bytes / 1024);
  }
  return kExitOk;
}

}  // namespace

void add_html_commands(CLI::App& app, Action& chosen) {
  auto o = std::make_shared<SanitizeOptions>();
  auto* cmd = app.add_subcommand("sanitize", "Read HTML (or Markdown) on stdin, write safe HTML to stdout");
  cmd->add_option("--policy", o->policy, "diary, notes or reply")->capture_default_str();
  cmd->add_flag("--markdown", o->markdown, "The input is Markdown (CommonMark)");
  cmd->add_flag("--images", o->images, "Allow img (the site's images switch)");
  cmd->add_option("--author-level", o->author_level,
                  "The author's trust level, 0 = Observer: links get rel=\"nofollow ugc\" below Apprentice")
      ->capture_default_str();
  cmd->add_flag("--report", o->report, "Print what was dropped to stderr");
  cmd->callback([o, &chosen] { chosen = [o] { return run_sanitize(*o); }; });
}

}  // namespace journeyer::cli
