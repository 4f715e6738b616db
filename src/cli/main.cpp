#include <cstdio>
#include <exception>
#include <string>

#include "cli/commands.h"

int main(int argc, char** argv) {
  using namespace journeyer::cli;
  CLI::App app{"Journeyer: a community server with Advogato's trust metric", "journeyer"};
  app.require_subcommand(1);
  Action chosen;
  add_trust_commands(app, chosen);
  add_graph_commands(app, chosen);
  add_html_commands(app, chosen);
  add_storage_commands(app, chosen);
  add_web_commands(app, chosen);
  add_feeds_commands(app, chosen);
  app.set_version_flag("--version", std::string("journeyer ") + JOURNEYER_VERSION);
  // A first word that is no command: say so, and which there are, rather
  // than "a subcommand is required".
  std::string known;
  bool is_command = false;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    known += (known.empty() ? "" : ", ") + sub->get_name();
    is_command = is_command || (argc > 1 && sub->check_name(argv[1]));
  }
  if (argc > 1 && argv[1][0] != '-' && !is_command) {
    std::fprintf(stderr, "journeyer: there is no command \"%s\"; the commands are %s (see --help)\n", argv[1],
                 known.c_str());
    return kExitBadInput;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? kExitOk : kExitBadInput;
  }
  if (!chosen) {
    std::fprintf(stderr, "journeyer: choose a subcommand (see --help)\n");
    return kExitBadInput;
  }
  try {
    return chosen();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "journeyer: internal error: %s\n", e.what());
    return kExitFailure;
  }
}
