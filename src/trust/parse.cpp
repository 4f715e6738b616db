#include "trust/parse.h"

#include <array>
#include <cstring>

#include "util/text.h"

namespace journeyer::trust {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Characters of a bare DOT identifier as the dumps use them.
constexpr auto kNameChars = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c)
    t[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.' || c >= 0x80;
  return t;
}();

bool is_name_char(char c) { return kNameChars[static_cast<unsigned char>(c)]; }


// `digraph NAME {`: a certificate line may start with an account called
// "digraph...", but never ends with a brace.
bool is_header(std::string_view line) {
  return line.substr(0, 7) == "digraph" && !line.empty() && line.back() == '{';
}

// The line of `text` that starts at `pos` (without its newline).
std::string_view line_at(std::string_view text, std::size_t pos) {
  const char* start = text.data() + pos;
  const void* nl = std::memchr(start, '\n', text.size() - pos);
  return {start, nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - start) : text.size() - pos};
}

// The bare names of `a -> b...` at the front of a DOT line: the offset just
// past b, or npos when the line does not start that way.
std::size_t arrow_names(std::string_view line, std::string_view& issuer, std::string_view& subject) {
  std::size_t i = 0;
  while (i < line.size() && is_name_char(line[i])) ++i;
  if (i == 0 || line.substr(i, 4) != " -> ") return std::string_view::npos;
  issuer = line.substr(0, i);
  const std::size_t b = i + 4;
  i = b;
  while (i < line.size() && is_name_char(line[i])) ++i;
  if (i == b) return std::string_view::npos;
  subject = line.substr(b, i - b);
  return i;
}

// The issuer and subject of a certificate line in its common shape (DOT:
// `a -> b ...`; tab-separated: `a<TAB>b<TAB>...`), for the reader's hints;
// false for any other line.
bool split_names(std::string_view line, bool dot, std::string_view& issuer, std::string_view& subject) {
  if (dot) {
    const std::size_t lead = line.find_first_not_of(" \t");
    return lead != std::string_view::npos &&
           arrow_names(line.substr(lead), issuer, subject) != std::string_view::npos;
  }
  const std::size_t t1 = line.find('\t');
  if (t1 == std::string_view::npos) return false;
  const std::size_t t2 = line.find('\t', t1 + 1);
  if (t2 == std::string_view::npos) return false;
  issuer = line.substr(0, t1);
  subject = line.substr(t1 + 1, t2 - t1 - 1);
  return true;
}

class LineParser {
 public:
  LineParser(const std::vector<std::string>& levels, std::string_view source)
      : levels_(levels), source_(source) {}

  Error error(std::size_t line, const std::string& what) const {
    return Error::invalid_input(std::string(source_) + ":" + std::to_string(line) + ": " + what);
  }

  // Level name -> index; exact match first, then ignoring ASCII case.
  int level_index(std::string_view name) const {
    for (std::size_t i = levels_.size(); i-- > 0;)
      if (levels_[i] == name) return static_cast<int>(i);
    for (std::size_t i = 0; i < levels_.size(); ++i)
      if (ascii_iequals(levels_[i], name)) return static_cast<int>(i);
    return -1;
  }

  std::string level_list() const {
    std::string s;
    for (const auto& l : levels_) s += (s.empty() ? "" : ", ") + l;
    return s;
  }

  // Reads a DOT identifier (bare or double-quoted) from the front of `s`.
  bool take_id(std::string_view& s, std::string_view& id) const {
    if (s.empty()) return false;
    if (s.front() == '"') {
      std::size_t end = s.find('"', 1);
      if (end == std::string_view::npos) return false;
      id = s.substr(1, end - 1);
      s.remove_prefix(end + 1);
      for (char c : id)  // escapes never occur in dumps; names hold no spaces or controls
        if (c == '\\' || static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return false;
    } else {
      std::size_t i = 0;
      while (i < s.size() && is_name_char(s[i])) ++i;
      id = s.substr(0, i);
      s.remove_prefix(i);
    }
    return !id.empty() && id.size() <= kMaxNameBytes;
  }

  // The shape of nearly every line of a dump, `a -> b [level="L"];`, read
  // without the general path's trimming; false means "use the general path".
  bool fast_dot_certificate(std::string_view line, std::size_t no, CertGraph& g, Status& st) const {
    std::string_view issuer, subject;
    const std::size_t after = arrow_names(line, issuer, subject);
    if (after == std::string_view::npos || issuer.size() > kMaxNameBytes || subject.size() > kMaxNameBytes)
      return false;
    const char* p = line.data() + after;
    const char* end = line.data() + line.size();
    constexpr std::string_view kOpen = " [level=\"";
    if (static_cast<std::size_t>(end - p) < kOpen.size() || std::memcmp(p, kOpen.data(), kOpen.size()) != 0)
      return false;
    p += kOpen.size();
    const char* l = p;
    while (p < end && *p != '"') ++p;
    std::string_view level(l, static_cast<std::size_t>(p - l));
    if (std::string_view(p, static_cast<std::size_t>(end - p)) != "\"];") return false;
    st = add(issuer, subject, level, no, g);
    return true;
  }

  Status dot_line(std::string_view line, std::size_t no, CertGraph& g) const {
    if (line.empty()) return Ok{};
    Status fast = Ok{};
    if (fast_dot_certificate(line, no, g, fast)) return fast;
    if (is_header(line) || line == "}" || line == "{") return Ok{};
    if (line.substr(0, 2) == "/*") {
      if (line.size() < 4 || line.substr(line.size() - 2) != "*/")
        return error(no, "unterminated comment");
      std::string_view name = trim(line.substr(2, line.size() - 4));
      std::string_view rest = name;
      std::string_view id;
      if (!take_id(rest, id) || !rest.empty())
        return error(no, "malformed account line: `/* NAME */` holds one account name");
      g.accounts.intern(id);
      return Ok{};
    }
    std::string_view s = line;
    std::string_view issuer, subject;
    if (!take_id(s, issuer)) return error(no, "malformed line: expected `issuer -> subject [level=\"Level\"];`");
    if (issuer.size() > 1 && issuer.back() == '-' && s.substr(0, 1) == ">")
      return error(no, "malformed line: put spaces around `->` (a name may hold `-`, so `" + std::string(issuer) +
                           ">` reads as the name `" + std::string(issuer) + "`)");
    s = trim(s);
    if (s.substr(0, 2) != "->") return error(no, "malformed line: expected `->` after the issuer");
    s = trim(s.substr(2));
    if (!take_id(s, subject)) return error(no, "malformed line: expected a subject after `->`");
    s = trim(s);
    if (s.substr(0, 1) != "[") return error(no, "malformed line: expected `[level=...]`");
    s = trim(s.substr(1));
    if (s.substr(0, 5) != "level") return error(no, "malformed line: expected `level=`");
    s = trim(s.substr(5));
    if (s.substr(0, 1) != "=") return error(no, "malformed line: expected `=` after level");
    s = trim(s.substr(1));
    std::string_view level;
    if (!take_id(s, level)) return error(no, "malformed line: expected a level name");
    s = trim(s);
    if (s.substr(0, 1) != "]") return error(no, "malformed line: expected `]`");
    s = trim(s.substr(1));
    if (s == ";") s = {};
    if (!s.empty()) return error(no, "malformed line: unexpected text after `]`");
    return add(issuer, subject, level, no, g);
  }

  Status tsv_line(std::string_view line, std::size_t no, CertGraph& g) const {
    if (trim(line).empty() || line.front() == '#') return Ok{};
    std::size_t t1 = line.find('\t');
    std::size_t t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
    if (t2 == std::string_view::npos || line.find('\t', t2 + 1) != std::string_view::npos)
      return error(no, "malformed line: expected issuer<TAB>subject<TAB>level");
    std::string_view issuer = trim(line.substr(0, t1));
    std::string_view subject = trim(line.substr(t1 + 1, t2 - t1 - 1));
    std::string_view level = trim(line.substr(t2 + 1));
    for (std::string_view name : {issuer, subject}) {
      if (name.empty() || name.size() > kMaxNameBytes) return error(no, "malformed line: bad account name");
      for (char c : name)
        if (static_cast<unsigned char>(c) <= 0x20 || c == '"' || c == '\\' || c == 0x7f)
          return error(no, "malformed line: account names may not hold spaces, control characters, "
                           "quotes or backslashes");
    }
    return add(issuer, subject, level, no, g);
  }

  Status add(std::string_view issuer, std::string_view subject, std::string_view level,
             std::size_t no, CertGraph& g) const {
    int l = level_index(level);
    if (l < 0)
      return error(no, "unknown level \"" + std::string(level) + "\" (levels are " + level_list() + ")");
    // Dumps list each issuer's certificates together: remember the last one.
    AccountId a;
    if (issuer == last_issuer_name_) {
      a = last_issuer_;
    } else {
      a = g.accounts.intern(issuer);
      last_issuer_ = a;
      last_issuer_name_ = g.accounts.name(a);
    }
    AccountId b = g.accounts.intern(subject);
    g.certificates.push_back({a, b, static_cast<LevelIndex>(l)});
    return Ok{};
  }

 private:
  const std::vector<std::string>& levels_;
  std::string_view source_;
  mutable AccountId last_issuer_ = NameTable::kNone;
  mutable std::string last_issuer_name_;
};

}  // namespace

Result<CertGraph> parse_graph(std::string_view text, const std::vector<std::string>& levels,
                              std::string_view source) {
  if (levels.size() < 2 || levels.size() > 255)
    return Error::invalid_input("there must be between 2 and 255 levels");
  LineParser parser(levels, source);
  enum class Format { Unknown, Dot, Tsv } format = Format::Unknown;

  if (std::size_t nul = text.find('\0'); nul != std::string_view::npos) {
    std::size_t line = 1;
    for (std::size_t i = 0; i < nul; ++i) line += text[i] == '\n';
    return parser.error(line, "NUL byte in the input");
  }
  CertGraph g;
  // A rough size guess keeps the name table from rehashing on big inputs.
  g.accounts.reserve(text.size() / 400 + 16);
  g.certificates.reserve(text.size() / 40 + 16);
  // In a big input nearly every name's lookup waits for memory: a second
  // cursor kLead lines ahead asks for the slots of each coming line's names,
  // and kLead / 2 lines ahead for the names in those slots. Only hints: the
  // lines are read and checked below as before.
  constexpr std::size_t kLead = 16;
  constexpr std::size_t kNoHint = ~std::size_t{0};
  std::array<std::array<std::size_t, 2>, kLead> hints;
  for (auto& h : hints) h = {kNoHint, kNoHint};
  std::size_t ahead_pos = 0, ahead_no = 0;
  std::string_view ahead_issuer;
  auto look_ahead = [&](std::size_t upto) {
    while (ahead_no < upto && ahead_pos < text.size()) {
      const std::string_view line = line_at(text, ahead_pos);
      ahead_pos += line.size() + 1;
      ++ahead_no;
      auto& h = hints[ahead_no % kLead];
      h = {kNoHint, kNoHint};
      std::string_view issuer, subject;
      if (!split_names(line, format == Format::Dot, issuer, subject)) continue;
      if (issuer != ahead_issuer) h[0] = g.accounts.prefetch_slot(issuer);
      ahead_issuer = issuer;
      h[1] = g.accounts.prefetch_slot(subject);
    }
  };
  std::size_t pos = 0, no = 0;
  while (pos < text.size()) {
    ++no;
    if (format != Format::Unknown) {
      if (ahead_no < no) {  // the format was just found: start from here
        ahead_no = no - 1;
        ahead_pos = pos;
      }
      look_ahead(no + kLead - 1);
      for (std::size_t hash : hints[(no + kLead / 2) % kLead])
        if (hash != kNoHint) g.accounts.prefetch_name(hash);
    }
    const std::string_view raw = line_at(text, pos);
    pos += raw.size() + 1;
    if (format == Format::Unknown) {
      std::string_view t = trim(raw);
      if (t.empty()) continue;
      if (is_header(t) || t.substr(0, 2) == "/*" || t.find("->") != std::string_view::npos)
        format = Format::Dot;
      else if (raw.find('\t') != std::string_view::npos || t.front() == '#')
        format = Format::Tsv;
      else
        return parser.error(no, "neither a DOT certificate dump nor a tab-separated edge list");
    }
    Status st = format == Format::Dot ? parser.dot_line(trim(raw), no, g) : parser.tsv_line(raw, no, g);
    if (!st) return st.error();
  }
  return g;
}

namespace {
// A DOT identifier: bare when it is plain, else double-quoted (names never
// hold quotes or backslashes, see tsv_line).
std::string dot_id(const std::string& name) {
  for (char c : name)
    if (!is_name_char(c)) return "\"" + name + "\"";
  return name;
}
}  // namespace

std::string write_dot(const CertGraph& graph, const std::vector<std::string>& levels) {
  const std::size_t n = graph.accounts.size();
  std::vector<std::uint32_t> begin(n + 1, 0), order(graph.certificates.size());
  for (const auto& c : graph.certificates) ++begin[c.issuer + 1];
  for (std::size_t i = 0; i < n; ++i) begin[i + 1] += begin[i];
  std::vector<std::uint32_t> fill(begin.begin(), begin.end() - 1);
  for (std::uint32_t i = 0; i < graph.certificates.size(); ++i)
    order[fill[graph.certificates[i].issuer]++] = i;

  std::string out = "digraph G {\n";
  out.reserve(graph.certificates.size() * 40 + n * 20);
  for (AccountId a = 0; a < n; ++a) {
    const std::string name = dot_id(graph.accounts.name(a));
    out += "   /* " + name + " */\n";
    for (std::uint32_t k = begin[a]; k < begin[a + 1]; ++k) {
      const Certificate& c = graph.certificates[order[k]];
      out += "   ";
      out += name;
      out += " -> ";
      out += dot_id(graph.accounts.name(c.subject));
      out += " [level=\"";
      out += levels[c.level];
      out += "\"];\n";
    }
  }
  out += "}\n";
  return out;
}

}  // namespace journeyer::trust
