#include <cstdio>
#include <exception>

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
