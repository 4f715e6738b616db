#include "storage/dump.h"

#include <nlohmann/json.hpp>
#include <string>

namespace journeyer::storage {

Result<DumpSummary> write_dump(Store& store, std::ostream& out, Secrets secrets) {
  auto status = store.schema_status();
  if (!status) return status.error();
  nlohmann::ordered_json header;
  header["journeyer_dump"] = kDumpFormat;
  header["schema_version"] = status->version;
  out << header.dump() << '\n';
  DumpSummary sum;
  Status st = store.export_rows(secrets, [&](const DumpRecord& rec) -> Status {
    nlohmann::ordered_json row = nlohmann::ordered_json::object();
    for (const auto& [name, value] : rec.columns) {
      if (std::holds_alternative<std::int64_t>(value))
        row[name] = std::get<std::int64_t>(value);
      else if (std::holds_alternative<std::string>(value))
        row[name] = std::get<std::string>(value);
      else
        row[name] = nullptr;
    }
    nlohmann::ordered_json line;
    line["table"] = rec.table;
    line["row"] = std::move(row);
    // Invalid UTF-8 in stored text is replaced rather than failing the dump.
    out << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    if (!out) return Error::io("cannot write the dump (disk full?)");
    ++sum.rows;
    return Ok{};
  });
  if (!st) return st.error();
  nlohmann::ordered_json end;
  end["journeyer_dump_end"] = {{"rows", sum.rows}};
  out << end.dump() << '\n';
  out.flush();
  if (!out) return Error::io("cannot write the dump");
  return sum;
}

Result<DumpSummary> read_dump(Store& store, std::istream& in) {
  std::string line;
  if (!std::getline(in, line)) return Error::invalid_input("the dump is empty");
  auto header = nlohmann::json::parse(line, nullptr, false);
  if (header.is_discarded() || !header.is_object() || !header.contains("journeyer_dump"))
    return Error::invalid_input("line 1: not a journeyer dump (no {\"journeyer_dump\":N} header)");
  const auto& format = header["journeyer_dump"];
  if (format != 1 && format != kDumpFormat)
    return Error::invalid_input("line 1: unknown dump format " + format.dump());
  // Format 2 ends with a line counting the rows; format 1 has none.
  const bool ended = format == kDumpFormat;
  auto status = store.schema_status();
  if (!status) return status.error();
  std::int64_t version = 0;
  if (header.contains("schema_version")) {
    const auto& v = header["schema_version"];
    if (!v.is_number_integer() || (v.is_number_unsigned() && v.get<std::uint64_t>() > 1'000'000))
      return Error::invalid_input("line 1: schema_version is not a schema version number: " + v.dump());
    version = v.get<std::int64_t>();
  }
  if (version > status->binary_version)
    return Error::invalid_input("the dump comes from a newer schema (version " + std::to_string(version) +
                                "): upgrade journeyer");
  auto count = store.count_accounts();
  if (!count) return count.error();
  AccountQuery any;
  any.limit = 1;
  any.include_disabled = true;
  auto listed = store.list_accounts(any);
  if (!listed) return listed.error();
  if (*count > 0 || !listed->empty())
    return Error::conflict("import dump needs an empty database; this one has accounts already");
  DumpSummary sum;
  std::size_t line_no = 1;
  bool end_seen = false;
  Status st = store.transaction([&](Store& tx) -> Status {
    while (std::getline(in, line)) {
      ++line_no;
      if (line.empty()) continue;
      if (end_seen)
        return Error::invalid_input("line " + std::to_string(line_no) + ": more follows the dump's end line");
      if (line.size() > kMaxDumpLineBytes)
        return Error::too_large("line " + std::to_string(line_no) + ": longer than 16 MB");
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (ended && j.is_object() && j.contains("journeyer_dump_end")) {
        const auto& e = j["journeyer_dump_end"];
        if (!e.is_object() || !e.contains("rows") || !e["rows"].is_number_unsigned() ||
            e["rows"].get<std::uint64_t>() != sum.rows)
          return Error::invalid_input("line " + std::to_string(line_no) + ": the end line counts " +
                                      (e.is_object() && e.contains("rows") ? e["rows"].dump() : std::string("no")) +
                                      " rows, and " + std::to_string(sum.rows) +
                                      " came before it: the dump is damaged; nothing was imported");
        end_seen = true;
        continue;
      }
      if (j.is_discarded() || !j.is_object() || !j.contains("table") || !j["table"].is_string() ||
          !j.contains("row") || !j["row"].is_object())
        return Error::invalid_input("line " + std::to_string(line_no) +
                                    ": not a {\"table\":..., \"row\":{...}} object");
      DumpRecord rec;
      rec.table = j["table"].get<std::string>();
      for (const auto& [name, value] : j["row"].items()) {
        DumpValue v;
        if (value.is_null())
          v = std::monostate{};
        else if (value.is_number_integer())
          v = value.get<std::int64_t>();
        else if (value.is_string())
          v = value.get<std::string>();
        else
          return Error::invalid_input("line " + std::to_string(line_no) + ": column " + name +
                                      " is neither text, integer nor null");
        rec.columns.emplace_back(name, std::move(v));
      }
      Status row = tx.import_row(rec);
      if (!row)
        return Error(row.error().kind(), "line " + std::to_string(line_no) + ": " + row.error().message());
      ++sum.rows;
    }
    if (in.bad()) return Error::io("cannot read the dump");
    if (ended && !end_seen)
      return Error::invalid_input("the dump stops after line " + std::to_string(line_no) + " (" +
                                  std::to_string(sum.rows) +
                                  " rows) without its end line: it was cut short; nothing was imported");
    return tx.finish_import();
  });
  if (!st) return st.error();
  return sum;
}

}  // namespace journeyer::storage
