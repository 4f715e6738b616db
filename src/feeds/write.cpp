#include "feeds/write.h"

#include <libxml/xmlwriter.h>
#include <openssl/evp.h>

#include <array>
#include <ctime>
#include <memory>

#include "feeds/namespaces.h"
#include "html/escape.h"
#include "util/time.h"

namespace journeyer::feeds {

namespace {

// Text an XML 1.0 document may hold (XML 1.0, 2.2 "Characters"): valid
// UTF-8 without the C0 controls other than tab, newline and carriage return,
// and without U+FFFE and U+FFFF. Anything else would make the feed
// unreadable for every reader, so it is dropped (controls) or replaced.
std::string xml_text(std::string_view in) {
  std::string valid = html::to_valid_utf8(in);
  std::string out;
  out.reserve(valid.size());
  for (std::size_t i = 0; i < valid.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(valid[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;
    if (c == 0xEF && i + 2 < valid.size() && static_cast<unsigned char>(valid[i + 1]) == 0xBF &&
        (static_cast<unsigned char>(valid[i + 2]) == 0xBE || static_cast<unsigned char>(valid[i + 2]) == 0xBF)) {
      out += "\xEF\xBF\xBD";
      i += 2;
      continue;
    }
    out += static_cast<char>(c);
  }
  return out;
}

const xmlChar* X(const char* s) { return reinterpret_cast<const xmlChar*>(s); }

}  // namespace

std::string absolute_links(std::string_view html, std::string_view base_url) {
  while (base_url.ends_with('/')) base_url.remove_suffix(1);
  std::string out;
  out.reserve(html.size() + 64);
  bool in_tag = false;
  char quote = 0;
  for (std::size_t i = 0; i < html.size(); ++i) {
    const char c = html[i];
    out += c;
    if (!in_tag) {
      in_tag = c == '<';
    } else if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
      // A value of href or src that starts with one slash (not two: that
      // names another host) is a path on the site.
      const std::string_view before = std::string_view(out).substr(0, out.size() - 1);
      const bool link = before.ends_with(" href=") || before.ends_with(" src=");
      if (link && i + 1 < html.size() && html[i + 1] == '/' && (i + 2 >= html.size() || html[i + 2] != '/'))
        out += base_url;
    } else if (c == '>') {
      in_tag = false;
    }
  }
  return out;
}

namespace {

// An xmlTextWriter on a memory buffer. Every call records the first
// failure; finish() reports it.
class Writer {
 public:
  Writer() : buffer_(xmlBufferCreate(), xmlBufferFree) {
    if (buffer_) writer_.reset(xmlNewTextWriterMemory(buffer_.get(), 0));
    ok_ = writer_ != nullptr;
    if (ok_) {
      check(xmlTextWriterSetIndent(writer_.get(), 1));
      check(xmlTextWriterSetIndentString(writer_.get(), X(" ")));
      check(xmlTextWriterStartDocument(writer_.get(), nullptr, "UTF-8", nullptr));
    }
  }

  void start(const char* name) {
    if (ok_) check(xmlTextWriterStartElement(writer_.get(), X(name)));
  }
  // A prefixed element; `ns` declares the prefix when not empty.
  void start_ns(const char* prefix, const char* name, const char* ns = nullptr) {
    if (ok_) check(xmlTextWriterStartElementNS(writer_.get(), X(prefix), X(name), ns ? X(ns) : nullptr));
  }
  void end() {
    if (ok_) check(xmlTextWriterEndElement(writer_.get()));
  }
  void attribute(const char* name, std::string_view value) {
    if (ok_) check(xmlTextWriterWriteAttribute(writer_.get(), X(name), X(xml_text(value).c_str())));
  }
  void attribute_ns(const char* prefix, const char* name, std::string_view value) {
    if (ok_)
      check(xmlTextWriterWriteAttributeNS(writer_.get(), X(prefix), X(name), nullptr, X(xml_text(value).c_str())));
  }
  void text(std::string_view value) {
    if (ok_) check(xmlTextWriterWriteString(writer_.get(), X(xml_text(value).c_str())));
  }
  void element(const char* name, std::string_view value) {
    start(name);
    text(value);
    end();
  }
  void element_ns(const char* prefix, const char* name, std::string_view value) {
    start_ns(prefix, name);
    text(value);
    end();
  }
  // <prefix:name rdf:resource="url"/>
  void resource(const char* prefix, const char* name, std::string_view url) {
    start_ns(prefix, name);
    attribute_ns("rdf", "resource", url);
    end();
  }

  Result<std::string> finish() {
    if (ok_) check(xmlTextWriterEndDocument(writer_.get()));
    writer_.reset();  // flushes into the buffer
    if (!ok_) return Error::internal("libxml2 could not write the feed");
    return std::string(reinterpret_cast<const char*>(xmlBufferContent(buffer_.get())),
                       static_cast<std::size_t>(xmlBufferLength(buffer_.get())));
  }

 private:
  void check(int rc) {
    if (rc < 0) ok_ = false;
  }
  struct FreeWriter {
    void operator()(xmlTextWriterPtr w) const { xmlFreeTextWriter(w); }
  };
  std::unique_ptr<xmlBuffer, void (*)(xmlBufferPtr)> buffer_;
  std::unique_ptr<xmlTextWriter, FreeWriter> writer_;
  bool ok_ = false;
};

const std::string& title_of(const FeedItem& item) { return item.title.empty() ? item.fallback_title : item.title; }

}  // namespace

std::string rfc822_date(model::UnixTime t) {
  // Names spelled out: strftime's %a and %b follow the locale.
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::tm tm = utc_time(t);
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", kDays[tm.tm_wday], tm.tm_mday,
                kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  return buf;
}

std::string rfc3339_date(model::UnixTime t) { return format_utc(t, "%Y-%m-%dT%H:%M:%SZ"); }

Result<std::string> write_rss(const FeedChannel& ch) {
  Writer w;
  w.start("rss");
  w.attribute("version", "2.0");
  w.attribute("xmlns:atom", xmlns::kAtom);
  w.attribute("xmlns:dc", xmlns::kDc);
  // Relative links inside descriptions (<person> tags become /person/NAME/)
  // resolve against the site; readers that know xml:base use it.
  w.attribute("xml:base", ch.base_url);
  w.start("channel");
  w.element("title", ch.title);
  w.element("link", ch.link);
  w.element("description", ch.description);
  // RSS Advisory Board best practice: the feed names its own address.
  w.start_ns("atom", "link");
  w.attribute("href", ch.self_link);
  w.attribute("rel", "self");
  w.attribute("type", "application/rss+xml");
  w.end();
  // Optional in RSS: left out rather than dated 1970 when nothing tells.
  if (ch.updated != 0) w.element("lastBuildDate", rfc822_date(ch.updated));
  w.element("generator", "Journeyer");
  for (const auto& item : ch.items) {
    w.start("item");
    w.element("title", title_of(item));
    w.element("link", item.link);
    w.start("guid");
    w.attribute("isPermaLink", "true");
    w.text(item.link);
    w.end();
    w.element("pubDate", rfc822_date(item.published));
    w.element_ns("dc", "creator", item.author);
    w.element("description", absolute_links(item.content_html, ch.base_url));
    w.end();
  }
  w.end();
  w.end();
  return w.finish();
}

Result<std::string> write_atom(const FeedChannel& ch) {
  Writer w;
  w.start("feed");
  w.attribute("xmlns", xmlns::kAtom);
  w.element("id", ch.self_link);  // RFC 4287, 4.2.6: permanent and unique
  w.element("title", ch.title);
  if (!ch.description.empty()) w.element("subtitle", ch.description);
  w.element("updated", rfc3339_date(ch.updated));
  w.start("link");
  w.attribute("rel", "alternate");
  w.attribute("type", "text/html");
  w.attribute("href", ch.link);
  w.end();
  w.start("link");
  w.attribute("rel", "self");
  w.attribute("type", "application/atom+xml");
  w.attribute("href", ch.self_link);
  w.end();
  if (!ch.author.empty()) {
    w.start("author");
    w.element("name", ch.author);
    if (!ch.author_url.empty()) w.element("uri", ch.author_url);
    w.end();
  }
  w.element("generator", "Journeyer");
  for (const auto& item : ch.items) {
    w.start("entry");
    w.element("id", item.link);
    w.element("title", title_of(item));
    w.element("published", rfc3339_date(item.published));
    w.element("updated", rfc3339_date(item.updated ? item.updated : item.published));
    w.start("link");
    w.attribute("rel", "alternate");
    w.attribute("type", "text/html");
    w.attribute("href", item.link);
    w.end();
    // RFC 4287, 4.2.1: a feed without a feed-level author needs one per entry.
    w.start("author");
    w.element("name", item.author);
    if (!item.author_url.empty()) w.element("uri", item.author_url);
    w.end();
    w.start("content");
    w.attribute("type", "html");  // RFC 4287, 3.1.1.2: escaped HTML
    w.attribute("xml:base", ch.base_url);
    w.text(absolute_links(item.content_html, ch.base_url));
    w.end();
    w.end();
  }
  w.end();
  return w.finish();
}

Result<std::string> write_foaf(const FoafPerson& p) {
  Writer w;
  w.start_ns("rdf", "RDF", xmlns::kRdf);
  w.attribute("xmlns:rdfs", xmlns::kRdfs);
  w.attribute("xmlns:foaf", xmlns::kFoaf);
  const std::string me = p.document + "#me";
  w.start_ns("foaf", "PersonalProfileDocument");
  w.attribute_ns("rdf", "about", p.document);
  w.resource("foaf", "maker", me);
  w.resource("foaf", "primaryTopic", me);
  w.end();
  w.start_ns("foaf", "Person");
  w.attribute_ns("rdf", "about", me);
  w.element_ns("foaf", "nick", p.nick);
  if (!p.name.empty()) w.element_ns("foaf", "name", p.name);
  w.resource("foaf", "page", p.page);
  if (!p.homepage.empty()) w.resource("foaf", "homepage", p.homepage);
  if (!p.weblog.empty()) w.resource("foaf", "weblog", p.weblog);
  if (!p.mbox_sha1sum.empty()) w.element_ns("foaf", "mbox_sha1sum", p.mbox_sha1sum);
  for (const auto& k : p.knows) {
    w.start_ns("foaf", "knows");
    w.start_ns("foaf", "Person");
    w.element_ns("foaf", "nick", k.nick);
    w.resource("foaf", "page", k.page);
    if (!k.foaf.empty()) w.resource("rdfs", "seeAlso", k.foaf);
    w.end();
    w.end();
  }
  for (const auto& project : p.projects) {
    w.start_ns("foaf", "currentProject");
    w.start_ns("foaf", "Project");
    w.element_ns("foaf", "name", project.name);
    if (!project.homepage.empty()) w.resource("foaf", "homepage", project.homepage);
    w.resource("rdfs", "seeAlso", project.page);
    w.end();
    w.end();
  }
  w.end();
  w.end();
  return w.finish();
}

std::string mbox_sha1sum(const std::string& email) {
  const std::string mbox = "mailto:" + email;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(mbox.data(), mbox.size(), digest, &length, EVP_sha1(), nullptr) != 1) return {};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

}  // namespace journeyer::feeds
