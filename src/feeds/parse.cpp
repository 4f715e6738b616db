// Feeds as they are found in the wild. The formats followed:
//   RSS 2.0 (https://www.rssboard.org/rss-specification), which reads 0.91
//   and 0.92 too; RSS 1.0 (https://web.resource.org/rss/1.0/spec) with the
//   content and Dublin Core modules; Atom 1.0 (RFC 4287).
// libxml2 runs without XML_PARSE_NOENT (no entity substitution) and without
// XML_PARSE_DTDLOAD, with XML_PARSE_NONET; a feed that declares any entity
// is refused outright, which stops both external entities and expansion
// bombs before their declarations are used.
#include "feeds/parse.h"

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

#include <cctype>
#include <cstring>
#include <memory>

#include "feeds/namespaces.h"
#include "html/escape.h"
#include "util/text.h"

namespace journeyer::feeds {

namespace {

constexpr int kXmlOptions = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
constexpr int kHtmlOptions = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING;

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocFree>;
struct CtxtFree {
  void operator()(xmlParserCtxt* c) const { xmlFreeParserCtxt(c); }
};
struct XmlFree {
  void operator()(xmlChar* p) const { xmlFree(p); }
};
using XmlString = std::unique_ptr<xmlChar, XmlFree>;

std::string take(xmlChar* p) {
  XmlString owned(p);
  return p ? std::string(reinterpret_cast<const char*>(p)) : std::string();
}

const xmlChar* X(const char* s) { return reinterpret_cast<const xmlChar*>(s); }

// ---- The parse itself, with the entity guard -------------------------------

struct Guard {
  std::string declared;  // the first entity a document declared
};

void refuse_entity(void* ctx, const xmlChar* name, int, const xmlChar*, const xmlChar*, xmlChar*) {
  auto* ctxt = static_cast<xmlParserCtxt*>(ctx);
  auto* guard = static_cast<Guard*>(ctxt->_private);
  if (guard->declared.empty()) guard->declared = name ? reinterpret_cast<const char*>(name) : "?";
  xmlStopParser(ctxt);
}

// libxml2 reports encoding problems through its generic error handler (on
// standard error), whatever the parse options say; errors reach the member
// through the parser context instead. The handler is per thread.
void ignore_message(void*, const char*, ...) {}
void quiet_libxml2() {
  thread_local bool done = false;
  if (done) return;
  xmlSetGenericErrorFunc(nullptr, ignore_message);
  done = true;
}

struct Parsed {
  DocPtr doc;
  int error_code = 0;
  std::string error;
};

Parsed read_xml(std::string_view bytes, const std::string& url, const char* encoding) {
  Parsed out;
  std::unique_ptr<xmlParserCtxt, CtxtFree> ctxt(xmlNewParserCtxt());
  if (!ctxt) {
    out.error = "out of memory";
    return out;
  }
  Guard guard;
  ctxt->_private = &guard;
  ctxt->sax->entityDecl = refuse_entity;
  out.doc.reset(xmlCtxtReadMemory(ctxt.get(), bytes.data(), static_cast<int>(bytes.size()), url.c_str(),
                                  encoding, kXmlOptions));
  if (!guard.declared.empty()) {
    out.doc.reset();
    out.error = "the feed declares the XML entity '" + guard.declared +
                "'; feeds with entity declarations are refused (they can read local files or expand without "
                "bound)";
    return out;
  }
  if (!out.doc || !ctxt->wellFormed) {
    out.doc.reset();
    const xmlError* e = xmlCtxtGetLastError(ctxt.get());
    out.error_code = e ? e->code : 0;
    std::string what = e && e->message ? e->message : "unknown error";
    while (!what.empty() && (what.back() == '\n' || what.back() == ' ')) what.pop_back();
    out.error = "the feed is not well-formed XML";
    if (e && e->line > 0)
      out.error += " (line " + std::to_string(e->line) + ": " + what + ")";
    else
      out.error += " (" + what + ")";
  }
  return out;
}

bool looks_like_html_page(std::string_view bytes) {
  std::string head(bytes.substr(0, 512));
  for (auto& c : head) c = ascii_lower(c);
  return head.find("<!doctype html") != std::string::npos || head.find("<html") != std::string::npos;
}

// ---- Walking the tree -------------------------------------------------------

bool in_ns(const xmlNode* n, const char* ns) {
  if (!ns) return n->ns == nullptr || n->ns->href == nullptr;
  return n->ns && n->ns->href && std::strcmp(reinterpret_cast<const char*>(n->ns->href), ns) == 0;
}

bool is(const xmlNode* n, const char* name, const char* ns) {
  return n && n->type == XML_ELEMENT_NODE && std::strcmp(reinterpret_cast<const char*>(n->name), name) == 0 &&
         in_ns(n, ns);
}

xmlNode* child(const xmlNode* parent, const char* name, const char* ns) {
  for (xmlNode* c = parent->children; c; c = c->next)
    if (is(c, name, ns)) return c;
  return nullptr;
}

std::string attr(const xmlNode* n, const char* name, const char* ns = nullptr) {
  return take(ns ? xmlGetNsProp(n, X(name), X(ns)) : xmlGetNoNsProp(n, X(name)));
}

std::string text_of(const xmlNode* n) { return n ? take(xmlNodeGetContent(n)) : std::string(); }

std::string trim(std::string s) {
  const char* ws = " \t\r\n";
  auto b = s.find_first_not_of(ws);
  if (b == std::string::npos) return {};
  auto e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

// Runs of white space become one space, invalid UTF-8 is mended, and text
// over `max_chars` characters keeps max_chars - 1 of them and an ellipsis.
std::string tidy_line(std::string_view s, std::size_t max_chars) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  out = html::to_valid_utf8(out);
  if (max_chars > 0 && utf8_chars(out) > max_chars) {
    // Keep max_chars - 1 characters and an ellipsis.
    std::size_t cut = 0;
    for (std::size_t kept = 0; cut < out.size(); ++cut)
      if ((static_cast<unsigned char>(out[cut]) & 0xC0) != 0x80 && kept++ == max_chars - 1) break;
    out.resize(cut);
    out += "\xE2\x80\xA6";  // …
  }
  return out;
}

// The text a browser would show for an HTML fragment: titles often carry
// markup or escaped markup ("HTML in titles").
std::string html_to_text(const std::string& fragment) {
  if (fragment.find_first_of("<&") == std::string::npos) return fragment;
  DocPtr doc(
      htmlReadMemory(fragment.data(), static_cast<int>(fragment.size()), nullptr, "UTF-8", kHtmlOptions));
  if (!doc) return fragment;
  xmlNode* root = xmlDocGetRootElement(doc.get());
  return root ? text_of(root) : std::string();
}

std::string base_of(xmlDoc* doc, const xmlNode* n) { return take(xmlNodeGetBase(doc, n)); }

// An absolute http(s) URL for `ref` read at `base`, or empty.
std::string absolute_url(const std::string& ref, const std::string& base) {
  std::string r = trim(ref);
  if (r.empty()) return {};
  std::string out = take(xmlBuildURI(X(r.c_str()), base.empty() ? nullptr : X(base.c_str())));
  if (out.empty()) return {};
  // Schemes are case-insensitive (RFC 3986 3.1); the lowercase form is canonical.
  for (std::size_t i = 0; i < out.size() && out[i] != ':'; ++i) out[i] = ascii_lower(out[i]);
  if (out.rfind("http://", 0) != 0 && out.rfind("https://", 0) != 0) return {};
  return out;
}

// Makes every link and image in a post's HTML absolute (relative links
// would otherwise point into this site). libxml2's HTML parser reads the
// fragment; the sanitizer reads the result again later.
std::string absolute_links(const std::string& fragment, const std::string& base) {
  if (base.empty() ||
      (fragment.find("href") == std::string::npos && fragment.find("src") == std::string::npos))
    return fragment;
  // The wrapper keeps a fragment that starts with text from being moved.
  std::string wrapped = "<html><body>" + fragment + "</body></html>";
  DocPtr doc(
      htmlReadMemory(wrapped.data(), static_cast<int>(wrapped.size()), nullptr, "UTF-8", kHtmlOptions));
  if (!doc) return fragment;
  xmlNode* root = xmlDocGetRootElement(doc.get());
  xmlNode* body = root ? child(root, "body", nullptr) : nullptr;
  if (!body) return fragment;
  bool changed = false;
  // Depth-first over the elements, without recursion.
  for (xmlNode* n = body->children; n;) {
    if (n->type == XML_ELEMENT_NODE) {
      for (const char* name : {"href", "src", "cite"}) {
        std::string v = attr(n, name);
        if (v.empty() || v.find(':') != std::string::npos)
          continue;  // absolute (or a scheme to refuse later)
        std::string abs = absolute_url(v, base);
        if (!abs.empty() && abs != v) {
          xmlSetProp(n, X(name), X(abs.c_str()));
          changed = true;
        }
      }
    }
    if (n->children && n->type == XML_ELEMENT_NODE) {
      n = n->children;
      continue;
    }
    while (n && !n->next && n->parent != body) n = n->parent;
    n = n ? n->next : nullptr;
  }
  if (!changed) return fragment;
  std::string out;
  xmlBuffer* buf = xmlBufferCreate();
  for (xmlNode* c = body->children; c; c = c->next) htmlNodeDump(buf, doc.get(), c);
  out.assign(reinterpret_cast<const char*>(xmlBufferContent(buf)),
             static_cast<std::size_t>(xmlBufferLength(buf)));
  xmlBufferFree(buf);
  return out;
}

std::string serialize_children(xmlDoc* doc, const xmlNode* n) {
  std::string out;
  xmlBuffer* buf = xmlBufferCreate();
  for (xmlNode* c = n->children; c; c = c->next) xmlNodeDump(buf, doc, c, 0, 0);
  out.assign(reinterpret_cast<const char*>(xmlBufferContent(buf)),
             static_cast<std::size_t>(xmlBufferLength(buf)));
  xmlBufferFree(buf);
  return out;
}

// RFC 4287 3.1: an Atom text construct as HTML (type text, html or xhtml).
std::string atom_text_as_html(xmlDoc* doc, const xmlNode* n) {
  std::string type = attr(n, "type");
  if (type == "xhtml") {
    // 3.1.1.3: the content is one xhtml:div, which is not part of it.
    for (xmlNode* c = n->children; c; c = c->next)
      if (c->type == XML_ELEMENT_NODE) return serialize_children(doc, c);
    return {};
  }
  if (type == "html" || type == "text/html") return text_of(n);
  return html::escape_text(text_of(n));  // "text" and the default
}

std::string atom_text_as_text(const xmlNode* n) {
  std::string type = attr(n, "type");
  std::string t = text_of(n);
  return type == "html" || type == "xhtml" ? html_to_text(t) : t;
}

// Whether an RSS title reads as HTML: it has a tag of a known HTML element
// or a character reference. "Notes on <parsers>" or "5 < 6" stay as typed.
bool looks_like_html(const std::string& s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '<') {
      std::size_t j = i + 1;
      if (j < s.size() && s[j] == '/') ++j;
      std::string name;
      while (j < s.size() && name.size() < 16 && (std::isalnum(static_cast<unsigned char>(s[j])) != 0))
        name += ascii_lower(s[j++]);
      if (!name.empty() && j < s.size() && (s[j] == '>' || s[j] == ' ' || s[j] == '/' || s[j] == '\t') &&
          htmlTagLookup(X(name.c_str())) != nullptr)
        return true;
    } else if (s[i] == '&') {
      std::size_t j = i + 1;
      if (j < s.size() && s[j] == '#') ++j;
      std::size_t start = j;
      while (j < s.size() && j - start < 32 && (std::isalnum(static_cast<unsigned char>(s[j])) != 0)) ++j;
      if (j > start && j < s.size() && s[j] == ';') return true;
    }
  }
  return false;
}

// RSS titles are plain text by the letter of the spec, often HTML in
// practice: read as HTML only when they look like it (the site's own feeds
// write plain text, which must come back as typed).
std::string title_text(std::string raw) {
  return tidy_line(looks_like_html(raw) ? html_to_text(raw) : raw, kMaxTitleChars);
}

model::UnixTime first_date(std::initializer_list<const xmlNode*> nodes) {
  for (const xmlNode* n : nodes)
    if (n) {
      model::UnixTime t = parse_feed_date(trim(text_of(n)));
      if (t) return t;
    }
  return 0;
}

void finish_post(ParsedPost& p, ParsedFeed& feed) {
  p.guid = trim(p.guid);
  if (p.guid.empty()) p.guid = p.link;
  if (p.guid.empty()) {
    ++feed.skipped_posts;
    return;
  }
  if (p.title.empty() && p.content.empty()) {
    ++feed.skipped_posts;
    return;
  }
  feed.posts.push_back(std::move(p));
}

// ---- The three formats -------------------------------------------------------

void read_rss_item(xmlDoc* doc, const xmlNode* item, const char* ns, ParsedFeed& feed) {
  ParsedPost p;
  const xmlNode* link = child(item, "link", ns);
  p.link = link ? absolute_url(text_of(link), base_of(doc, link)) : std::string();
  if (const xmlNode* guid = child(item, "guid", ns)) {
    p.guid = text_of(guid);
    // A permalink guid may be relative, like a link.
    if (attr(guid, "isPermaLink") != "false") {
      std::string abs = absolute_url(p.guid, base_of(doc, guid));
      if (!abs.empty()) {
        if (p.link.empty()) p.link = abs;
        p.guid = abs;
      }
    }
  }
  if (p.guid.empty() && ns != nullptr) p.guid = attr(item, "about", xmlns::kRdf);  // RSS 1.0 5.5: rdf:about
  p.title = title_text(text_of(child(item, "title", ns)));
  const xmlNode* body = child(item, "encoded", xmlns::kContent);
  if (!body) body = child(item, "description", ns);
  if (body) p.content = absolute_links(text_of(body), base_of(doc, body));
  p.published = first_date({child(item, "pubDate", ns), child(item, "date", xmlns::kDc)});
  finish_post(p, feed);
}

// RSS 0.9x / 2.0 (no namespace) and RSS 1.0 (its own namespace, inside
// rdf:RDF) share the channel and item elements.
Result<ParsedFeed> read_rss(xmlDoc* doc, const xmlNode* root, FeedFormat format) {
  const char* ns = format == FeedFormat::Rss1 ? xmlns::kRss1 : nullptr;
  ParsedFeed feed;
  feed.format = format;
  const xmlNode* channel = child(root, "channel", ns);
  if (!channel)
    return Error::invalid_input(ns ? "the RSS 1.0 feed has no <channel>" : "the RSS feed has no <channel>");
  feed.title = title_text(text_of(child(channel, "title", ns)));
  if (const xmlNode* l = child(channel, "link", ns)) feed.link = absolute_url(text_of(l), base_of(doc, l));
  // RSS 0.91 and 2.0 put items in the channel, some 0.9x feeds and RSS 1.0
  // beside it (RSS 1.0's channel only lists them, in <items>).
  for (const xmlNode* parent : {channel, root})
    for (xmlNode* c = parent->children; c && feed.posts.size() < kMaxPostsPerFeed; c = c->next)
      if (is(c, "item", ns)) read_rss_item(doc, c, ns, feed);
  return feed;
}

// RFC 4287 4.2.7.2: a link without rel is "alternate".
std::string atom_alternate(xmlDoc* doc, const xmlNode* parent) {
  std::string found;
  for (xmlNode* c = parent->children; c; c = c->next) {
    if (!is(c, "link", xmlns::kAtom)) continue;
    std::string rel = attr(c, "rel");
    if (!rel.empty() && rel != "alternate") continue;
    std::string url = absolute_url(attr(c, "href"), base_of(doc, c));
    if (url.empty()) continue;
    std::string type = attr(c, "type");
    if (type.empty() || type == "text/html") return url;
    if (found.empty()) found = url;
  }
  return found;
}

Result<ParsedFeed> read_atom(xmlDoc* doc, const xmlNode* root) {
  ParsedFeed feed;
  feed.format = FeedFormat::Atom;
  if (const xmlNode* t = child(root, "title", xmlns::kAtom))
    feed.title = tidy_line(atom_text_as_text(t), kMaxTitleChars);
  feed.link = atom_alternate(doc, root);
  for (xmlNode* e = root->children; e && feed.posts.size() < kMaxPostsPerFeed; e = e->next) {
    if (!is(e, "entry", xmlns::kAtom)) continue;
    ParsedPost p;
    p.guid = text_of(child(e, "id", xmlns::kAtom));
    p.link = atom_alternate(doc, e);
    if (const xmlNode* t = child(e, "title", xmlns::kAtom))
      p.title = tidy_line(atom_text_as_text(t), kMaxTitleChars);
    const xmlNode* body = child(e, "content", xmlns::kAtom);
    if (body && !attr(body, "src").empty()) body = nullptr;  // 4.1.3.2: content elsewhere
    if (!body) body = child(e, "summary", xmlns::kAtom);
    if (body) p.content = absolute_links(atom_text_as_html(doc, body), base_of(doc, body));
    p.updated = first_date({child(e, "updated", xmlns::kAtom)});
    p.published = first_date({child(e, "published", xmlns::kAtom), child(e, "updated", xmlns::kAtom)});
    finish_post(p, feed);
  }
  return feed;
}

}  // namespace

std::string_view format_name(FeedFormat format) {
  switch (format) {
    case FeedFormat::Rss2:
      return "RSS";
    case FeedFormat::Rss1:
      return "RSS 1.0";
    case FeedFormat::Atom:
      return "Atom";
  }
  return "?";
}

Result<ParsedFeed> parse_feed(std::string_view bytes, std::string_view feed_url) {
  if (bytes.size() > kMaxFeedBytes)
    return Error::too_large("the feed is larger than " + std::to_string(kMaxFeedBytes / (1024 * 1024)) +
                            " MB");
  if (trim(std::string(bytes.substr(0, 64))).empty()) return Error::invalid_input("the feed is empty");
  xmlInitParser();
  quiet_libxml2();
  std::string url(feed_url);
  Parsed parsed = read_xml(bytes, url, nullptr);
  // Undeclared bytes that are not UTF-8: most such feeds are Windows-1252.
  if (!parsed.doc && parsed.error_code == XML_ERR_INVALID_CHAR &&
      parsed.error.find("UTF-8") != std::string::npos) {
    Parsed retry = read_xml(bytes, url, "windows-1252");
    if (retry.doc) parsed = std::move(retry);
  }
  if (!parsed.doc) {
    if (parsed.error_code != 0 && looks_like_html_page(bytes))
      return Error::invalid_input("the address gives an HTML page, not an RSS or Atom feed");
    return Error::invalid_input(parsed.error);
  }
  xmlDoc* doc = parsed.doc.get();
  const xmlNode* root = xmlDocGetRootElement(doc);
  if (!root) return Error::invalid_input("the feed is empty");
  if (is(root, "rss", nullptr)) return read_rss(doc, root, FeedFormat::Rss2);
  if (is(root, "RDF", xmlns::kRdf)) return read_rss(doc, root, FeedFormat::Rss1);
  if (is(root, "feed", xmlns::kAtom)) return read_atom(doc, root);
  std::string name = reinterpret_cast<const char*>(root->name);
  if (ascii_iequals(name, "html"))
    return Error::invalid_input("the address gives an HTML page, not an RSS or Atom feed");
  return Error::invalid_input("this is not an RSS or Atom feed (the document is a <" + name + ">)");
}

}  // namespace journeyer::feeds
