// A request and a response as the handlers see them: plain values with no
// Beast types, so that handlers and their tests build without the server.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace journeyer::web {

// HTTP limits (the server enforces them before a handler runs).
constexpr std::size_t kMaxHeaderBytes = 8 * 1024;
// Diary entries are 256 KiB (model::kMaxDiaryBytes), form-encoded up to 3x.
constexpr std::size_t kMaxBodyBytes = 800 * 1024;
constexpr int kRequestTimeoutSeconds = 30;          // to read a whole request (no slowloris)
constexpr int kIdleTimeoutSeconds = 15;             // a kept-alive connection with nothing to say
constexpr unsigned kMaxRequestsPerConnection = 1000;
constexpr std::size_t kMaxConnections = 2048;
constexpr int kShutdownGraceSeconds = 10;  // in-flight requests get this long after SIGTERM

enum class Method { Get, Head, Post, Put, Other };

struct Request {
  Method method = Method::Get;
  std::string path;   // the target before '?', still percent-encoded
  std::string query;  // after '?', without it
  std::string content_type;
  std::string cookie;  // the Cookie header
  std::string if_none_match;      // conditional GET (feeds carry ETag and Last-Modified)
  std::string if_modified_since;
  std::string authorization;  // the Authorization header (API tokens)
  std::string body;
  std::string client;  // the visitor's address as rate limits count it (rate_limit_key)
  // Set when the server would not read the body (larger than it takes):
  // what to tell the user. The body is then empty.
  std::string body_refused;
};

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;  // Location, Set-Cookie, ...
  std::string body;
  // For a page served many times from the visitors' cache: its status line
  // and headers exactly as the server sends them on a kept-alive HTTP/1.1
  // connection, made once by the server (Site::set_cache_preparer).
  std::string head;

  void add_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
  // The value of the first header called `name` (exact case), or "".
  std::string_view header(std::string_view name) const {
    for (const auto& [k, v] : headers)
      if (k == name) return v;
    return {};
  }
};

// 303 See Other: where a POST sends the browser after it succeeded.
Response redirect(std::string location);
Response plain_text(int status, std::string text);

}  // namespace journeyer::web
