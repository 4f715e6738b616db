#include "cli/flags.h"

#include <CLI/CLI.hpp>
#include <charconv>
#include <cstdio>
#include <filesystem>

#include "cli/commands.h"
#include "storage/url.h"

namespace journeyer::cli {

Result<std::vector<std::string>> split_list(const std::string& text, const std::string& what) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (true) {
    std::size_t comma = text.find(',', start);
    std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (item.empty()) return Error::invalid_input("the " + what + " list \"" + text + "\" has an empty item");
    items.push_back(item);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return items;
}

Result<std::vector<std::int64_t>> parse_caps(const std::string& text) {
  auto items = split_list(text, "capacity");
  if (!items) return items.error();
  std::vector<std::int64_t> caps;
  for (const auto& item : *items) {
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
    if (ec != std::errc() || end != item.data() + item.size() || v < 1 || v > trust::kMaxCapacity)
      return Error::invalid_input("capacity \"" + item + "\" is not a positive integer up to " +
                                  std::to_string(trust::kMaxCapacity));
    caps.push_back(v);
  }
  return caps;
}

void TrustFlags::add_to(CLI::App& cmd) {
  cmd.add_option("--seeds", seeds, "Seed accounts, comma-separated")->capture_default_str();
  cmd.add_option("--caps", caps, "Capacities by distance from the root, comma-separated")->capture_default_str();
  cmd.add_option("--levels", levels, "Level names, lowest first, comma-separated")->capture_default_str();
}

Result<trust::TrustConfig> TrustFlags::config() const {
  trust::TrustConfig c;
  auto s = split_list(seeds, "seed");
  if (!s) return s.error();
  auto k = parse_caps(caps);
  if (!k) return k.error();
  auto l = split_list(levels, "level");
  if (!l) return l.error();
  c.seeds = std::move(*s);
  c.caps = std::move(*k);
  c.levels = std::move(*l);
  Status ok = trust::validate(c);
  if (!ok) return ok.error();
  return c;
}

Result<std::unique_ptr<storage::Store>> open_existing(const std::string& url) {
  auto parsed = storage::parse_database_url(url);
  if (!parsed) return parsed.error();
  if (parsed->backend == storage::Backend::Sqlite) {
    std::error_code ec;
    if (!std::filesystem::exists(parsed->target, ec))
      return Error::not_found("there is no database at " + parsed->target + " (`journeyer db migrate --db " + url +
                              "` makes a new one)");
  }
  auto store = storage::open_store(url, {.migrate = storage::Migrate::CheckOnly, .access = storage::Access::ReadOnly});
  if (!store) return store.error();
  auto status = (*store)->schema_status();
  if (!status) return status.error();
  if (status->version == 0) return Error::invalid_input(url + " holds no Journeyer database");
  if (status->version < status->binary_version)
    return Error::invalid_input("the database " + url + " is at schema version " + std::to_string(status->version) +
                                " and this journeyer reads version " + std::to_string(status->binary_version) +
                                ": run `journeyer db migrate --db " + url + "` first");
  return store;
}

int report(const Error& error) {
  std::fprintf(stderr, "journeyer: %s\n", error.message().c_str());
  switch (error.kind()) {
    case ErrorKind::InvalidInput:
    case ErrorKind::TooLarge:
    case ErrorKind::NotFound:
      return kExitBadInput;
    default:
      return kExitFailure;
  }
}

}  // namespace journeyer::cli
