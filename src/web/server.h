// The HTTP server (Boost.Beast): accepts connections, enforces the limits
// of web/http.h, answers visitors' cached pages on its I/O threads (about
// one per core) and hands every other request to Site::handle on a pool of
// `threads` worker threads. Beast stays inside server.cpp.
#pragma once

#include <memory>
#include <string>

#include "util/result.h"
#include "web/site.h"

namespace journeyer::web {

struct ListenAddress {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  // 0: any free port
};

// "127.0.0.1:8080", "[::1]:8080", ":8080" (all addresses), "8080".
Result<ListenAddress> parse_listen(const std::string& text);

enum class Signals { Handle, Ignore };

class Server {
 public:
  // Binds (an address in use is found here) without listening: until
  // start_listening() or run(), connections are refused rather than queued,
  // so a load balancer tries another process while this one starts up.
  // Requests are served once run() is called.
  static Result<std::unique_ptr<Server>> bind(Site& site, const ListenAddress& address, unsigned threads);
  Status start_listening();
  ~Server();

  unsigned short port() const;
  // Serves until shutdown() or, with Signals::Handle, SIGTERM or SIGINT.
  // Shutting down stops accepting, closes idle connections and lets
  // requests being handled finish (up to kShutdownGraceSeconds).
  void run(Signals signals);
  // Thread-safe; may be called before run().
  void shutdown();

  struct Impl;  // defined in server.cpp, with the Beast types

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace journeyer::web
