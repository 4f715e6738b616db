// Adapted from Boost.Beast's advanced server example: one strand per
// connection, every limit a named constant (web/http.h).
#include <utility>  // before Asio: Boost 1.74 with g++ 12

#include "web/server.h"

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

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

struct Server::Impl {
  Site& site;
  net::io_context ioc;
  tcp::acceptor acceptor;
  net::signal_set signals;
  unsigned threads;
  std::atomic<bool> stopping{false};
  std::mutex m;
  std::unordered_map<Connection*, std::weak_ptr<Connection>> connections;

  Impl(Site& s, unsigned t) : site(s), ioc(static_cast<int>(t)), acceptor(ioc), signals(ioc), threads(t) {}
  void accept();
  void stop();
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket&& socket, Server::Impl& server) : stream_(std::move(socket)), server_(server) {
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
      return send_error(status, status == 431   ? "The request's headers are too large.\n"
                                : status == 413 ? "The request's body is too large.\n"
                                                : "The request is malformed.\n");
    }
    auto& req = parser_->get();
    Request r;
    switch (req.method()) {
      case http::verb::get: r.method = Method::Get; break;
      case http::verb::head: r.method = Method::Head; break;
      case http::verb::post: r.method = Method::Post; break;
      default: r.method = Method::Other; break;
    }
    std::string_view target(req.target().data(), req.target().size());
    auto q = target.find('?');
    r.path = std::string(target.substr(0, q));
    if (q != std::string_view::npos) r.query = std::string(target.substr(q + 1));
    if (auto it = req.find(http::field::content_type); it != req.end()) r.content_type = std::string(it->value());
    if (auto it = req.find(http::field::cookie); it != req.end()) r.cookie = std::string(it->value());
    if (auto it = req.find(http::field::if_none_match); it != req.end()) r.if_none_match = std::string(it->value());
    if (auto it = req.find(http::field::if_modified_since); it != req.end())
      r.if_modified_since = std::string(it->value());
    r.body = std::move(req.body());
    r.client = client_;
    Response out;
    try {
      out = server_.site.handle(r);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "journeyer: internal error on %s: %s\n", r.path.c_str(), e.what());
      out = plain_text(500, "Something went wrong on our side.\n");
    }
    bool keep_alive = req.keep_alive() && ++served_ < kMaxRequestsPerConnection && !server_.stopping;
    send(std::move(out), keep_alive, req.version(), r.method == Method::Head);
  }

  void send(Response out, bool keep_alive, unsigned version, bool head) {
    auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(out.status), version);
    res->set(http::field::server, "journeyer");
    res->set(http::field::content_type, out.content_type);
    for (auto& [k, v] : out.headers) res->insert(k, v);
    res->keep_alive(keep_alive);
    std::size_t length = out.body.size();
    res->body() = std::move(out.body);
    res->prepare_payload();
    if (head) res->content_length(length);
    stream_.expires_after(std::chrono::seconds(kRequestTimeoutSeconds));
    http::async_write(stream_, *res, [self = shared_from_this(), res, keep_alive](beast::error_code ec, std::size_t) {
      if (ec || !keep_alive) return self->close();
      self->read();
    });
  }

  void send_error(int status, const char* text) { send(plain_text(status, text), false, 11, false); }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream stream_;
  Server::Impl& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::string client_;
  unsigned served_ = 0;
  bool reading_ = false;
};

void Server::Impl::accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (stopping || ec == net::error::operation_aborted) return;
      return accept();  // e.g. too many open files: keep serving the others
    }
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
  net::post(ioc, [this] {
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
  });
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Server::~Server() = default;

Result<std::unique_ptr<Server>> Server::listen(Site& site, const ListenAddress& address, unsigned threads) {
  auto impl = std::make_unique<Impl>(site, threads == 0 ? 1 : threads);
  beast::error_code ec;
  tcp::endpoint ep(net::ip::make_address(address.host, ec), address.port);
  if (ec) return Error::invalid_input(address.host + " is not an IP address");
  auto& a = impl->acceptor;
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(net::socket_base::max_listen_connections, ec);
  if (ec)
    return Error::unavailable("cannot listen on " + address.host + ":" + std::to_string(address.port) + ": " +
                              ec.message());
  return std::unique_ptr<Server>(new Server(std::move(impl)));
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
  s.accept();
  // After a shutdown request, give requests in flight a grace period, then
  // stop whatever is left.
  std::mutex m;
  std::condition_variable cv;
  bool done = false;
  std::thread watchdog([&] {
    std::unique_lock lock(m);
    while (!done && !s.stopping) cv.wait_for(lock, std::chrono::milliseconds(200));
    if (!cv.wait_for(lock, std::chrono::seconds(kShutdownGraceSeconds), [&] { return done; })) s.ioc.stop();
  });
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < s.threads; ++i) pool.emplace_back([&s] { s.ioc.run(); });
  s.ioc.run();
  for (auto& t : pool) t.join();
  {
    std::lock_guard lock(m);
    done = true;
  }
  cv.notify_all();
  watchdog.join();
}

}  // namespace journeyer::web
