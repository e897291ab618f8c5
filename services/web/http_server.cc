#include "services/web/http_server.h"

#include <deque>
#include <limits>
#include <set>
#include <sstream>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/caller.h"
#include "common/log.h"

namespace district::web {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

std::chrono::nanoseconds Chrono(absl::Duration d) { return absl::ToChronoNanoseconds(d); }

// A segment a `*` may match: what the suite's names and ids are made of.
bool IsCaptureSegment(absl::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!absl::ascii_isalnum(c) && c != '.' && c != '_' && c != '-') return false;
  }
  return s != "." && s != "..";
}

// 413, with the API's error body.
HttpReply TooLarge(size_t max_body) {
  HttpReply reply =
      ErrorReply(grpc::StatusCode::RESOURCE_EXHAUSTED,
                 absl::StrCat("request body too large (at most ", max_body, " bytes here)"));
  reply.status = 413;
  return reply;
}

// Fills `request` from a parsed head: method, target, path and query, headers, request id. The
// reply to send instead when the head breaks a limit or its target is not a path.
std::optional<HttpReply> RequestFromHead(const http::request_header<>& head,
                                         const HttpLimits& limits, HttpRequest* request) {
  request->method = std::string(head.method_string());
  request->target = std::string(head.target());
  size_t fields = 0;
  for (const auto& field : head) {
    if (++fields > limits.max_header_fields) break;
    request->headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  const std::string given = request->Header("X-Request-Id");
  request->request_id = IsSensibleRequestId(given) ? given : NewRequestId();
  if (fields > limits.max_header_fields) {
    return ErrorReply(grpc::StatusCode::INVALID_ARGUMENT,
                      absl::StrCat("more than ", limits.max_header_fields, " header fields"));
  }
  const absl::string_view target = request->target;
  const size_t question = target.find('?');
  request->path = PercentDecode(target.substr(0, question), false);
  if (question != absl::string_view::npos) {
    request->query = std::string(target.substr(question + 1));
  }
  if (target.empty() || target[0] != '/') {
    return ErrorReply(grpc::StatusCode::INVALID_ARGUMENT, "the target must be a path");
  }
  return std::nullopt;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string PercentDecode(absl::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      const int hi = HexDigit(s[i + 1]), lo = HexDigit(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_is_space && c == '+' ? ' ' : c);
  }
  return out;
}

std::string HttpRequest::Header(absl::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (absl::EqualsIgnoreCase(n, name)) return v;
  }
  return "";
}

std::string HttpRequest::Param(absl::string_view name) const {
  for (absl::string_view pair : absl::StrSplit(query, '&')) {
    const size_t eq = pair.find('=');
    if (PercentDecode(pair.substr(0, eq), true) != name) continue;
    return eq == absl::string_view::npos ? "" : PercentDecode(pair.substr(eq + 1), true);
  }
  return "";
}

const HttpServer::Route* HttpServer::Match(absl::string_view method, absl::string_view path,
                                           std::vector<std::string>* captures) const {
  if (path.empty() || path[0] != '/') return nullptr;
  const std::vector<absl::string_view> segments = absl::StrSplit(path.substr(1), '/');
  for (const Route& route : routes_) {
    if (route.method != method) continue;
    const std::vector<absl::string_view> pattern =
        absl::StrSplit(absl::string_view(route.pattern).substr(1), '/');
    if (pattern.size() != segments.size()) continue;
    captures->clear();
    bool matched = true;
    for (size_t i = 0; i < pattern.size() && matched; ++i) {
      if (pattern[i] == "*") {
        matched = IsCaptureSegment(segments[i]);
        if (matched) captures->emplace_back(segments[i]);
      } else {
        matched = pattern[i] == segments[i];
      }
    }
    if (matched) return &route;
  }
  captures->clear();
  return nullptr;
}

// ---------------------------------------------------------------------------------------------
// The Asio side.

class Connection;

class HttpServer::Impl {
 public:
  Impl(HttpServer* server, const Options& options)
      : server(server), options(options), workers(options.limits.worker_threads) {}
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  // Whether a new connection from `peer` may stay; counted when it may.
  bool Admit(const std::string& peer) {
    std::lock_guard<std::mutex> lock(mu);
    if (stopping.load() || open >= options.limits.max_connections) return false;
    int& n = per_client[peer];
    if (n >= options.limits.max_connections_per_client) {
      if (n == 0) per_client.erase(peer);
      return false;
    }
    ++n;
    ++open;
    server->open_connections_.store(open);
    return true;
  }
  void Release(const std::string& peer, Connection* connection) {
    std::lock_guard<std::mutex> lock(mu);
    if (--per_client[peer] == 0) per_client.erase(peer);
    --open;
    live.erase(connection);
    server->open_connections_.store(open);
    if (open == 0) drained.notify_all();
  }

  void Accept();
  const HttpServer::Handler& fallback() const { return server->fallback_; }
  void Observe(const HttpRequest& request, int status, absl::Duration latency) const {
    if (server->observer_ != nullptr) server->observer_(request, status, latency);
  }

  HttpServer* const server;
  const Options& options;
  std::optional<ssl::context> tls;
  std::atomic<int> queued{0};
  std::atomic<bool> stopping{false};
  std::mutex mu;  // guards the counts and `live`
  std::condition_variable drained;
  int open = 0;
  std::map<std::string, int> per_client;
  std::map<Connection*, std::weak_ptr<Connection>> live;
  std::vector<std::thread> io_threads;
  // Last, in this order, so that they go first: a connection still queued in either reaches back
  // to the members above, and its socket needs the io_context.
  net::io_context ioc;
  std::optional<tcp::acceptor> acceptor;
  net::thread_pool workers;
};

// One client connection, plain or TLS. Everything runs on its strand.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(HttpServer::Impl& impl, tcp::socket socket, std::string peer)
      : impl_(impl),
        limits_(impl.options.limits),
        peer_(std::move(peer)),
        keepalive_(socket.get_executor()) {
    if (impl.tls) {
      tls_.emplace(beast::tcp_stream(std::move(socket)), *impl.tls);
    } else {
      plain_.emplace(std::move(socket));
    }
  }
  ~Connection() { impl_.Release(peer_, this); }

  void Start() {
    if (!tls_) return ReadHead(limits_.head_timeout);
    Lowest().expires_after(Chrono(limits_.handshake_timeout));
    tls_->async_handshake(ssl::stream_base::server,
                          [self = shared_from_this()](beast::error_code ec) {
                            if (ec) return self->Close();
                            self->ReadHead(self->limits_.head_timeout);
                          });
  }

  // The server is stopping: an idle connection or a stream ends now; a request in flight is
  // answered first (and the connection closed after it).
  void Shutdown() {
    net::post(Lowest().get_executor(), [self = shared_from_this()] {
      if (self->streaming_) return self->EndStream();
      if (self->reading_head_) self->Close();
    });
  }

  // The event stream's side (on the strand).
  void Push(std::string text);
  void EndStream();
  void OnStreamClose(std::function<void()> f);
  bool stream_ended() const { return stream_ended_.load(); }
  net::any_io_executor executor() { return Lowest().get_executor(); }

 private:
  beast::tcp_stream& Lowest() { return tls_ ? beast::get_lowest_layer(*tls_) : *plain_; }

  template <typename F>
  void WithStream(F&& f) {
    if (tls_) {
      f(*tls_);
    } else {
      f(*plain_);
    }
  }

  void ReadHead(absl::Duration timeout);
  void OnHead(beast::error_code ec);
  void ReadBodyOrDispatch();
  void ReadBody();
  void Dispatch();
  void Offload(std::function<void()> work);
  void StartStream();
  void Write(HttpReply reply, bool close);
  void WriteNext();
  void Close();
  void Linger();
  void KeepAliveTick();

  HttpServer::Impl& impl_;
  const HttpLimits& limits_;
  const std::string peer_;
  std::optional<beast::tcp_stream> plain_;
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls_;
  beast::flat_buffer buffer_{64 << 10};
  std::optional<http::request_parser<http::empty_body>> head_;
  std::optional<http::request_parser<http::string_body>> body_;
  HttpRequest request_;
  const HttpServer::Route* route_ = nullptr;
  HttpServer::Handler fallback_;  // when no route matched a GET
  std::chrono::steady_clock::time_point start_;
  bool keep_alive_ = false;
  bool reading_head_ = false;
  bool body_unread_ = false;  // the head announced a body not read (yet)
  std::shared_ptr<http::response<http::string_body>> response_;
  int status_ = 0;

  // An event stream.
  bool streaming_ = false;
  std::atomic<bool> stream_ended_{false};
  std::deque<std::string> out_;
  size_t out_bytes_ = 0;
  bool writing_ = false;
  bool end_after_writes_ = false;
  std::vector<std::function<void()>> on_stream_close_;
  net::steady_timer keepalive_;
  std::chrono::steady_clock::time_point last_write_;
  char scratch_[512];
};

namespace {

// What a stream's owner holds: the connection, weakly.
class EventStreamImpl : public EventStream {
 public:
  explicit EventStreamImpl(std::shared_ptr<Connection> c)
      : connection_(c), executor_(c->executor()) {}
  bool Send(std::string text) override {
    std::shared_ptr<Connection> c = connection_.lock();
    if (c == nullptr || c->stream_ended()) return false;
    net::post(executor_, [c, text = std::move(text)]() mutable { c->Push(std::move(text)); });
    return true;
  }
  void Close() override {
    if (std::shared_ptr<Connection> c = connection_.lock()) {
      net::post(executor_, [c] { c->EndStream(); });
    }
  }
  void OnClose(std::function<void()> f) override {
    std::shared_ptr<Connection> c = connection_.lock();
    if (c == nullptr) return f();
    net::dispatch(executor_, [c, f = std::move(f)]() mutable { c->OnStreamClose(std::move(f)); });
  }

 private:
  std::weak_ptr<Connection> connection_;
  net::any_io_executor executor_;
};

// Events queued for a client that does not read them: beyond this, the stream ends.
constexpr size_t kMaxQueuedEventBytes = 1 << 20;
// Of a refused request's unread body, what is read and dropped before closing, so that the
// client sees the refusal rather than a reset.
constexpr size_t kMaxLingerBytes = 1 << 20;
constexpr auto kLingerTime = std::chrono::seconds(2);

}  // namespace

void Connection::ReadHead(absl::Duration timeout) {
  reading_head_ = true;
  body_unread_ = false;
  request_ = HttpRequest();
  route_ = nullptr;
  body_.reset();
  head_.emplace();
  head_->header_limit(static_cast<uint32_t>(limits_.max_head_bytes));
  // The body's size is judged against the route, once the head is known.
  head_->body_limit(std::numeric_limits<std::uint64_t>::max());
  Lowest().expires_after(Chrono(timeout));
  WithStream([&](auto& stream) {
    http::async_read_header(
        stream, buffer_, *head_,
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHead(ec); });
  });
}

void Connection::OnHead(beast::error_code ec) {
  reading_head_ = false;
  start_ = std::chrono::steady_clock::now();
  if (ec == http::error::header_limit) {
    return Write(ErrorReply(grpc::StatusCode::INVALID_ARGUMENT, "request head too large"), true);
  }
  if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
      ec == net::error::operation_aborted || ec == net::error::connection_reset ||
      ec == net::error::eof || ec == ssl::error::stream_truncated) {
    return Close();
  }
  if (ec) {
    return Write(ErrorReply(grpc::StatusCode::INVALID_ARGUMENT,
                            absl::StrCat("malformed request: ", ec.message())),
                 true);
  }
  request_.peer = peer_;
  keep_alive_ = head_->keep_alive();
  status_ = 0;
  if (std::optional<HttpReply> refused = RequestFromHead(head_->get(), limits_, &request_)) {
    return Write(*std::move(refused), true);
  }
  route_ = impl_.server->Match(request_.method, request_.path, &request_.captures);
  const bool has_body = head_->chunked() || head_->content_length().value_or(0) > 0;
  body_unread_ = has_body;
  if (route_ == nullptr) {
    const bool fallback = request_.method == "GET" && impl_.fallback() != nullptr;
    if (!fallback || has_body) {
      return Write(ErrorReply(grpc::StatusCode::NOT_FOUND,
                              absl::StrCat("no such path ", request_.method, " ", request_.path)),
                   has_body);
    }
    fallback_ = impl_.fallback();
    return Dispatch();
  }
  if (has_body && head_->content_length().value_or(0) > route_->max_body) {
    return Write(TooLarge(route_->max_body), true);
  }
  if (route_->check) {
    if (std::optional<HttpReply> refused = route_->check(request_)) {
      return Write(*std::move(refused), has_body);
    }
  }
  if (route_->stream) return StartStream();
  if (!route_->authorize) return ReadBodyOrDispatch();
  if (route_->mode == HttpServer::Mode::kInline) {
    if (std::optional<HttpReply> refused = route_->authorize(request_)) {
      return Write(*std::move(refused), has_body);
    }
    return ReadBodyOrDispatch();
  }
  Offload([self = shared_from_this()] {
    std::optional<HttpReply> refused = self->route_->authorize(self->request_);
    net::post(self->executor(), [self, refused = std::move(refused)]() mutable {
      if (refused) return self->Write(*std::move(refused), self->body_unread_);
      self->ReadBodyOrDispatch();
    });
  });
}

void Connection::ReadBodyOrDispatch() {
  if (!body_unread_) return Dispatch();
  if (absl::EqualsIgnoreCase(request_.Header("Expect"), "100-continue")) {
    auto cont = std::make_shared<std::string>("HTTP/1.1 100 Continue\r\n\r\n");
    WithStream([&](auto& stream) {
      net::async_write(stream, net::buffer(*cont),
                       [self = shared_from_this(), cont](beast::error_code ec, size_t) {
                         if (ec) return self->Close();
                         self->ReadBody();
                       });
    });
    return;
  }
  ReadBody();
}

// Runs `work` on a worker; 503 at once when too many wait for one.
void Connection::Offload(std::function<void()> work) {
  Lowest().expires_never();
  if (impl_.queued.fetch_add(1) >= impl_.options.limits.max_queued) {
    impl_.queued.fetch_sub(1);
    return Write(ErrorReply(grpc::StatusCode::UNAVAILABLE, "the web service is busy; try again"),
                 false);
  }
  net::post(impl_.workers, [this, work = std::move(work)] {
    impl_.queued.fetch_sub(1);
    work();
  });
}

void Connection::ReadBody() {
  body_.emplace(std::move(*head_));
  body_->body_limit(route_->max_body);
  // The head and the body together: a body trickled in slowly does not extend it.
  Lowest().expires_at(start_ + Chrono(limits_.body_timeout));
  WithStream([&](auto& stream) {
    http::async_read(stream, buffer_, *body_,
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                       if (ec == http::error::body_limit) {
                         return self->Write(TooLarge(self->route_->max_body), true);
                       }
                       if (ec) return self->Close();
                       self->body_unread_ = false;
                       self->request_.body = std::move(self->body_->get().body());
                       self->body_.reset();
                       self->Dispatch();
                     });
  });
}

void Connection::Dispatch() {
  Lowest().expires_never();
  if (impl_.stopping.load()) keep_alive_ = false;
  const HttpServer::Handler& handler = route_ != nullptr ? route_->handler : fallback_;
  if (route_ == nullptr || route_->mode == HttpServer::Mode::kInline) {
    HttpReply reply = handler(request_);
    return Write(std::move(reply), false);
  }
  Offload([self = shared_from_this(), &handler] {
    HttpReply reply = handler(self->request_);
    net::post(self->executor(),
              [self, reply = std::move(reply)]() mutable { self->Write(std::move(reply), false); });
  });
}

void Connection::Write(HttpReply reply, bool close) {
  // A refusal before the body was read leaves it unread: the connection cannot go on.
  if (body_unread_) close = true;
  auto response = std::make_shared<http::response<http::string_body>>();
  response->version(11);
  response->result(static_cast<unsigned>(reply.status));
  for (const auto& [name, value] : impl_.options.headers) response->set(name, value);
  response->set(http::field::content_type, reply.content_type);
  response->set("X-Request-Id", request_.request_id);
  for (const auto& [name, value] : reply.headers) response->insert(name, value);
  response->body() = std::move(reply.body);
  response->keep_alive(keep_alive_ && !close && !impl_.stopping.load());
  response->prepare_payload();
  status_ = reply.status;
  response_ = response;
  Lowest().expires_after(Chrono(limits_.write_timeout));
  WithStream([&](auto& stream) {
    http::async_write(
        stream, *response, [self = shared_from_this(), response](beast::error_code ec, size_t) {
          self->impl_.Observe(self->request_, self->status_,
                              absl::FromChrono(std::chrono::steady_clock::now() - self->start_));
          self->response_.reset();
          if (ec) return self->Close();
          if (!response->keep_alive()) return self->Linger();
          self->ReadHead(self->limits_.idle_timeout);
        });
  });
}

// After a reply that ends the connection: say so to the peer, read and drop what it still sends
// for a moment (a refused body), then close.
void Connection::Linger() {
  if (tls_) {
    Lowest().expires_after(kLingerTime);
    return tls_->async_shutdown([self = shared_from_this()](beast::error_code) { self->Close(); });
  }
  beast::error_code ignored;
  plain_->socket().shutdown(tcp::socket::shutdown_send, ignored);
  Lowest().expires_after(kLingerTime);
  auto dropped = std::make_shared<size_t>(0);
  auto drain = std::make_shared<std::function<void()>>();
  *drain = [self = shared_from_this(), dropped, drain] {
    self->plain_->async_read_some(net::buffer(self->scratch_),
                                  [self, dropped, drain](beast::error_code ec, size_t n) {
                                    *dropped += n;
                                    if (ec || *dropped > kMaxLingerBytes) {
                                      self->Close();
                                      *drain = nullptr;  // breaks the cycle
                                      return;
                                    }
                                    (*drain)();
                                  });
  };
  (*drain)();
}

void Connection::Close() {
  beast::error_code ignored;
  Lowest().socket().close(ignored);
  if (streaming_) EndStream();
}

// ---- Server-Sent Events

void Connection::StartStream() {
  Lowest().expires_never();
  auto stream = std::make_shared<EventStreamImpl>(shared_from_this());
  streaming_ = true;
  if (std::optional<HttpReply> refused = route_->stream(request_, stream)) {
    streaming_ = false;
    stream_ended_.store(true);
    return Write(*std::move(refused), false);
  }
  std::ostringstream head;
  http::response<http::empty_body> response{http::status::ok, 11};
  for (const auto& [name, value] : impl_.options.headers) response.set(name, value);
  response.set(http::field::content_type, "text/event-stream");
  response.set(http::field::cache_control, "no-store");
  response.set("X-Request-Id", request_.request_id);
  response.keep_alive(false);  // the events run until the connection closes
  head << response.base();
  status_ = 200;
  impl_.Observe(request_, 200, absl::FromChrono(std::chrono::steady_clock::now() - start_));
  out_.push_front(head.str());
  out_bytes_ += out_.front().size();
  if (!writing_) WriteNext();
  // A read that ends when the client goes away; whatever it sends is ignored.
  auto watch = std::make_shared<std::function<void()>>();
  *watch = [self = shared_from_this(), watch] {
    self->WithStream([&](auto& s) {
      s.async_read_some(net::buffer(self->scratch_), [self, watch](beast::error_code ec, size_t) {
        if (ec) {
          self->EndStream();
          *watch = nullptr;
          return;
        }
        (*watch)();
      });
    });
  };
  (*watch)();
  last_write_ = std::chrono::steady_clock::now();
  KeepAliveTick();
}

void Connection::KeepAliveTick() {
  keepalive_.expires_after(Chrono(limits_.event_keepalive));
  keepalive_.async_wait([self = shared_from_this()](beast::error_code ec) {
    if (ec || self->stream_ended()) return;
    if (std::chrono::steady_clock::now() - self->last_write_ >=
        Chrono(self->limits_.event_keepalive)) {
      self->Push(": keep-alive\n\n");
    }
    self->KeepAliveTick();
  });
}

void Connection::Push(std::string text) {
  if (stream_ended()) return;
  out_bytes_ += text.size();
  out_.push_back(std::move(text));
  if (out_bytes_ > kMaxQueuedEventBytes) return EndStream();  // the client does not read
  if (!writing_) WriteNext();
}

void Connection::WriteNext() {
  if (out_.empty()) {
    writing_ = false;
    if (end_after_writes_) Close();
    return;
  }
  writing_ = true;
  Lowest().expires_after(Chrono(limits_.write_timeout));
  auto text = std::make_shared<std::string>(std::move(out_.front()));
  out_.pop_front();
  out_bytes_ -= text->size();
  WithStream([&](auto& stream) {
    net::async_write(stream, net::buffer(*text),
                     [self = shared_from_this(), text](beast::error_code ec, size_t) {
                       self->Lowest().expires_never();
                       if (ec) {
                         self->writing_ = false;
                         return self->EndStream();
                       }
                       self->last_write_ = std::chrono::steady_clock::now();
                       self->WriteNext();
                     });
  });
}

void Connection::EndStream() {
  if (stream_ended_.exchange(true)) return;
  keepalive_.cancel();
  std::vector<std::function<void()>> callbacks;
  callbacks.swap(on_stream_close_);
  for (auto& f : callbacks) f();
  // What is queued (a last event) goes out first, unless the socket is gone.
  if (writing_ || !out_.empty()) {
    end_after_writes_ = true;
    if (!writing_) WriteNext();
    return;
  }
  Close();
}

void Connection::OnStreamClose(std::function<void()> f) {
  if (stream_ended()) return f();
  on_stream_close_.push_back(std::move(f));
}

// ---------------------------------------------------------------------------------------------

void HttpServer::Impl::Accept() {
  acceptor->async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor->is_open()) return;
    if (!ec) {
      beast::error_code endpoint_error;
      const auto remote = socket.remote_endpoint(endpoint_error);
      std::string peer = endpoint_error ? "" : remote.address().to_string();
      if (!Admit(peer)) {
        socket.close(endpoint_error);  // over a limit: costs nothing more
      } else {
        socket.set_option(tcp::no_delay(true), endpoint_error);
        auto connection = std::make_shared<Connection>(*this, std::move(socket), peer);
        {
          std::lock_guard<std::mutex> lock(mu);
          live.emplace(connection.get(), connection);
        }
        connection->Start();
      }
    } else if (ec == net::error::no_descriptors || ec == net::error::no_buffer_space) {
      LogWarning(absl::StrCat("accept: ", ec.message()));  // out of descriptors: shed, go on
    }
    Accept();
  });
}

HttpServer::HttpServer(Options options) : options_(std::move(options)) {}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::Add(Route route) { routes_.push_back(std::move(route)); }
void HttpServer::SetFallback(Handler handler) { fallback_ = std::move(handler); }
void HttpServer::SetObserver(Observer observer) { observer_ = std::move(observer); }

absl::Status HttpServer::Start() {
  impl_ = std::make_unique<Impl>(this, options_);
  if (!options_.tls_cert.empty() || !options_.tls_key.empty()) {
    if (options_.tls_cert.empty() || options_.tls_key.empty()) {
      return absl::InvalidArgumentError("--tls_cert and --tls_key go together");
    }
    impl_->tls.emplace(ssl::context::tls_server);
    impl_->tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                            ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                            ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
    beast::error_code ec;
    impl_->tls->use_certificate_chain_file(options_.tls_cert, ec);
    if (!ec) impl_->tls->use_private_key_file(options_.tls_key, ssl::context::pem, ec);
    if (ec) {
      return absl::InvalidArgumentError(
          absl::StrCat("cannot load ", options_.tls_cert, " and its key: ", ec.message()));
    }
  }
  beast::error_code ec;
  const auto address =
      net::ip::make_address(options_.host == "localhost" ? "127.0.0.1" : options_.host, ec);
  if (ec) return absl::InvalidArgumentError(absl::StrCat("cannot listen on host ", options_.host));
  tcp::endpoint endpoint(address, static_cast<unsigned short>(options_.port));
  impl_->acceptor.emplace(net::make_strand(impl_->ioc));
  impl_->acceptor->open(endpoint.protocol(), ec);
  if (!ec) impl_->acceptor->set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor->bind(endpoint, ec);
  if (!ec) impl_->acceptor->listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    impl_.reset();
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options_.host, ":", options_.port, ": ", ec.message()));
  }
  port_ = impl_->acceptor->local_endpoint().port();
  impl_->Accept();
  for (int i = 0; i < options_.limits.io_threads; ++i) {
    impl_->io_threads.emplace_back([this] { impl_->ioc.run(); });
  }
  return absl::OkStatus();
}

void HttpServer::Stop() {
  if (impl_ == nullptr) return;
  Impl& impl = *impl_;
  impl.stopping.store(true);
  net::post(impl.acceptor->get_executor(), [&impl] {
    beast::error_code ignored;
    impl.acceptor->close(ignored);
  });
  std::vector<std::shared_ptr<Connection>> live;
  {
    std::lock_guard<std::mutex> lock(impl.mu);
    for (auto& [raw, weak] : impl.live) {
      if (auto c = weak.lock()) live.push_back(std::move(c));
    }
  }
  for (auto& c : live) c->Shutdown();
  live.clear();
  impl.workers.join();  // the requests in flight are answered
  {
    std::unique_lock<std::mutex> lock(impl.mu);
    impl.drained.wait_for(lock, std::chrono::seconds(5), [&impl] { return impl.open == 0; });
  }
  impl.ioc.stop();
  for (std::thread& t : impl.io_threads) t.join();
  impl_.reset();
}

absl::StatusOr<HttpRequest> ParseRequest(absl::string_view bytes, const HttpLimits& limits,
                                         size_t max_body) {
  http::request_parser<http::string_body> parser;
  parser.header_limit(static_cast<uint32_t>(limits.max_head_bytes));
  parser.body_limit(max_body);
  parser.eager(true);
  beast::error_code ec;
  while (!bytes.empty() && !parser.is_done()) {
    const size_t used = parser.put(net::buffer(bytes.data(), bytes.size()), ec);
    bytes.remove_prefix(used);
    if (ec == http::error::need_more) {
      ec = {};
      if (used == 0) break;  // what is left is not enough to go on
    }
    if (ec) break;
  }
  if (!ec && !parser.is_done()) parser.put_eof(ec);
  if (ec) return absl::InvalidArgumentError(absl::StrCat("malformed request: ", ec.message()));
  HttpRequest request;
  if (std::optional<HttpReply> refused = RequestFromHead(parser.get().base(), limits, &request)) {
    return absl::InvalidArgumentError(refused->body);
  }
  request.body = std::move(parser.get().body());
  return request;
}

}  // namespace district::web
