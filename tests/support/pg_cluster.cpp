#include "support/pg_cluster.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace journeyer::testing {

namespace {

std::string script() { return JOURNEYER_PG_CLUSTER_SCRIPT; }

// Runs a command; its standard output, or an error with its exit status.
Result<std::string> run(const std::string& command) {
  FILE* p = popen(command.c_str(), "r");
  if (!p) return Error::io("cannot run " + command);
  std::string out;
  char buf[512];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int rc = pclose(p);
  if (rc != 0) return Error::unavailable(command + " failed (status " + std::to_string(rc) + ")");
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

std::string read_url(const std::string& state_file) {
  std::ifstream in(state_file);
  std::string dir, url;
  std::getline(in, dir);
  std::getline(in, url);
  return url;
}

}  // namespace

Result<std::unique_ptr<PgCluster>> PgCluster::start() {
  std::unique_ptr<PgCluster> c(new PgCluster());
  char tmpl[] = "/tmp/journeyer-pgstate.XXXXXX";
  int fd = mkstemp(tmpl);
  if (fd < 0) return Error::io("cannot create a state file in /tmp");
  close(fd);
  c->state_file_ = tmpl;
  c->owned_ = true;
  auto r = run(script() + " start " + c->state_file_);
  if (!r) return r.error();
  c->url_ = read_url(c->state_file_);
  if (c->url_.empty()) return Error::unavailable("pg-cluster wrote no URL");
  return c;
}

PgCluster::~PgCluster() {
  if (owned_ && !state_file_.empty()) (void)run(script() + " stop " + state_file_);
}

PgCluster& PgCluster::shared() {
  static std::unique_ptr<PgCluster> cluster = [] {
    const char* state = std::getenv("JOURNEYER_PG_STATE");
    if (state && *state) {
      std::unique_ptr<PgCluster> c(new PgCluster());
      c->state_file_ = state;
      c->url_ = read_url(state);
      if (c->url_.empty()) c->error_ = std::string("no cluster described in ") + state;
      return c;
    }
    auto started = start();
    if (started) return std::move(*started);
    std::unique_ptr<PgCluster> c(new PgCluster());
    c->error_ = started.error().message();
    return c;
  }();
  return *cluster;
}

Status PgCluster::status() const {
  if (!error_.empty()) return Error::unavailable("no PostgreSQL cluster for the tests: " + error_);
  return Ok{};
}

Result<std::string> PgCluster::fresh_database() {
  Status st = status();
  if (!st) return st.error();
  std::string name;
  {
    std::lock_guard lock(m_);
    name = "t" + std::to_string(getpid()) + "_" + std::to_string(++counter_);
  }
  return run(script() + " createdb " + state_file_ + " " + name);
}

}  // namespace journeyer::testing
