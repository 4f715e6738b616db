#include "html/sanitize.h"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <bitset>
#include <cctype>
#include <string>
#include <vector>

#include "html/escape.h"
#include "html/links.h"
#include "html/parse.h"
#include "util/text.h"

namespace journeyer::html {

// The one maker of SafeHtml from a string (a friend of SafeHtml).
class SafeHtmlMaker {
 public:
  static SafeHtml make(std::string html) { return SafeHtml(std::move(html)); }
};

namespace {

// Elements whose content is not text for a reader: dropped with everything
// inside, in any namespace (an <svg><script> is still a script).
constexpr std::array<GumboTag, 11> kDropWithContent{
    GUMBO_TAG_SCRIPT,   GUMBO_TAG_STYLE,  GUMBO_TAG_TEMPLATE, GUMBO_TAG_NOSCRIPT,
    GUMBO_TAG_TITLE,    GUMBO_TAG_IFRAME, GUMBO_TAG_NOEMBED,  GUMBO_TAG_NOFRAMES,
    GUMBO_TAG_FRAMESET, GUMBO_TAG_FRAME,  GUMBO_TAG_HEAD,
};

enum class Special { None, Person, Project };

struct TagTable {
  std::array<std::int8_t, GUMBO_TAG_LAST + 1> element;  // -1: not in the vocabulary
  std::bitset<GUMBO_TAG_LAST + 1> drop_with_content;
  TagTable() {
    element.fill(-1);
    for (std::size_t i = 0; i < kElementCount; ++i) {
      std::string name(element_name(static_cast<Element>(i)));
      GumboTag tag = gumbo_tag_enum(name.c_str());
      if (tag != GUMBO_TAG_UNKNOWN) element[tag] = static_cast<std::int8_t>(i);
    }
    for (GumboTag t : kDropWithContent) drop_with_content.set(t);
  }
};

const TagTable& tag_table() {
  static const TagTable table;
  return table;
}

// The lower-cased name of an element gumbo does not know, from its source
// text; empty for elements the parser made up.
std::string unknown_tag_name(const GumboElement& el) {
  GumboStringPiece piece = el.original_tag;
  if (piece.data == nullptr || piece.length == 0) return {};
  gumbo_tag_from_original_text(&piece);
  std::string name(piece.data, piece.length);
  for (char& c : name) c = ascii_lower(c);
  return name;
}

bool is_text(const GumboNode* n) {
  return n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_CDATA;
}

// Longest text a special tag's name is gathered from, and most nodes looked
// at: a name is short, and a bound keeps nested special tags linear.
constexpr std::size_t kMaxSpecialNameBytes = 64;
constexpr std::size_t kMaxSpecialNameNodes = 32;

// The text inside a special tag, or nothing if it is too long to be a name.
bool gather_name(const GumboElement& el, std::string* name) {
  struct Pos {
    const GumboVector* v;
    unsigned i;
  };
  std::vector<Pos> stack{{&el.children, 0}};
  std::size_t nodes = 0;
  while (!stack.empty()) {
    Pos& p = stack.back();
    if (p.i == p.v->length) {
      stack.pop_back();
      continue;
    }
    auto* n = static_cast<const GumboNode*>(p.v->data[p.i++]);
    if (++nodes > kMaxSpecialNameNodes) return false;
    if (is_text(n)) {
      *name += n->v.text.text;
      if (name->size() > kMaxSpecialNameBytes) return false;
    } else if (n->type == GUMBO_NODE_ELEMENT) {
      stack.push_back({&n->v.element.children, 0});
    }
  }
  return true;
}

std::string_view trim_ascii_space(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

// Value rules for attributes that are not URLs.
constexpr std::size_t kMaxLangBytes = 35;  // BCP 47 tags in practice
constexpr std::size_t kMaxDatetimeBytes = 64;
constexpr std::size_t kMaxStartDigits = 9;

bool all_of_chars(std::string_view s, bool (*ok)(char)) {
  for (char c : s)
    if (!ok(c)) return false;
  return true;
}

std::optional<std::string> checked_plain_value(Attribute a, std::string_view v) {
  auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  switch (a) {
    case Attribute::Alt:
    case Attribute::Title:
      return std::string(v);
    case Attribute::Lang:
      if (v.empty() || v.size() > kMaxLangBytes || !all_of_chars(v, [](char c) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
          }))
        return std::nullopt;
      return std::string(v);
    case Attribute::Dir: {
      for (std::string_view dir : {"ltr", "rtl", "auto"})
        if (ascii_iequals(v, dir)) return std::string(dir);
      return std::nullopt;
    }
    case Attribute::Start: {
      std::string_view digits = v.substr(!v.empty() && v[0] == '-' ? 1 : 0);
      if (digits.empty() || digits.size() > kMaxStartDigits ||
          !all_of_chars(digits, [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
      return std::string(v);
    }
    case Attribute::Datetime:
      if (v.empty() || v.size() > kMaxDatetimeBytes) return std::nullopt;
      for (char c : v)
        if (!alnum(c) && c != '-' && c != ':' && c != '+' && c != '.' && c != ' ') return std::nullopt;
      return std::string(v);
    default:
      return std::nullopt;
  }
}

// Walks gumbo's tree without recursion (it can be deep) and writes what the
// policy keeps. The kept tree obeys the HTML parser's own nesting rules
// (HTML 13.2.6.4.7, "in body"), so that a browser parsing the output builds
// exactly this tree and re-sanitizing it changes nothing:
//  - nothing that starts a block inside <p> or <h1>..<h6> (it would close them);
//  - no <a> inside <a> (the adoption agency would split them);
//  - no <li> whose nearest list-ish ancestor is an <li>, likewise <dd>/<dt>;
//  - no more than max_depth open elements;
//  - a newline right after <pre> doubled (the parser drops the first one).
// An allowed element that would break one of these is unwrapped: its tags
// go, its content stays.
class Writer {
 public:
  Writer(const Policy& policy, Links links, SanitizeReport& report)
      : policy_(policy), links_(links), report_(report) {}

  std::string run(const GumboNode* root, std::size_t input_size) {
    out_.reserve(input_size);
    if (root->type == GUMBO_NODE_ELEMENT) push_children(root->v.element.children);
    while (!frames_.empty()) {
      Frame& f = frames_.back();
      if (f.next == f.children->length) {
        unsigned closes = f.closes;
        frames_.pop_back();
        for (; closes > 0; --closes) close();
        continue;
      }
      auto* node = static_cast<const GumboNode*>(f.children->data[f.next++]);
      visit(node);  // may push a frame: `f` is not used after this
    }
    return std::move(out_);
  }

 private:
  struct Frame {
    const GumboVector* children;
    unsigned next;
    unsigned closes;  // how many kept elements end after these children
  };

  void push_children(const GumboVector& children, unsigned closes = 0) {
    frames_.push_back(Frame{&children, 0, closes});
  }

  void visit(const GumboNode* node) {
    switch (node->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
      case GUMBO_NODE_CDATA:
        text(node->v.text.text);
        return;
      case GUMBO_NODE_ELEMENT:
        element(node->v.element);
        return;
      default:  // comments, <template> contents, documents
        ++report_.dropped_elements;
        return;
    }
  }

  void element(const GumboElement& el) {
    const TagTable& table = tag_table();
    if (table.drop_with_content[el.tag]) {
      ++report_.dropped_elements;
      return;
    }
    if (el.tag_namespace != GUMBO_NAMESPACE_HTML) {  // SVG and MathML: only their text stays
      ++report_.dropped_elements;
      push_children(el.children);
      return;
    }
    std::optional<Element> e;
    if (el.tag == GUMBO_TAG_UNKNOWN) {
      std::string name = unknown_tag_name(el);
      Special special = name == "person"                      ? Special::Person
                        : name == "project" || name == "proj" ? Special::Project
                                                              : Special::None;
      if (special != Special::None && policy_.special_tags() && special_link(el, special)) return;
      e = element_from_name(name);
    } else if (table.element[el.tag] >= 0) {
      e = static_cast<Element>(table.element[el.tag]);
    }
    if (!e || !policy_.allows(*e)) {
      if (e && is_heading(*e) && heading_as_paragraph(el)) return;
      if (e == Element::Hr && break_as_paragraph()) return;
      if (e == Element::Img) return image_as_link(el);
      ++report_.dropped_elements;
      push_children(el.children);
      return;
    }
    if (!fits(*e)) {
      ++report_.flattened;
      push_children(el.children);
      return;
    }
    if (start_tag(*e, el) && !is_void(*e)) push_children(el.children, 1);
  }

  static bool is_heading(Element e) { return e >= Element::H1 && e <= Element::H6; }

  // A heading the policy leaves out, as a paragraph of strong text, so that
  // its words keep their own line and their weight.
  bool heading_as_paragraph(const GumboElement& el) {
    if (!policy_.allows(Element::P) || !fits(Element::P)) return false;
    start_tag(Element::P, el);
    unsigned closes = 1;
    if (policy_.allows(Element::Strong) && fits(Element::Strong)) {
      out_ += "<strong>";
      enter(Element::Strong);
      ++closes;
    }
    ++report_.headings_as_paragraphs;
    push_children(el.children, closes);
    return true;
  }

  // A section break (<hr>, Markdown's ---) the policy leaves out, as a
  // paragraph of spaced asterisks, the printed page's own break, so that
  // the author's two parts still read as two.
  bool break_as_paragraph() {
    if (!policy_.allows(Element::P) || !fits(Element::P)) return false;
    out_ += "<p>";
    enter(Element::P);
    text("* * *");
    close();
    ++report_.breaks_as_paragraphs;
    return true;
  }

  // An image the policy leaves out, as a link to it named by its alt text
  // ("[image: ALT]"): a reader's browser fetches it only if the reader
  // follows the link (docs/safe-html.md, "Images"). An image with neither a
  // usable address nor alt text shows nothing and goes.
  void image_as_link(const GumboElement& el) {
    const GumboAttribute* src = gumbo_get_attribute(&el.attributes, "src");
    const GumboAttribute* alt = gumbo_get_attribute(&el.attributes, "alt");
    std::optional<std::string> href;
    if (src) href = checked_url(src->value, policy_, UrlUse::Link);
    std::string_view alt_text = alt ? trim_ascii_space(alt->value) : std::string_view();
    if (!href && alt_text.empty()) {
      ++report_.dropped_elements;
      return;
    }
    std::string label = alt_text.empty() ? "[image]" : "[image: " + std::string(alt_text) + "]";
    if (href && policy_.allows(Element::A) && fits(Element::A)) {
      ++report_.images_as_links;
      link(*href, label);
    } else {
      ++report_.images_as_text;
      text(label);
    }
  }

  // Whether `e` can open here and stay where it is when a browser parses
  // the output (see the class comment).
  bool fits(Element e) const {
    if (open_.size() >= policy_.max_depth()) return false;
    if (phrasing_only_ > 0 && is_block(e)) return false;
    if (e == Element::A && open_links_ > 0) return false;
    if (e == Element::Li || e == Element::Dd || e == Element::Dt) {
      // HTML 13.2.6.4.7: an <li> start tag closes an open <li> unless a
      // special element other than address, div or p comes between.
      for (auto it = open_.rbegin(); it != open_.rend(); ++it) {
        Element a = *it;
        if (e == Element::Li && a == Element::Li) return false;
        if (e != Element::Li && (a == Element::Dd || a == Element::Dt)) return false;
        if (a != Element::Div && a != Element::P && is_block(a)) break;
      }
    }
    return true;
  }

  // Writes and enters `e` with the attributes of `el` the policy keeps;
  // false when there is nothing to show (an img without a usable src).
  bool start_tag(Element e, const GumboElement& el) {
    std::string attrs;
    bool external_link = false, has_src = false;
    for (unsigned i = 0; i < el.attributes.length; ++i) {
      auto* attr = static_cast<const GumboAttribute*>(el.attributes.data[i]);
      std::optional<Attribute> a;
      if (attr->attr_namespace == GUMBO_ATTR_NAMESPACE_NONE) a = attribute_from_name(attr->name);
      if (!a || !policy_.allows(e, *a)) {
        ++report_.dropped_attributes;
        continue;
      }
      std::optional<std::string> value;
      if (*a == Attribute::Href || *a == Attribute::Cite)
        value = checked_url(attr->value, policy_, UrlUse::Link);
      else if (*a == Attribute::Src)
        value = checked_url(attr->value, policy_, UrlUse::Image);
      else
        value = checked_plain_value(*a, attr->value);
      if (!value) {
        ++report_.dropped_attributes;
        continue;
      }
      if (*a == Attribute::Href) external_link = leaves_the_site(*value);
      has_src |= *a == Attribute::Src;
      attrs += ' ';
      attrs += attribute_name(*a);
      attrs += "=\"";
      append_escaped_attribute(attrs, *value);
      attrs += '"';
    }
    if (e == Element::Img && !has_src) {
      ++report_.dropped_elements;
      return false;
    }
    if (e == Element::A && external_link && links_ == Links::NoFollow) attrs += " rel=\"nofollow ugc\"";
    out_ += '<';
    out_ += element_name(e);
    out_ += attrs;
    out_ += '>';
    after_pre_start_ = e == Element::Pre;
    if (!is_void(e)) enter(e);
    return true;
  }

  // A whole link written by the sanitizer itself (a special tag, an image
  // left out): `href` is already checked.
  void link(std::string_view href, std::string_view label) {
    out_ += "<a href=\"";
    append_escaped_attribute(out_, href);
    out_ += '"';
    if (leaves_the_site(href) && links_ == Links::NoFollow) out_ += " rel=\"nofollow ugc\"";
    out_ += '>';
    after_pre_start_ = false;
    append_escaped_text(out_, label);
    out_ += "</a>";
  }

  void enter(Element e) {
    open_.push_back(e);
    if (e == Element::P || (e >= Element::H1 && e <= Element::H6)) ++phrasing_only_;
    if (e == Element::A) ++open_links_;
  }

  void close() {
    Element e = open_.back();
    open_.pop_back();
    if (e == Element::P || (e >= Element::H1 && e <= Element::H6)) --phrasing_only_;
    if (e == Element::A) --open_links_;
    out_ += "</";
    out_ += element_name(e);
    out_ += '>';
    after_pre_start_ = false;
  }

  void text(std::string_view t) {
    if (t.empty()) return;
    if (after_pre_start_ && t.front() == '\n') out_ += '\n';
    after_pre_start_ = false;
    append_escaped_text(out_, t);
  }

  // <person>NAME</person> -> <a href="/person/NAME/">NAME</a>; likewise
  // <project>/<proj>. False when the content is not a valid name: the
  // element is then treated like any unknown one.
  bool special_link(const GumboElement& el, Special special) {
    std::string gathered;
    if (!gather_name(el, &gathered)) return false;
    std::string_view name = trim_ascii_space(gathered);
    bool valid = special == Special::Person ? is_account_name(name) : is_project_name(name);
    if (!valid) return false;
    if (policy_.allows(Element::A) && fits(Element::A))
      link(special == Special::Person ? person_path(name) : project_path(name), name);
    else
      text(name);
    return true;
  }

  const Policy& policy_;
  Links links_;
  SanitizeReport& report_;
  std::vector<Frame> frames_;
  std::vector<Element> open_;      // kept elements now open, outermost first
  std::size_t phrasing_only_ = 0;  // open <p> and <h1>..<h6>
  std::size_t open_links_ = 0;
  bool after_pre_start_ = false;
  std::string out_;
};

}  // namespace

Result<Sanitized> sanitize_with_report(std::string_view untrusted, const Policy& policy, Links links) {
  auto parsed = parse_fragment(untrusted, ParseLimits{policy.max_input_bytes(), policy.max_tags()});
  if (!parsed) return parsed.error();
  Sanitized result;
  Writer writer(policy, links, result.report);
  result.html = SafeHtmlMaker::make(writer.run(parsed->root(), untrusted.size()));
  result.report.parser_bytes = parsed->parser_bytes();
  return result;
}

Result<SafeHtml> sanitize(std::string_view untrusted, const Policy& policy, Links links) {
  auto r = sanitize_with_report(untrusted, policy, links);
  if (!r) return r.error();
  return std::move(r->html);
}

bool shows_nothing(const SafeHtml& html) {
  // The sanitizer's own output: tags with double-quoted attributes, text
  // with & and < escaped.
  const std::string_view s = html.view();
  for (std::size_t i = 0; i < s.size();) {
    const char c = s[i];
    if (c == '<') {
      std::size_t j = i + 1;
      if (j < s.size() && s[j] == '/') ++j;
      std::size_t name_end = j;
      while (name_end < s.size() && std::isalnum(static_cast<unsigned char>(s[name_end]))) ++name_end;
      if (s.substr(j, name_end - j) == "img") return false;
      for (i = name_end; i < s.size() && s[i] != '>'; ++i)
        if (s[i] == '"') i = std::min(s.find('"', i + 1), s.size() - 1);
      ++i;
    } else if (c == '&') {
      const std::size_t end = s.find(';', i);
      if (end == std::string_view::npos) return false;
      const std::string_view entity = s.substr(i, end - i + 1);
      if (entity != "&nbsp;" && entity != "&#160;" && entity != "&#xa0;" && entity != "&#xA0;") return false;
      i = end + 1;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      ++i;
    } else if (c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') {
      i += 2;  // U+00A0, a no-break space
    } else {
      return false;
    }
  }
  return true;
}

std::string stand_ins_note(const SanitizeReport& report) {
  const bool headings = report.headings_as_paragraphs > 0, linked = report.images_as_links > 0,
             described = report.images_as_text > 0;
  std::string note = report.breaks_as_paragraphs > 0 ? "Section breaks show here as * * *." : "";
  if (!headings && !linked && !described) return note;
  if (!note.empty()) note += ' ';
  if (!linked && !described) return note + "Headings show here as bold lines.";
  // Why images are not shown: docs/safe-html.md, "Images".
  const char* why = "pages here load no pictures from other sites, which would tell those sites who reads them.";
  const char* how = linked && described ? "as links to them (or, where no link can be made, as their description)"
                    : linked            ? "as links to them"
                                        : "as their description";
  return note + (headings ? "Headings show here as bold lines, and images " : "Images show here ") + how + ": " +
         why;
}

}  // namespace journeyer::html
