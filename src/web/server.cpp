// Adapted from Boost.Beast's advanced server example, with an io_context
// per I/O thread instead of strands; every limit a named constant (web/http.h).
#include <utility>  // before Asio: Boost 1.74 with g++ 12

#include "web/server.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

#include "web/api/json_api.h"
#include "web/form.h"

namespace journeyer::web {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

Result<ListenAddress> parse_listen(const std::string& text) {
  ListenAddress a;
  std::string port_text = text;
  auto colon = text.rfind(':');
  if (colon != std::string::npos) {
    a.host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
    if (a.host.size() >= 2 && a.host.front() == '[' && a.host.back() == ']') a.host = a.host.substr(1, a.host.size() - 2);
    if (a.host.empty()) a.host = "0.0.0.0";
  }
  unsigned value = 0;
  auto [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
  if (ec != std::errc{} || p != port_text.data() + port_text.size() || value > 65535)
    return Error::invalid_input("--listen: expected HOST:PORT, got " + text);
  a.port = static_cast<unsigned short>(value);
  boost::system::error_code bec;
  net::ip::make_address(a.host, bec);
  if (bec) return Error::invalid_input("--listen: " + a.host + " is not an IP address");
  return a;
}

class Connection;

constexpr unsigned kMaxIoThreads = 16;

// I/O threads (one io_context each, about one per core) only read, parse and
// write; a page from the visitors' cache is answered right there. Anything
// else runs on the worker pool, where a handler may wait on the database or
// hash a password without holding up other connections.
struct Server::Impl {
  using Executor = net::io_context::executor_type;
  Site& site;
  std::vector<std::unique_ptr<net::io_context>> io;
  net::thread_pool workers;
  tcp::acceptor acceptor;
  net::signal_set signals;
  std::atomic<bool> stopping{false};
  bool listening = false;  // start_listening() has run
  std::string where;       // host:port, for messages
  std::size_t next_io = 0;  // round robin; used by the accepting thread only
  std::vector<net::executor_work_guard<Executor>> keep;  // until shutdown
  std::mutex m;
  std::unordered_map<Connection*, std::weak_ptr<Connection>> connections;

  Impl(Site& s, unsigned io_threads, unsigned worker_threads)
      : site(s), io(make_contexts(io_threads)), workers(worker_threads), acceptor(*io[0]), signals(*io[0]) {}
  static std::vector<std::unique_ptr<net::io_context>> make_contexts(unsigned n) {
    std::vector<std::unique_ptr<net::io_context>> v;
    for (unsigned i = 0; i < n; ++i) v.push_back(std::make_unique<net::io_context>(1));
    return v;
  }
  void accept();
  void stop();
};

namespace {

using Socket = net::basic_stream_socket<tcp, Server::Impl::Executor>;
using Stream = beast::basic_stream<tcp, Server::Impl::Executor, beast::unlimited_rate_policy>;

// The response's status line and headers as Beast writes them.
template <typename Message>
void fill_header(Message& res, const Response& out, bool keep_alive) {
  res.set(http::field::server, "journeyer");
  res.set(http::field::content_type, out.content_type);
  for (const auto& [k, v] : out.headers) res.insert(k, v);
  res.keep_alive(keep_alive);
}

// Response::head for the cache: what a kept-alive HTTP/1.1 answer starts with.
std::string wire_head(const Response& out) {
  http::response<http::empty_body> res(static_cast<http::status>(out.status), 11);
  fill_header(res, out, true);
  res.content_length(out.body.size());
  http::response_serializer<http::empty_body> sr(res);
  std::string head;
  beast::error_code ec;
  while (!ec && !sr.is_done()) {
    sr.next(ec, [&](beast::error_code&, const auto& buffers) {
      head += beast::buffers_to_string(buffers);
      sr.consume(beast::buffer_bytes(buffers));
    });
  }
  return head;
}

}  // namespace

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(Socket&& socket, Server::Impl& server) : stream_(std::move(socket)), server_(server) {
    boost::system::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) client_ = ep.address().to_string();
  }
  ~Connection() {
    std::lock_guard lock(server_.m);
    server_.connections.erase(this);
  }

  void start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read(); });
  }

  // From shutdown: closes the connection if it is waiting for a request.
  void close_if_idle() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->reading_) {
        boost::system::error_code ec;
        self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
        self->stream_.socket().close(ec);
      }
    });
  }

 private:
  void read() {
    if (server_.stopping) return close();
    parser_.emplace();
    parser_->header_limit(kMaxHeaderBytes);
    parser_->body_limit(kMaxBodyBytes);
    // The first request must arrive whole within the request timeout; a
    // kept-alive connection gets the shorter idle timeout for the next.
    stream_.expires_after(std::chrono::seconds(served_ == 0 ? kRequestTimeoutSeconds : kIdleTimeoutSeconds));
    reading_ = true;
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    reading_ = false;
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == net::error::operation_aborted ||
        ec == net::error::connection_reset || ec == net::error::bad_descriptor)
      return close();
    if (ec) {
      int status = ec == http::error::header_limit ? 431 : ec == http::error::body_limit ? 413 : 400;
      const char* text = status == 431   ? "The request's headers are too large."
                         : status == 413 ? "The request's body is too large."
                                         : "The request is malformed.";
      // Programs get their errors as JSON (docs/api.md).
      std::string_view target(parser_->get().target().data(), parser_->get().target().size());
      if (target.rfind("/api/v1/", 0) == 0)
        return send(api::json_error(status, status == 431 ? "headers_too_large" : status == 413 ? "too_large" : "malformed_request", text),
                    false, 11, false);
      // A form too large to read: the site's page says so (the parser
      // refuses a body only once it has every header, so the member is
      // known); the connection closes after it.
      if (status == 413 && target.rfind("/XMLRPC", 0) != 0) {
        auto r = request_from(parser_->get());
        r->body.clear();
        r->body_refused = "What you sent is larger than this site takes (" + std::to_string(kMaxBodyBytes / 1024) +
                          " KiB), so it was not read and nothing was saved. Go back: your browser may still hold "
                          "your text. Shorten it and send it again.";
        return handle(std::move(r), false, parser_->get().version());
      }
      return send_error(status, (std::string(text) + "\n").c_str());
    }
    auto& req = parser_->get();
    auto r = request_from(req);
    const bool keep_alive = req.keep_alive() && ++served_ < kMaxRequestsPerConnection && !server_.stopping;
    const unsigned version = req.version();
    // A conditional request may get a 304: the worker decides.
    if (keep_alive && version == 11 && r->if_none_match.empty() && r->if_modified_since.empty()) {
      if (auto hit = server_.site.cached(*r); hit && !hit->head.empty()) return send_prepared(std::move(hit));
    }
    handle(std::move(r), keep_alive, version);
  }

  std::shared_ptr<Request> request_from(http::request<http::string_body>& req) {
    auto r = std::make_shared<Request>();
    switch (req.method()) {
      case http::verb::get: r->method = Method::Get; break;
      case http::verb::head: r->method = Method::Head; break;
      case http::verb::post: r->method = Method::Post; break;
      case http::verb::put: r->method = Method::Put; break;
      default: r->method = Method::Other; break;
    }
    std::string_view target(req.target().data(), req.target().size());
    auto q = target.find('?');
    r->path = std::string(target.substr(0, q));
    if (q != std::string_view::npos) r->query = std::string(target.substr(q + 1));
    if (auto it = req.find(http::field::content_type); it != req.end()) r->content_type = std::string(it->value());
    if (auto it = req.find(http::field::cookie); it != req.end()) r->cookie = std::string(it->value());
    if (auto it = req.find(http::field::if_none_match); it != req.end()) r->if_none_match = std::string(it->value());
    if (auto it = req.find(http::field::if_modified_since); it != req.end())
      r->if_modified_since = std::string(it->value());
    if (auto it = req.find(http::field::authorization); it != req.end())
      r->authorization = std::string(it->value());
    r->body = std::move(req.body());
    const auto& proxies = server_.site.config().trusted_proxies;
    r->client = client_;
    if (!proxies.empty()) {
      // Several header lines are one list, in order (RFC 9110, 5.3): a proxy
      // may add its own line after the one a visitor sent.
      std::string forwarded;
      for (auto [it, end] = req.equal_range("X-Forwarded-For"); it != end; ++it) {
        if (!forwarded.empty()) forwarded += ", ";
        forwarded.append(it->value().data(), it->value().size());
      }
      if (!forwarded.empty()) r->client = client_address(client_, forwarded, proxies);
    }
    r->client = rate_limit_key(r->client);
    return r;
  }

  // The site answers on a worker thread; the answer goes out on this
  // connection's I/O thread.
  void handle(std::shared_ptr<Request> r, bool keep_alive, unsigned version) {
    // The guard keeps this connection's context running while the worker has the request.
    net::post(server_.workers, [self = shared_from_this(), r, keep_alive, version,
                                guard = net::make_work_guard(stream_.get_executor())] {
      Response out;
      try {
        out = self->server_.site.handle(*r);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "journeyer: internal error on %s: %s\n", r->path.c_str(), e.what());
        out = plain_text(500, "Something went wrong on our side.\n");
      }
      const bool head = r->method == Method::Head;
      net::post(self->stream_.get_executor(), [self, out = std::move(out), keep_alive, version, head]() mutable {
        self->send(std::move(out), keep_alive, version, head);
      });
    });
  }

  // A cached page on a kept-alive HTTP/1.1 connection: its bytes as they are.
  void send_prepared(std::shared_ptr<const Response> out) {
    stream_.expires_after(std::chrono::seconds(kRequestTimeoutSeconds));
    std::array<net::const_buffer, 2> buffers{net::buffer(out->head), net::buffer(out->body)};
    net::async_write(stream_, buffers, [self = shared_from_this(), out](beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      self->read();
    });
  }

  void send(Response out, bool keep_alive, unsigned version, bool head) {
    auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(out.status), version);
    fill_header(*res, out, keep_alive);
    std::size_t length = out.body.size();
    res->body() = head ? std::string() : std::move(out.body);
    res->prepare_payload();
    if (head && out.status != 304) res->content_length(length);  // HEAD: the GET's length, no body
    stream_.expires_after(std::chrono::seconds(kRequestTimeoutSeconds));
    http::async_write(stream_, *res, [self = shared_from_this(), res, keep_alive](beast::error_code ec, std::size_t) {
      if (ec || !keep_alive) return self->close();
      self->read();
    });
  }

  void send_error(int status, const char* text) { send(plain_text(status, text), false, 11, false); }

  // After the last answer on a connection: stop sending, then read and drop
  // what the client may still be sending (a body too large, refused before
  // it was read) until it closes, for at most kLingerSeconds and
  // kLingerBytes. Closing with unread data makes the kernel reset the
  // connection, and the client could lose the answer it was sent.
  static constexpr int kLingerSeconds = 2;
  static constexpr std::size_t kLingerBytes = std::size_t{4} << 20;
  static constexpr std::size_t kLingerChunk = 16 * 1024;
  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec || lingering_) return;
    lingering_ = true;
    stream_.expires_after(std::chrono::seconds(kLingerSeconds));
    linger_buffer_ = std::make_unique<char[]>(kLingerChunk);
    drain(0);
  }
  void drain(std::size_t drained) {
    if (drained > kLingerBytes) return;
    stream_.async_read_some(net::buffer(linger_buffer_.get(), kLingerChunk),
                            [self = shared_from_this(), drained](beast::error_code ec, std::size_t n) {
                              if (!ec) self->drain(drained + n);
                            });
  }

  Stream stream_;
  Server::Impl& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string client_;
  unsigned served_ = 0;
  bool reading_ = false;
  bool lingering_ = false;
  std::unique_ptr<char[]> linger_buffer_;
};

void Server::Impl::accept() {
  // Each connection lives on one I/O thread's context, in turn.
  net::io_context& target = *io[next_io++ % io.size()];
  acceptor.async_accept(target, [this](beast::error_code ec, Socket socket) {
    if (ec) {
      if (stopping || ec == net::error::operation_aborted) return;
      return accept();  // e.g. too many open files: keep serving the others
    }
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    std::shared_ptr<Connection> c;
    {
      std::lock_guard lock(m);
      if (connections.size() < kMaxConnections) {
        c = std::make_shared<Connection>(std::move(socket), *this);
        connections.emplace(c.get(), c);
      }
    }
    if (c) c->start();  // else the socket closes here: the server is full
    accept();
  });
}

void Server::Impl::stop() {
  if (stopping.exchange(true)) return;
  net::post(*io[0], [this] {
    beast::error_code ec;
    acceptor.close(ec);
    signals.cancel(ec);
    std::vector<std::shared_ptr<Connection>> open;
    {
      std::lock_guard lock(m);
      for (auto& [p, w] : connections)
        if (auto c = w.lock()) open.push_back(std::move(c));
    }
    for (auto& c : open) c->close_if_idle();
    keep.clear();  // each context ends when its connections have
  });
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;

Result<std::unique_ptr<Server>> Server::bind(Site& site, const ListenAddress& address, unsigned threads) {
  const unsigned io_threads = std::clamp(std::thread::hardware_concurrency(), 1u, kMaxIoThreads);
  auto impl = std::make_unique<Impl>(site, io_threads, threads == 0 ? 1 : threads);
  beast::error_code ec;
  tcp::endpoint ep(net::ip::make_address(address.host, ec), address.port);
  if (ec) return Error::invalid_input(address.host + " is not an IP address");
  auto& a = impl->acceptor;
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  if (ec)
    return Error::unavailable("cannot listen on " + address.host + ":" + std::to_string(address.port) + ": " +
                              ec.message());
  impl->where = address.host + ":" + std::to_string(address.port);
  site.set_cache_preparer([](Response& r) { r.head = wire_head(r); });
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

Status Server::start_listening() {
  if (impl_->listening) return Ok{};
  beast::error_code ec;
  impl_->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) return Error::unavailable("cannot listen on " + impl_->where + ": " + ec.message());
  impl_->listening = true;
  return Ok{};
}

unsigned short Server::port() const { return impl_->acceptor.local_endpoint().port(); }

void Server::shutdown() { impl_->stop(); }

void Server::run(Signals signals) {
  Impl& s = *impl_;
  if (signals == Signals::Handle) {
    s.signals.add(SIGINT);
    s.signals.add(SIGTERM);
    s.signals.async_wait([&s](beast::error_code ec, int) {
      if (!ec) s.stop();
    });
  }
  if (Status st = start_listening(); !st) {
    std::fprintf(stderr, "journeyer: %s\n", st.error().message().c_str());
    return;
  }
  s.accept();
  // After a shutdown request, give requests in flight a grace period, then
  // stop whatever is left.
  std::mutex m;
  std::condition_variable cv;
  bool done = false;
  std::thread watchdog([&] {
    std::unique_lock lock(m);
    while (!done && !s.stopping) cv.wait_for(lock, std::chrono::milliseconds(200));
    if (!cv.wait_for(lock, std::chrono::seconds(kShutdownGraceSeconds), [&] { return done; }))
      for (auto& ioc : s.io) ioc->stop();
  });
  // Every context runs until shutdown, even before its first connection.
  for (auto& ioc : s.io) s.keep.push_back(net::make_work_guard(*ioc));
  std::vector<std::thread> pool;
  for (std::size_t i = 1; i < s.io.size(); ++i) pool.emplace_back([&s, i] { s.io[i]->run(); });
  s.io[0]->run();
  for (auto& t : pool) t.join();
  s.workers.join();
  {
    std::lock_guard lock(m);
    done = true;
  }
  cv.notify_all();
  watchdog.join();
}

}  // namespace journeyer::web
