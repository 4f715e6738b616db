// Mail from the site (password-reset links) through a sendmail-compatible
// program: the machine's mail system queues and delivers it, so the site
// speaks no SMTP itself. Configured by [mail] in site.toml (config.h).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "util/result.h"

namespace journeyer::web {

// Whether `address` may be given to sendmail: one address, no spaces,
// quotes, angle brackets or control characters, an '@' inside, and no
// leading '-' (it would read as an option).
bool is_mailable_address(std::string_view address);

// The message as sendmail reads it: From, To, a Subject (RFC 2047 encoded
// when it is not ASCII), MIME headers for UTF-8 text, a blank line, the body.
// InvalidInput when an address is not mailable or the subject has a line break.
Result<std::string> mail_message(std::string_view from, std::string_view to, std::string_view subject,
                                 std::string_view body);

// Runs `sendmail -oi -f FROM TO` with the message on its standard input and
// waits for it, at most kMailDeadlineSeconds (then it is killed); an error
// says what failed (the program missing, its exit status, the deadline).
// The program gets none of the server's open files and only PATH from its
// environment (no database address).
constexpr int kMailDeadlineSeconds = 30;
Status send_mail(const std::string& sendmail, const std::string& from, const std::string& to,
                 const std::string& subject, const std::string& body);

// Mail sent from a thread of its own, so that a slow or hung mail program
// holds up no request (and a reset request answers as fast whether or not
// a message goes out). At most kMaxQueued wait; more are dropped and
// reported. stop() lets the message being sent finish and drops the rest.
class MailOutbox {
 public:
  struct Message {
    std::string to, subject, body;
  };
  static constexpr std::size_t kMaxQueued = 256;
  // `deliver` sends one message; `dropped` hears of each one dropped.
  MailOutbox(std::function<void(const Message&)> deliver, std::function<void(const Message&)> dropped);
  ~MailOutbox();
  void post(Message m);
  void stop();

 private:
  void run();
  std::function<void(const Message&)> deliver_, dropped_;
  std::mutex m_;
  std::condition_variable cv_;
  std::deque<Message> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace journeyer::web
