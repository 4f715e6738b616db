// XML-RPC (http://xmlrpc.com/spec.md): a methodCall in, a methodResponse
// or a fault out. Pure: parsing and writing only, with libxml2; no network,
// no DTD, no entities, every size named. The methods themselves are in
// web/handlers/api/xmlrpc.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace journeyer::web::xmlrpc {

constexpr std::size_t kMaxCallBytes = 800 * 1024;  // a 256 KiB diary entry, escaped
constexpr std::size_t kMaxDepth = 16;              // arrays and structs inside each other
constexpr std::size_t kMaxValues = 4096;           // values in one call, all levels
constexpr std::size_t kMaxMethodNameBytes = 128;

// The value types of the spec, plus the common <nil/> extension.
enum class Type { Int, Boolean, String, Double, DateTime, Base64, Nil, Array, Struct };
std::string_view type_name(Type type);

struct Value {
  Type type = Type::String;
  std::int64_t integer = 0;        // Int; Boolean as 0 or 1
  double real = 0;                 // Double
  std::string text;                // String; DateTime and Base64 as written
  std::vector<Value> items;        // Array elements, or Struct member values
  std::vector<std::string> names;  // Struct member names, parallel to items

  static Value of_int(std::int64_t v);
  static Value of_bool(bool v);
  static Value of_string(std::string v);
  // "19980717T14:08:55" (the spec's dateTime.iso8601 form), UTC.
  static Value of_time(std::int64_t unix_seconds);
  static Value of_array(std::vector<Value> items);
};

struct Call {
  std::string method;
  std::vector<Value> params;
};

// Fault codes: the interoperability set for protocol errors
// (xmlrpc-epi's "Specification for Fault Code Interoperability"), and
// small positive codes for what the site refuses.
enum FaultCode : int {
  kNotWellFormed = -32700,
  kInvalidCall = -32600,
  kUnknownMethod = -32601,
  kBadParams = -32602,
  kInternal = -32603,
  kNoSuchUser = 1,
  kNotAuthenticated = 2,  // wrong password, unknown or revoked cookie
  kRefused = 3,           // not allowed, or too many requests
  kBadContent = 4,        // the entry is too large, the index is out of range
};

// Refuses with a message naming the problem: TooLarge over the limits,
// InvalidInput for XML that is not well formed (kNotWellFormed) or is not a
// methodCall as the spec says (see call_error_code).
Result<Call> parse_call(std::string_view body);
// The fault code for a parse_call error.
int call_error_code(const Error& error);

// A methodResponse with one value, and a fault response.
std::string response(const Value& value);
std::string fault(int code, std::string_view message);

}  // namespace journeyer::web::xmlrpc
