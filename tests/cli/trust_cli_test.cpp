// `journeyer trust`, `trust explain`, `trust attack` and `graph generate`
// as a user runs them: the real binary, real files, exit codes and output.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <zlib.h>

namespace {

const std::string kBin = JOURNEYER_BIN;
const std::string kRealGraph = std::string(JOURNEYER_TEST_DATA) + "/advogato-graph-latest.dot.gz";

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

Outcome run(const std::string& args, const std::string& stdin_text = "") {
  char in_path[] = "/tmp/journeyer-cli-in-XXXXXX";
  char err_path[] = "/tmp/journeyer-cli-err-XXXXXX";
  int in_fd = mkstemp(in_path), err_fd = mkstemp(err_path);
  EXPECT_GE(in_fd, 0);
  EXPECT_GE(err_fd, 0);
  EXPECT_EQ(write(in_fd, stdin_text.data(), stdin_text.size()), static_cast<ssize_t>(stdin_text.size()));
  close(in_fd);
  close(err_fd);
  std::string cmd = kBin + " " + args + " < " + in_path + " 2> " + err_path;
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int status = pclose(p);
  std::ifstream ef(err_path);
  std::stringstream err;
  err << ef.rdbuf();
  unlink(in_path);
  unlink(err_path);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out, err.str()};
}

// The standing certificates of the real graph counted independently of the
// engine: the latest line per (issuer, subject), less self-certificates and
// Observer-level ones.
std::size_t count_standing_certificates() {
  gzFile f = gzopen(kRealGraph.c_str(), "rb");
  std::string text;
  char buf[1 << 16];
  int n;
  while ((n = gzread(f, buf, sizeof buf)) > 0) text.append(buf, static_cast<std::size_t>(n));
  gzclose(f);
  std::map<std::pair<std::string, std::string>, std::string> latest;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string a, arrow, b, level;
    if (!(words >> a >> arrow >> b >> level) || arrow != "->") continue;
    latest[{a, b}] = level;
  }
  std::size_t standing = 0;
  for (const auto& [pair, level] : latest)
    standing += pair.first != pair.second && level.find("Observer") == std::string::npos;
  return standing;
}

TEST(TrustCli, JsonOnTheRealGraphGivesTheReferenceFigures) {
  Outcome r = run("trust --graph " + kRealGraph + " --json");
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["accounts"], 14008);
  EXPECT_EQ(j["certificates"], count_standing_certificates());
  EXPECT_EQ(j["accepted"], nlohmann::json::parse(R"({"Apprentice":601,"Journeyer":601,"Master":601})"));
  EXPECT_EQ(j.size(), 3u);  // exactly one object with three keys
  EXPECT_EQ(r.err, "");
}

TEST(TrustCli, OtherCapacitiesAndNames) {
  Outcome r = run("trust --graph " + kRealGraph + " --json --names --caps 800,200,50,12,4,2,1");
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["accepted"]["Master"], 397);
  ASSERT_EQ(j["levels"].size(), 14008u);
  EXPECT_EQ(j["levels"]["raph"], "Master");
  std::size_t masters = 0;
  for (const auto& [name, level] : j["levels"].items()) masters += level == "Master";
  EXPECT_EQ(masters, 397u);
}

TEST(TrustCli, ReadsAnEdgeListFromStandardInput) {
  Outcome r = run("trust --graph - --seeds s --caps 10,3,2 --json", "s\ta\tMaster\na\tb\tJourneyer\n");
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["accounts"], 3);
  EXPECT_EQ(j["accepted"]["Master"], 2);
  EXPECT_EQ(j["accepted"]["Journeyer"], 3);
}

// With --names standard output is a list a program can read, one
// NAME<TAB>LEVEL line per account; the summary goes to standard error.
TEST(TrustCli, NamesAloneOnStandardOutput) {
  Outcome r = run("trust --graph - --seeds s --caps 10,3 --names", "s\ta\tMaster\na\tb\tApprentice\n");
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out, "s\tMaster\na\tMaster\nb\tApprentice\n");
  EXPECT_NE(r.err.find("3 accounts, 2 standing certificates"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("computed in"), std::string::npos) << r.err;
}

// A name whose bytes are not UTF-8 is printed with U+FFFD in their place,
// not an internal error.
TEST(TrustCli, NamesThatAreNotUtf8StillPrint) {
  Outcome r = run("trust --graph - --seeds s --caps 10,3 --json --names", "s\t\xff\tMaster\n");
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["levels"]["\xEF\xBF\xBD"], "Master") << r.out;
}

TEST(TrustCli, SaysItsVersion) {
  Outcome r = run("--version");
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.rfind("journeyer 0.", 0), 0u) << r.out;
}

TEST(TrustCli, TheReadableSummaryCountsMembersByLevel) {
  Outcome r = run("trust --graph " + kRealGraph);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("14008 accounts"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Master       601"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("computed in"), std::string::npos);
}

TEST(TrustCli, BadInputGetsAClearMessageAndExitCodeTwo) {
  struct Row {
    std::string args, stdin_text, expected;
  } rows[] = {
      {"trust --graph - --json", "a\tb\tMaster\nx -> y [level=\"Wizard\"];\n", "<stdin>:2: "},
      {"trust --graph - --json", "digraph G {\n  a -> b [level=\"Wizard\"];\n}\n", "<stdin>:2: unknown level \"Wizard\""},
      {"trust --graph - --caps 800,0", "a\tb\tMaster\n", "capacity \"0\" is not a positive integer"},
      {"trust --graph - --caps 800,x", "a\tb\tMaster\n", "capacity \"x\""},
      {"trust --graph - --seeds ''", "a\tb\tMaster\n", "seed list \"\" has an empty item"},
      {"trust --graph /no/such/file.dot", "", "/no/such/file.dot: No such file"},
      {"trust", "", "give exactly one of --graph FILE and --db URL"},
      {"trust explain nobody --graph -", "a\tb\tMaster\n", "no account named \"nobody\""},
      {"graph generate --accounts 1 --certs 5", "", "--accounts must be between 2"},
      // Options before `explain` or `attack` would be ignored: refused.
      {"trust --seeds s explain a --graph -", "s\ta\tMaster\n", "--seeds: give it after `explain`"},
      {"trust --graph - attack --sybils 5", "s\ta\tMaster\n", "--graph: give it after `attack`"},
      // Counts are whole numbers from 0, not wrapped round.
      {"trust attack --graph - --sybils -5", "s\ta\tMaster\n", "--sybils: must be a whole number from 0 up, not -5"},
      {"trust attack --graph - --sybils 5 --confused -1", "s\ta\tMaster\n",
       "--confused: must be a whole number from 0 up, not -1"},
      {"trust attack --graph - --sybils 5 --random-seed -1", "s\ta\tMaster\n",
       "--random-seed: must be a whole number from 0 up, not -1"},
      {"trust attack --graph - --sybils 5 --confused 1 --confused-names a", "s\ta\tMaster\n", "excludes"},
      {"trust attack --graph - --seeds s --caps 10,3 --sybils 5 --confused-names a,a", "s\ta\tMaster\n",
       "the confused account \"a\" is named twice"},
      {"trust attack --graph - --seeds s --caps 10,3 --sybils 5 --confused-names ''", "s\ta\tMaster\n",
       "has an empty item"},
      // A nest whose certificates would not fit in memory is refused before
      // it is built.
      {"trust attack --graph - --seeds s --caps 10,3 --sybils 10000000 --confused-names a", "s\ta\tMaster\n",
       "takes 649999936 certificates, and at most 16000000 can be simulated"},
      {"trust --graph /tmp", "", "/tmp: is a directory, not a file"},
      {"bogus", "", "there is no command \"bogus\"; the commands are trust, graph, "},
      {"trust --db sqlite:/no/such/site.db", "", "there is no database at /no/such/site.db"},
      {"export --db sqlite:/no/such/site.db", "", "there is no database at /no/such/site.db"},
  };
  for (const auto& row : rows) {
    Outcome r = run(row.args, row.stdin_text);
    EXPECT_EQ(r.code, 2) << row.args << "\n" << r.err;
    EXPECT_NE(r.err.find(row.expected), std::string::npos) << row.args << "\n" << r.err;
    EXPECT_EQ(r.out, "") << row.args;
  }
}

TEST(TrustCli, SeedsNotInTheGraphAreAWarningNotAnError) {
  Outcome r = run("trust --graph - --seeds s,ghost --caps 10,3 --json", "s\ta\tMaster\n");
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.err.find("warning: seed \"ghost\" is not in the graph"), std::string::npos) << r.err;
}

TEST(TrustCli, ExplainAndAttackWarnOfSeedsNotInTheGraphToo) {
  for (const std::string cmd : {"trust explain a", "trust attack --sybils 3 --confused-names a"}) {
    Outcome r = run(cmd + " --graph - --seeds s,ghost --caps 10,3", "s\ta\tMaster\n");
    EXPECT_EQ(r.code, 0) << cmd << "\n" << r.err;
    EXPECT_NE(r.err.find("warning: seed \"ghost\" is not in the graph"), std::string::npos) << cmd << "\n" << r.err;
    EXPECT_EQ(r.err.find("warning: seed \"s\""), std::string::npos) << cmd << "\n" << r.err;
  }
}

// A mistyped database path, or a file that is not a site's database, is an
// error for the commands that only read one, and no file is made or changed.
TEST(TrustCli, ReadingCommandsMakeNoDatabase) {
  char dir[] = "/tmp/journeyer-cli-nodb-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string typo = std::string(dir) + "/typo.db";
  for (const std::string cmd : {"export", "trust", "trust explain a", "trust attack --sybils 3 --confused 1"}) {
    Outcome r = run(cmd + " --db sqlite:" + typo);
    EXPECT_EQ(r.code, 2) << cmd << "\n" << r.err;
    EXPECT_NE(r.err.find("there is no database at " + typo), std::string::npos) << cmd << "\n" << r.err;
    EXPECT_EQ(r.out, "") << cmd;
    EXPECT_FALSE(std::filesystem::exists(typo)) << cmd;
  }
  const std::string empty = std::string(dir) + "/empty.txt";
  std::ofstream(empty).close();
  Outcome r = run("trust --db sqlite:" + empty);
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("holds no Journeyer database"), std::string::npos) << r.err;
  EXPECT_EQ(std::filesystem::file_size(empty), 0u) << "left as it was";
  std::filesystem::remove_all(dir);
}

TEST(TrustCli, ExplainTellsTheChainOrWhatBlocks) {
  Outcome r = run("trust explain dreier --graph " + kRealGraph + " --json");
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["account"], "dreier");
  bool some_accepted = false;
  const std::set<std::string> seeds{"raph", "miguel", "federico", "alan"};
  for (const auto& [level, x] : j["per_level"].items()) {
    if (x["verdict"] != "accepted") continue;
    some_accepted = true;
    ASSERT_FALSE(x["chain"].empty());
    EXPECT_TRUE(seeds.count(x["chain"].front().get<std::string>())) << x;
    EXPECT_EQ(x["chain"].back(), "dreier");
    EXPECT_EQ(x["chain"].size(), x["distance"].get<std::size_t>());
  }
  EXPECT_TRUE(some_accepted);
  Outcome text = run("trust explain dreier --graph " + kRealGraph);
  EXPECT_NE(text.out.find("dreier is certified at " + j["level"].get<std::string>() + " level."), std::string::npos)
      << text.out;
}

TEST(TrustCli, AttackStaysWithinLevienBound) {
  Outcome r = run("trust attack --graph " + kRealGraph + " --sybils 2000 --confused 10 --random-seed 3 --json");
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["confused"].size(), 10u);
  for (const auto& [level, x] : j["per_level"].items()) {
    EXPECT_LE(x["fakes_accepted"].get<long>(), x["bound"].get<long>()) << level;
    EXPECT_GT(x["bound"].get<long>(), 0) << level;
  }
  // The same seed picks the same confused members.
  Outcome again = run("trust attack --graph " + kRealGraph + " --sybils 2000 --confused 10 --random-seed 3 --json");
  EXPECT_EQ(again.out, r.out);
}

TEST(GraphCli, GenerateWritesAGraphThatTrustReads) {
  Outcome gen = run("graph generate --accounts 500 --certs 4000 --random-seed 7");
  ASSERT_EQ(gen.code, 0) << gen.err;
  EXPECT_EQ(gen.out.rfind("digraph G {", 0), 0u);
  Outcome r = run("trust --graph - --seeds u0,u1,u2,u3 --json", gen.out);
  ASSERT_EQ(r.code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["accounts"], 500);
  EXPECT_GT(j["accepted"]["Apprentice"].get<int>(), 4);
}

}  // namespace

namespace {

TEST(TrustCli, ASiteDatabaseGivesTheSameFiguresAsTheDumpItWasImportedFrom) {
  char dir[] = "/tmp/journeyer-cli-db-XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string url = std::string("sqlite:") + dir + "/site.db";
  Outcome imported = run("import advogato-graph " + kRealGraph + " --db " + url);
  ASSERT_EQ(imported.code, 0) << imported.err;
  Outcome from_db = run("trust --db " + url + " --json");
  Outcome from_file = run("trust --graph " + kRealGraph + " --json");
  ASSERT_EQ(from_db.code, 0) << from_db.err;
  EXPECT_EQ(nlohmann::json::parse(from_db.out), nlohmann::json::parse(from_file.out));
  Outcome explained = run("trust explain raph --db " + url + " --json");
  ASSERT_EQ(explained.code, 0) << explained.err;
  EXPECT_EQ(nlohmann::json::parse(explained.out)["level"], "Master");
  Outcome both = run("trust --db " + url + " --graph " + kRealGraph);
  EXPECT_EQ(both.code, 2);
  std::system(("rm -rf " + std::string(dir)).c_str());
}

}  // namespace
