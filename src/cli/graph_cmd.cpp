// `journeyer graph generate`: synthetic certificate graphs.
#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "cli/flags.h"
#include "trust/generate.h"
#include "trust/parse.h"

namespace journeyer::cli {

namespace {

// Largest synthetic graph the command makes.
constexpr std::size_t kMaxGeneratedAccounts = 50'000'000;
constexpr std::size_t kMaxGeneratedCerts = 500'000'000;

struct GenerateOptions {
  std::size_t accounts = 0;
  std::size_t certs = 0;
  std::uint64_t random_seed = 1;
};

int run_generate(const GenerateOptions& o) {
  if (o.accounts < 2 || o.accounts > kMaxGeneratedAccounts)
    return report(Error::invalid_input("--accounts must be between 2 and " + std::to_string(kMaxGeneratedAccounts)));
  if (o.certs > kMaxGeneratedCerts)
    return report(Error::invalid_input("--certs must be at most " + std::to_string(kMaxGeneratedCerts)));
  trust::CertGraph g = trust::generate_graph(o.accounts, o.certs, o.random_seed);
  std::string dot = trust::write_dot(g, {"Observer", "Apprentice", "Journeyer", "Master"});
  if (std::fwrite(dot.data(), 1, dot.size(), stdout) != dot.size())
    return report(Error::io("could not write the graph to standard output"));
  return kExitOk;
}

}  // namespace

void add_graph_commands(CLI::App& app, Action& chosen) {
  auto* graph = app.add_subcommand("graph", "Certificate graph tools");
  graph->require_subcommand(1);
  auto o = std::make_shared<GenerateOptions>();
  auto* gen = graph->add_subcommand(
      "generate", "Write a synthetic certificate graph (DOT) to stdout; seeds are u0..u3");
  gen->add_option("--accounts", o->accounts, "Number of accounts")->required();
  gen->add_option("--certs", o->certs, "Number of certificates")->required();
  gen->add_option("--random-seed", o->random_seed, "Random seed")->capture_default_str();
  gen->callback([o, &chosen] { chosen = [o] { return run_generate(*o); }; });
}

}  // namespace journeyer::cli
