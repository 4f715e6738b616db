#include "web/mail.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sodium.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace journeyer::web {

bool is_mailable_address(std::string_view address) {
  if (address.empty() || address.size() > 254 || address.front() == '-') return false;
  const auto at = address.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == address.size()) return false;
  for (unsigned char c : address)
    if (c <= ' ' || c == 0x7f || c == '"' || c == '<' || c == '>' || c == ',' || c == ';' || c == '\\') return false;
  return true;
}

Result<std::string> mail_message(std::string_view from, std::string_view to, std::string_view subject,
                                 std::string_view body) {
  if (!is_mailable_address(from)) return Error::invalid_input("the sender address cannot be mailed");
  if (!is_mailable_address(to)) return Error::invalid_input("the recipient address cannot be mailed");
  bool ascii = true;
  for (unsigned char c : subject) {
    if (c == '\r' || c == '\n') return Error::invalid_input("the subject has a line break");
    if (c < ' ' || c >= 0x7f) ascii = false;
  }
  std::string subject_field(subject);
  if (!ascii) {
    // RFC 2047: =?UTF-8?B?base64?=
    std::vector<char> b64(sodium_base64_encoded_len(subject.size(), sodium_base64_VARIANT_ORIGINAL));
    sodium_bin2base64(b64.data(), b64.size(), reinterpret_cast<const unsigned char*>(subject.data()), subject.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    subject_field = "=?UTF-8?B?" + std::string(b64.data()) + "?=";
  }
  std::string m;
  m += "From: " + std::string(from) + "\n";
  m += "To: " + std::string(to) + "\n";
  m += "Subject: " + subject_field + "\n";
  m += "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n";
  m += body;
  if (!m.empty() && m.back() != '\n') m += '\n';
  return m;
}

Status send_mail(const std::string& sendmail, const std::string& from, const std::string& to,
                 const std::string& subject, const std::string& body) {
  auto message = mail_message(from, to, subject, body);
  if (!message) return message.error();
  int in[2];
  if (pipe2(in, O_CLOEXEC) != 0) return Error::unavailable(std::string("no pipe for sendmail: ") + std::strerror(errno));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], 0);
  // None of the server's sockets or files (a listening socket held by a
  // mail program that outlives the server would keep the port).
  posix_spawn_file_actions_addclosefrom_np(&actions, 3);
  std::vector<std::string> args{sendmail, "-oi", "-f", from, to};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  char path[] = "PATH=/usr/sbin:/usr/bin:/sbin:/bin";
  char* env[] = {path, nullptr};
  const int spawned = posix_spawn(&pid, sendmail.c_str(), &actions, nullptr, argv.data(), env);
  posix_spawn_file_actions_destroy(&actions);
  close(in[0]);
  if (spawned != 0) {
    close(in[1]);
    return Error::unavailable("cannot run " + sendmail + ": " + std::strerror(spawned));
  }
  // A program that stops reading must not kill the server with SIGPIPE:
  // send() with MSG_NOSIGNAL is for sockets, so write and ignore EPIPE here
  // with the signal blocked for this thread.
  sigset_t pipe_signal, old;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_signal, &old);
  bool written = true;
  for (std::size_t at = 0; at < message->size();) {
    const ssize_t n = write(in[1], message->data() + at, message->size() - at);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      written = false;
      break;
    }
    at += static_cast<std::size_t>(n);
  }
  close(in[1]);
  // Take a SIGPIPE raised meanwhile off the thread before unblocking it.
  timespec zero{};
  while (sigtimedwait(&pipe_signal, nullptr, &zero) > 0) {
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  int status = 0;
  bool finished = false;
  for (int waited_ms = 0; waited_ms <= kMailDeadlineSeconds * 1000; waited_ms += 20) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid || (done < 0 && errno != EINTR)) {
      finished = done == pid;
      break;
    }
    usleep(20'000);
  }
  if (!finished) {
    kill(pid, SIGKILL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return Error::unavailable(sendmail + " did not finish within " + std::to_string(kMailDeadlineSeconds) +
                              " s and was stopped");
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return Error::unavailable(sendmail + " did not take the message (" +
                              (WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                                                 : std::string("killed by a signal")) +
                              ")");
  if (!written) return Error::unavailable(sendmail + " did not read the whole message");
  return Ok{};
}

MailOutbox::MailOutbox(std::function<void(const Message&)> deliver, std::function<void(const Message&)> dropped)
    : deliver_(std::move(deliver)), dropped_(std::move(dropped)), thread_([this] { run(); }) {}

MailOutbox::~MailOutbox() { stop(); }

void MailOutbox::post(Message m) {
  {
    std::lock_guard lock(m_);
    if (!stopping_ && queue_.size() < kMaxQueued) {
      queue_.push_back(std::move(m));
      cv_.notify_one();
      return;
    }
  }
  dropped_(m);
}

void MailOutbox::stop() {
  std::deque<Message> left;
  {
    std::lock_guard lock(m_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
    left.swap(queue_);
    cv_.notify_one();
  }
  if (thread_.joinable()) thread_.join();
  for (const auto& m : left) dropped_(m);
}

void MailOutbox::run() {
  for (;;) {
    Message m;
    {
      std::unique_lock lock(m_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      m = std::move(queue_.front());
      queue_.pop_front();
    }
    deliver_(m);
  }
}

}  // namespace journeyer::web
