// XML-RPC parsing and writing with libxml2 (http://xmlrpc.com/spec.md).
#include "web/api/xmlrpc.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <memory>
#include <mutex>

#include "util/time.h"

namespace journeyer::web::xmlrpc {

namespace {

constexpr std::string_view kNotWellFormedPrefix = "The request is not well-formed XML";

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
struct CtxtFree {
  void operator()(xmlParserCtxt* c) const { xmlFreeParserCtxt(c); }
};

void init_libxml() {
  // libxml2 wants its globals set up once, before threads use it.
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

// A document type declaration is where entities would be declared: the
// parser stops at it, so that no entity is ever defined, let alone expanded.
thread_local bool saw_dtd = false;
void refuse_dtd(void* ctx, const xmlChar*, const xmlChar*, const xmlChar*) {
  saw_dtd = true;
  xmlStopParser(static_cast<xmlParserCtxt*>(ctx));
}

std::string_view name_of(const xmlNode* n) { return reinterpret_cast<const char*>(n->name); }

bool is_blank_text(const xmlNode* n) {
  if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE) return true;
  if (n->type != XML_TEXT_NODE) return false;
  for (const xmlChar* p = n->content; p && *p; ++p)
    if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') return false;
  return true;
}

// The element children of `n`; false when it has text other than blanks.
bool element_children(const xmlNode* n, std::vector<const xmlNode*>& out) {
  bool only_elements = true;
  for (const xmlNode* c = n->children; c; c = c->next) {
    if (c->type == XML_ELEMENT_NODE)
      out.push_back(c);
    else if (!is_blank_text(c))
      only_elements = false;
  }
  return only_elements;
}

std::string text_of(const xmlNode* n) {
  xmlChar* t = xmlNodeGetContent(n);
  std::string s = t ? reinterpret_cast<const char*>(t) : "";
  xmlFree(t);
  return s;
}

Error invalid(std::string message) { return Error::invalid_input("Not an XML-RPC call: " + message); }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

class ValueReader {
 public:
  Result<Value> read(const xmlNode* value_el, std::size_t depth) {
    if (++count_ > kMaxValues)
      return Error::too_large("The call has more than " + std::to_string(kMaxValues) + " values.");
    if (depth > kMaxDepth)
      return Error::too_large("Arrays and structs are nested more than " + std::to_string(kMaxDepth) +
                              " deep.");
    std::vector<const xmlNode*> kids;
    bool only_elements = element_children(value_el, kids);
    Value v;
    if (kids.empty()) {  // <value>text</value> is a string
      v.type = Type::String;
      v.text = text_of(value_el);
      return v;
    }
    if (!only_elements || kids.size() != 1) return invalid("a <value> holds one typed element or text.");
    const xmlNode* t = kids[0];
    std::string_view name = name_of(t);
    if (name == "i4" || name == "int" || name == "i8") {
      std::string text = text_of(t);
      std::string_view digits = trim(text);
      if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
      std::int64_t n = 0;
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
      if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size())
        return invalid("<" + std::string(name) + "> holds \"" + text + "\", not an integer.");
      if (name != "i8" && (n < INT32_MIN || n > INT32_MAX))
        return invalid("<" + std::string(name) + "> " + text + " is outside 32 bits.");
      v.type = Type::Int;
      v.integer = n;
    } else if (name == "boolean") {
      std::string text = text_of(t);
      std::string_view b = trim(text);
      if (b != "0" && b != "1") return invalid("<boolean> holds \"" + text + "\", not 0 or 1.");
      v.type = Type::Boolean;
      v.integer = b == "1";
    } else if (name == "string") {
      v.type = Type::String;
      v.text = text_of(t);
    } else if (name == "double") {
      std::string text = text_of(t);
      std::string_view d = trim(text);
      if (!d.empty() && d.front() == '+') d.remove_prefix(1);
      double x = 0;
      auto [end, ec] = std::from_chars(d.data(), d.data() + d.size(), x, std::chars_format::fixed);
      if (d.empty() || ec != std::errc{} || end != d.data() + d.size() || !std::isfinite(x))
        return invalid("<double> holds \"" + text + "\", not a number.");
      v.type = Type::Double;
      v.real = x;
    } else if (name == "dateTime.iso8601") {
      v.type = Type::DateTime;
      v.text = std::string(trim(text_of(t)));
    } else if (name == "base64") {
      v.type = Type::Base64;
      v.text = std::string(trim(text_of(t)));
    } else if (name == "nil") {
      v.type = Type::Nil;
    } else if (name == "array") {
      v.type = Type::Array;
      std::vector<const xmlNode*> data;
      if (!element_children(t, data) || data.size() != 1 || name_of(data[0]) != "data")
        return invalid("an <array> holds one <data>.");
      std::vector<const xmlNode*> values;
      if (!element_children(data[0], values)) return invalid("<data> holds only <value> elements.");
      for (const xmlNode* e : values) {
        if (name_of(e) != "value") return invalid("<data> holds only <value> elements.");
        v.items.push_back(JOURNEYER_TRY(read(e, depth + 1)));
      }
    } else if (name == "struct") {
      v.type = Type::Struct;
      std::vector<const xmlNode*> members;
      if (!element_children(t, members)) return invalid("a <struct> holds only <member> elements.");
      for (const xmlNode* m : members) {
        std::vector<const xmlNode*> parts;
        if (name_of(m) != "member" || !element_children(m, parts) || parts.size() != 2 ||
            name_of(parts[0]) != "name" || name_of(parts[1]) != "value")
          return invalid("a <member> holds a <name> and a <value>.");
        v.names.push_back(text_of(parts[0]));
        v.items.push_back(JOURNEYER_TRY(read(parts[1], depth + 1)));
      }
    } else {
      return invalid("<" + std::string(name) + "> is not an XML-RPC type.");
    }
    return v;
  }

 private:
  std::size_t count_ = 0;
};

// An xmlTextWriter into memory; every call's result checked once at the end.
class Writer {
 public:
  Writer() : buf_(xmlBufferCreate()), w_(buf_ ? xmlNewTextWriterMemory(buf_, 0) : nullptr) {
    ok_ = w_ != nullptr;
    step(xmlTextWriterStartDocument(w_, "1.0", "UTF-8", nullptr));
  }
  ~Writer() {
    if (w_) xmlFreeTextWriter(w_);
    if (buf_) xmlBufferFree(buf_);
  }
  void start(const char* name) { step(xmlTextWriterStartElement(w_, BAD_CAST name)); }
  void end() { step(xmlTextWriterEndElement(w_)); }
  void element(const char* name, const std::string& text) {
    step(xmlTextWriterWriteElement(w_, BAD_CAST name, BAD_CAST text.c_str()));
  }
  void value(const Value& v) {
    start("value");
    switch (v.type) {
      case Type::Int:
        element(v.integer < INT32_MIN || v.integer > INT32_MAX ? "i8" : "int", std::to_string(v.integer));
        break;
      case Type::Boolean:
        element("boolean", v.integer ? "1" : "0");
        break;
      case Type::String:
        element("string", v.text);
        break;
      case Type::Double: {
        char b[64];
        auto [end, ec] = std::to_chars(b, b + sizeof b, v.real, std::chars_format::fixed);
        element("double", ec == std::errc{} ? std::string(b, end) : "0");
        break;
      }
      case Type::DateTime:
        element("dateTime.iso8601", v.text);
        break;
      case Type::Base64:
        element("base64", v.text);
        break;
      case Type::Nil:
        start("nil");
        end();
        break;
      case Type::Array:
        start("array");
        start("data");
        for (const auto& item : v.items) value(item);
        end();
        end();
        break;
      case Type::Struct:
        start("struct");
        for (std::size_t i = 0; i < v.items.size() && i < v.names.size(); ++i) {
          start("member");
          element("name", v.names[i]);
          value(v.items[i]);
          end();
        }
        end();
        break;
    }
    end();
  }
  // The document, or nullopt-like empty string when libxml2 failed
  // (text that is not UTF-8, out of memory).
  std::string finish() {
    step(xmlTextWriterEndDocument(w_));
    if (!ok_) return {};
    xmlFreeTextWriter(w_);  // flushes into buf_
    w_ = nullptr;
    return std::string(reinterpret_cast<const char*>(xmlBufferContent(buf_)), xmlBufferLength(buf_));
  }

 private:
  void step(int rc) {
    if (rc < 0) ok_ = false;
  }
  xmlBuffer* buf_;
  xmlTextWriter* w_;
  bool ok_ = true;
};

std::string fault_document(int code, std::string_view message) {
  Value f;
  f.type = Type::Struct;
  f.names = {"faultCode", "faultString"};
  f.items = {Value::of_int(code), Value::of_string(std::string(message))};
  Writer w;
  w.start("methodResponse");
  w.start("fault");
  w.value(f);
  w.end();
  w.end();
  return w.finish();
}

}  // namespace

std::string_view type_name(Type type) {
  switch (type) {
    case Type::Int:
      return "int";
    case Type::Boolean:
      return "boolean";
    case Type::String:
      return "string";
    case Type::Double:
      return "double";
    case Type::DateTime:
      return "dateTime.iso8601";
    case Type::Base64:
      return "base64";
    case Type::Nil:
      return "nil";
    case Type::Array:
      return "array";
    case Type::Struct:
      return "struct";
  }
  return "unknown";
}

Value Value::of_int(std::int64_t v) {
  Value x;
  x.type = Type::Int;
  x.integer = v;
  return x;
}
Value Value::of_bool(bool v) {
  Value x;
  x.type = Type::Boolean;
  x.integer = v;
  return x;
}
Value Value::of_string(std::string v) {
  Value x;
  x.text = std::move(v);
  return x;
}
Value Value::of_time(std::int64_t unix_seconds) {
  Value x;
  x.type = Type::DateTime;
  x.text = format_utc(unix_seconds, "%Y%m%dT%H:%M:%S");
  return x;
}
Value Value::of_array(std::vector<Value> items) {
  Value x;
  x.type = Type::Array;
  x.items = std::move(items);
  return x;
}

Result<Call> parse_call(std::string_view body) {
  if (body.size() > kMaxCallBytes)
    return Error::too_large("The call is larger than " + std::to_string(kMaxCallBytes / 1024) + " KiB.");
  if (body.empty()) return Error::invalid_input(std::string(kNotWellFormedPrefix) + ": the body is empty.");
  init_libxml();
  std::unique_ptr<xmlParserCtxt, CtxtFree> ctxt(xmlNewParserCtxt());
  if (!ctxt) return Error::internal("libxml2 could not make a parser.");
  ctxt->sax->internalSubset = refuse_dtd;
  ctxt->sax->externalSubset = refuse_dtd;
  // No network, no entity substitution, no DTD loading; errors come back
  // to us instead of going to stderr.
  const int options = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
  saw_dtd = false;
  std::unique_ptr<xmlDoc, DocFree> doc(
      xmlCtxtReadMemory(ctxt.get(), body.data(), static_cast<int>(body.size()), nullptr, nullptr, options));
  if (saw_dtd)
    return Error::invalid_input(std::string(kNotWellFormedPrefix) +
                                ": a document type declaration is not allowed.");
  if (!doc || !ctxt->wellFormed) {
    const xmlError* e = xmlCtxtGetLastError(ctxt.get());
    std::string why = e && e->message ? e->message : "unreadable";
    while (!why.empty() && why.back() == '\n') why.pop_back();
    return Error::invalid_input(std::string(kNotWellFormedPrefix) + " (line " +
                                std::to_string(e ? e->line : 0) + "): " + why + ".");
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (!root || name_of(root) != "methodCall") return invalid("the root element must be <methodCall>.");
  std::vector<const xmlNode*> parts;
  if (!element_children(root, parts) || parts.empty() || parts.size() > 2 ||
      name_of(parts[0]) != "methodName")
    return invalid("<methodCall> holds a <methodName> and optionally <params>.");
  Call call;
  call.method = std::string(trim(text_of(parts[0])));
  if (call.method.empty() || call.method.size() > kMaxMethodNameBytes)
    return invalid("the method name is missing or too long.");
  for (unsigned char c : call.method)
    if (!(std::isalnum(c) || c == '_' || c == '.' || c == ':' || c == '/'))
      return invalid("the method name may hold letters, digits, '_', '.', ':' and '/' only.");
  if (parts.size() == 2) {
    if (name_of(parts[1]) != "params")
      return invalid("<methodCall> holds a <methodName> and optionally <params>.");
    std::vector<const xmlNode*> params;
    if (!element_children(parts[1], params)) return invalid("<params> holds only <param> elements.");
    ValueReader reader;
    for (const xmlNode* p : params) {
      std::vector<const xmlNode*> inner;
      if (name_of(p) != "param" || !element_children(p, inner) || inner.size() != 1 ||
          name_of(inner[0]) != "value")
        return invalid("each <param> holds one <value>.");
      call.params.push_back(JOURNEYER_TRY(reader.read(inner[0], 0)));
    }
  }
  return call;
}

int call_error_code(const Error& error) {
  if (error.kind() == ErrorKind::Internal) return kInternal;
  if (error.kind() == ErrorKind::TooLarge && error.message().rfind("The call is larger", 0) == 0)
    return kNotWellFormed;
  if (error.message().rfind(kNotWellFormedPrefix, 0) == 0) return kNotWellFormed;
  return kInvalidCall;
}

std::string response(const Value& value) {
  Writer w;
  w.start("methodResponse");
  w.start("params");
  w.start("param");
  w.value(value);
  w.end();
  w.end();
  w.end();
  std::string out = w.finish();
  if (out.empty()) return fault(kInternal, "The answer could not be written as XML (it is not UTF-8).");
  return out;
}

std::string fault(int code, std::string_view message) {
  std::string out = fault_document(code, message);
  if (out.empty()) out = fault_document(code, "(the message is not UTF-8)");
  return out;
}

}  // namespace journeyer::web::xmlrpc
