#include "feeds/fetch.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "util/text.h"

namespace journeyer::feeds {

namespace {

// ---- Destinations ------------------------------------------------------------
// The special-purpose registries of IANA (RFC 6890 and its updates): none
// of these is a public blog.

bool v4_in(std::uint32_t a, std::uint32_t net, int bits) {
  std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
  return (a & mask) == (net & mask);
}

constexpr std::uint32_t v4(int a, int b, int c, int d) {
  return (std::uint32_t(a) << 24) | (std::uint32_t(b) << 16) | (std::uint32_t(c) << 8) | std::uint32_t(d);
}

bool v4_loopback(std::uint32_t a) { return v4_in(a, v4(127, 0, 0, 0), 8); }

bool v4_public(std::uint32_t a) {
  static constexpr std::pair<std::uint32_t, int> kBlocked[] = {
      {v4(0, 0, 0, 0), 8},        // "this network"
      {v4(10, 0, 0, 0), 8},       // private
      {v4(100, 64, 0, 0), 10},    // shared address space (carrier NAT)
      {v4(127, 0, 0, 0), 8},      // loopback
      {v4(169, 254, 0, 0), 16},   // link-local (cloud metadata lives here)
      {v4(172, 16, 0, 0), 12},    // private
      {v4(192, 0, 0, 0), 24},     // IETF protocol assignments
      {v4(192, 0, 2, 0), 24},     // documentation
      {v4(192, 88, 99, 0), 24},   // 6to4 relay anycast
      {v4(192, 168, 0, 0), 16},   // private
      {v4(198, 18, 0, 0), 15},    // benchmarking
      {v4(198, 51, 100, 0), 24},  // documentation
      {v4(203, 0, 113, 0), 24},   // documentation
      {v4(224, 0, 0, 0), 4},      // multicast
      {v4(240, 0, 0, 0), 4},      // reserved, and broadcast
  };
  for (auto [net, bits] : kBlocked)
    if (v4_in(a, net, bits)) return false;
  return true;
}

bool v4_allowed(std::uint32_t a, Destinations d) {
  return v4_public(a) || (d == Destinations::AllowLoopback && v4_loopback(a));
}

std::uint32_t v4_at(const unsigned char* b) {
  return (std::uint32_t(b[0]) << 24) | (std::uint32_t(b[1]) << 16) | (std::uint32_t(b[2]) << 8) | b[3];
}

bool v6_allowed(const unsigned char* b, Destinations d) {
  static const unsigned char kZero[16] = {};
  const bool first80_zero = std::memcmp(b, kZero, 10) == 0;
  if (first80_zero && b[10] == 0xff && b[11] == 0xff) return v4_allowed(v4_at(b + 12), d);  // ::ffff:a.b.c.d
  if (std::memcmp(b, kZero, 15) == 0 && (b[15] == 0 || b[15] == 1))                         // :: and ::1
    return b[15] == 1 && d == Destinations::AllowLoopback;
  if (first80_zero && b[10] == 0 && b[11] == 0) return false;  // IPv4-compatible (deprecated)
  static const unsigned char kNat64[12] = {0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
  if (std::memcmp(b, kNat64, 12) == 0) return v4_public(v4_at(b + 12));            // 64:ff9b::/96
  if (b[0] == 0x20 && b[1] == 0x02) return v4_public(v4_at(b + 2));                // 6to4 2002::/16
  if ((b[0] & 0xfe) == 0xfc) return false;                                         // unique local fc00::/7
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return false;                         // link-local fe80::/10
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return false;                         // site-local fec0::/10
  if (b[0] == 0xff) return false;                                                  // multicast
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return false;  // documentation
  if (b[0] == 0x01 && std::memcmp(b + 1, kZero, 7) == 0) return false;             // discard-only 100::/64
  return true;
}

std::string numeric(const struct sockaddr* sa) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (sa->sa_family == AF_INET)
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(sa)->sin_addr, buf, sizeof buf);
  else if (sa->sa_family == AF_INET6)
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr, buf, sizeof buf);
  return buf;
}

bool sockaddr_allowed(const struct sockaddr* sa, Destinations d) {
  if (sa->sa_family == AF_INET) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(sa);
    return v4_allowed(ntohl(in->sin_addr.s_addr), d);
  }
  if (sa->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(sa);
    return v6_allowed(in6->sin6_addr.s6_addr, d);
  }
  return false;  // Unix sockets and the rest
}

// Why the fetcher will not fetch from an address, for the member, after
// "the feed's address ADDRESS".
constexpr std::string_view kRefusedDestination =
    " is a private, loopback or link-local address; the aggregator fetches only from the public internet";

// "localhost" and the names under it always lead to a loopback address
// (RFC 6761, section 6.3).
bool is_localhost_name(std::string_view host) {
  constexpr std::string_view kLocalhost = "localhost";
  if (host.ends_with('.')) host.remove_suffix(1);
  if (host.size() < kLocalhost.size()) return false;
  const std::string_view last = host.substr(host.size() - kLocalhost.size());
  return ascii_iequals(last, kLocalhost) &&
         (host.size() == last.size() || host[host.size() - last.size() - 1] == '.');
}

// Whether the fetcher may connect to a numeric address (IPv4 or IPv6 text);
// nullopt when `host` is not one.
std::optional<bool> literal_allowed(std::string_view host, Destinations d) {
  std::string s(host);
  unsigned char b[16];
  if (inet_pton(AF_INET, s.c_str(), b) == 1) return v4_allowed(v4_at(b), d);
  if (inet_pton(AF_INET6, s.c_str(), b) == 1) return v6_allowed(b, d);
  return std::nullopt;
}

// ---- One transfer ------------------------------------------------------------

struct Transfer {
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  FetchRequest request;
  std::string body;
  std::size_t max_bytes = 0;
  bool too_large = false;
  Destinations destinations = Destinations::PublicOnly;
  std::string refused_address;  // set when the destination check said no
  char errbuf[CURL_ERROR_SIZE] = {};

  ~Transfer() {
    if (easy) curl_easy_cleanup(easy);
    if (headers) curl_slist_free_all(headers);
  }
};

std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const std::size_t bytes = size * n;
  if (t->body.size() + bytes > t->max_bytes) {
    t->too_large = true;
    return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
  }
  t->body.append(data, bytes);
  return bytes;
}

curl_socket_t on_open_socket(void* user, curlsocktype purpose, struct curl_sockaddr* address) {
  auto* t = static_cast<Transfer*>(user);
  if (purpose != CURLSOCKTYPE_IPCXN || !sockaddr_allowed(&address->addr, t->destinations)) {
    t->refused_address = numeric(&address->addr);
    return CURL_SOCKET_BAD;
  }
  return socket(address->family, address->socktype, address->protocol);
}

std::string header_value(CURL* easy, const char* name) {
  struct curl_header* h = nullptr;
  if (curl_easy_header(easy, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK || !h || !h->value) return {};
  return h->value;
}

std::string seconds_text(std::chrono::milliseconds ms) {
  auto s = (ms.count() + 999) / 1000;
  return std::to_string(s) + (s == 1 ? " second" : " seconds");
}

// What went wrong, in words a member can act on.
std::string describe_failure(CURLcode code, const Transfer& t, const FetchLimits& limits) {
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return "the blog's server did not send the feed within " + seconds_text(limits.timeout);
    case CURLE_COULDNT_RESOLVE_HOST:
      return "the blog's host name was not found (DNS)";
    case CURLE_COULDNT_CONNECT:
      if (!t.refused_address.empty())
        return "the feed's address " + t.refused_address + std::string(kRefusedDestination);
      return "could not connect to the blog's server";
    case CURLE_TOO_MANY_REDIRECTS:
      return "the feed redirects more than " + std::to_string(limits.max_redirects) +
             " times (a redirect loop?)";
    case CURLE_WRITE_ERROR:
    case CURLE_FILESIZE_EXCEEDED:
      if (t.too_large || code == CURLE_FILESIZE_EXCEEDED)
        return "the feed is larger than " + std::to_string(limits.max_bytes / 1024) + " KiB";
      break;
    case CURLE_UNSUPPORTED_PROTOCOL:
      return "the feed's address (or a redirect) is not an http:// or https:// address";
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CACERT_BADFILE:
      return "the blog's HTTPS connection was refused (" + std::string(curl_easy_strerror(code)) + ")";
    case CURLE_BAD_CONTENT_ENCODING:
      return "the feed's compressed content could not be decoded";
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
      return "the blog's server closed the connection before sending the whole feed";
    default:
      break;
  }
  std::string m = curl_easy_strerror(code);
  if (t.errbuf[0]) m += std::string(" (") + t.errbuf + ")";
  return "fetching the feed failed: " + m;
}

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct UrlFree {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};

}  // namespace

bool destination_allowed(std::string_view numeric_address, Destinations d) {
  return literal_allowed(numeric_address, d).value_or(false);
}

Status check_feed_url(std::string_view url, Destinations destinations) {
  if (url.size() > 2000) return Error::invalid_input("The feed address is too long.");
  for (char c : url)
    if (static_cast<unsigned char>(c) <= ' ' || c == '"' || c == '<' || c == '>')
      return Error::invalid_input("The feed address has a space or a quote in it.");
  global_init();
  std::unique_ptr<CURLU, UrlFree> u(curl_url());
  std::string s(url);
  if (!u || curl_url_set(u.get(), CURLUPART_URL, s.c_str(), 0) != CURLUE_OK)
    return Error::invalid_input("The feed address is not a valid http:// or https:// address.");
  char* scheme = nullptr;
  char* host = nullptr;
  curl_url_get(u.get(), CURLUPART_SCHEME, &scheme, 0);
  curl_url_get(u.get(), CURLUPART_HOST, &host, 0);
  std::string sch = scheme ? scheme : "";
  std::string host_name = host ? host : "";
  curl_free(scheme);
  curl_free(host);
  if (sch != "http" && sch != "https")
    return Error::invalid_input("The feed must be an http:// or https:// address.");
  if (host_name.empty()) return Error::invalid_input("The feed address has no host name.");
  // An IPv6 literal comes in brackets; curl writes IPv4 ones in dotted
  // decimal however they were typed ("127.1", "0x7f000001").
  if (host_name.front() == '[' && host_name.back() == ']')
    host_name = host_name.substr(1, host_name.size() - 2);
  const std::optional<bool> allowed = literal_allowed(host_name, destinations);
  const bool refused =
      allowed ? !*allowed : destinations == Destinations::PublicOnly && is_localhost_name(host_name);
  if (refused)
    return Error::invalid_input("The feed's address " + host_name + std::string(kRefusedDestination) + ".");
  return Ok{};
}

Fetcher::Fetcher(FetchLimits limits) : limits_(std::move(limits)) {
  global_init();
  multi_ = curl_multi_init();
}

Fetcher::~Fetcher() { curl_multi_cleanup(static_cast<CURLM*>(multi_)); }

void Fetcher::run(const std::function<std::optional<FetchRequest>()>& next,
                  const std::function<void(FetchRequest&&, FetchResponse&&)>& done,
                  const std::atomic<bool>* stop) {
  CURLM* multi = static_cast<CURLM*>(multi_);
  std::unordered_map<CURL*, std::unique_ptr<Transfer>> active;
  std::size_t in_flight = 0;
  bool exhausted = false;
  auto stopping = [&] { return stop && stop->load(std::memory_order_relaxed); };

  auto start = [&](FetchRequest&& req) {
    auto t = std::make_unique<Transfer>();
    t->request = std::move(req);
    t->max_bytes = limits_.max_bytes;
    t->destinations = limits_.destinations;
    t->easy = curl_easy_init();
    CURL* e = t->easy;
    curl_easy_setopt(e, CURLOPT_URL, t->request.url.c_str());
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, limits_.max_redirects);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, static_cast<long>(limits_.timeout.count()));
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(limits_.timeout.count()));
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_NOPROXY, "*");         // the destination check must see the real peer
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // every encoding libcurl decodes (gzip, deflate...)
    curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(limits_.max_bytes));
    curl_easy_setopt(e, CURLOPT_USERAGENT, limits_.user_agent.c_str());
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, on_open_socket);
    curl_easy_setopt(e, CURLOPT_OPENSOCKETDATA, t.get());
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->errbuf);
    if (!t->request.etag.empty())
      t->headers = curl_slist_append(t->headers, ("If-None-Match: " + t->request.etag).c_str());
    if (!t->request.last_modified.empty())
      t->headers = curl_slist_append(t->headers, ("If-Modified-Since: " + t->request.last_modified).c_str());
    if (t->headers) curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->headers);
    curl_multi_add_handle(multi, e);
    active.emplace(e, std::move(t));
    ++in_flight;
  };

  auto finish = [&](CURL* e, CURLcode code) {
    auto it = active.find(e);
    std::unique_ptr<Transfer> t = std::move(it->second);
    active.erase(it);
    curl_multi_remove_handle(multi, e);
    --in_flight;
    FetchResponse r;
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &r.http_status);
    char* final_url = nullptr;
    curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &final_url);
    r.final_url = final_url ? final_url : t->request.url;
    if (code != CURLE_OK) {
      r.error = describe_failure(code, *t, limits_);
    } else if (r.http_status == 304) {
      r.outcome = FetchOutcome::NotModified;
    } else if (r.http_status >= 200 && r.http_status < 300) {
      r.outcome = FetchOutcome::Fetched;
      r.body = std::move(t->body);
    } else if (r.http_status >= 300 && r.http_status < 400) {
      r.error = "the blog's server answered " + std::to_string(r.http_status) + " without a usable redirect";
    } else {
      r.error = "the blog's server answered " + std::to_string(r.http_status) +
                (r.http_status == 404   ? " (not found)"
                 : r.http_status == 410 ? " (gone)"
                                        : "");
    }
    if (r.outcome != FetchOutcome::Failed) {
      r.etag = header_value(e, "ETag");
      r.last_modified = header_value(e, "Last-Modified");
    }
    done(std::move(t->request), std::move(r));
  };

  while (true) {
    while (in_flight < limits_.max_in_flight && !exhausted && !stopping()) {
      auto req = next();
      if (!req) {
        exhausted = true;
        break;
      }
      start(std::move(*req));
    }
    if (in_flight == 0 || stopping()) break;
    int running = 0;
    curl_multi_perform(multi, &running);
    int queued = 0;
    while (CURLMsg* m = curl_multi_info_read(multi, &queued))
      if (m->msg == CURLMSG_DONE) finish(m->easy_handle, m->data.result);
    if (in_flight > 0 && static_cast<std::size_t>(running) == in_flight)
      curl_multi_poll(multi, nullptr, 0, 100, nullptr);
  }
  // Stopped early: drop what is still running, unreported.
  for (auto& [easy, t] : active) curl_multi_remove_handle(multi, easy);
  active.clear();
}

}  // namespace journeyer::feeds
