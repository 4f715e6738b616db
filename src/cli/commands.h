// The subcommands of `journeyer`. Each area registers its own; main() runs
// the one the command line chose. Actions return the process exit code.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

namespace journeyer::cli {

// Exit codes shared by every subcommand.
constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;   // something went wrong outside the input
constexpr int kExitBadInput = 2;  // the input or flags were refused

using Action = std::function<int()>;

// Each registers its subcommands on `app`; a parsed subcommand stores what
// to run in `chosen`.
void add_trust_commands(CLI::App& app, Action& chosen);
void add_graph_commands(CLI::App& app, Action& chosen);
void add_html_commands(CLI::App& app, Action& chosen);
void add_storage_commands(CLI::App& app, Action& chosen);
void add_web_commands(CLI::App& app, Action& chosen);
void add_feeds_commands(CLI::App& app, Action& chosen);

}  // namespace journeyer::cli
