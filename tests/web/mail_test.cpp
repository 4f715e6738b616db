// Mail through a sendmail-compatible program: the message it is given, and
// what is refused before anything runs.
#include "web/mail.h"

#include "web/config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace journeyer::web {
namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

TEST(Mail, OnlyPlainAddressesAreMailed) {
  EXPECT_TRUE(is_mailable_address("alice@example.org"));
  for (const char* bad : {"", "alice", "@example.org", "alice@", "-oQ/tmp@example.org", "a b@example.org",
                          "alice@example.org\nBcc: x@y", "<alice@example.org>", "a@b,c@d", "a\"b@c"})
    EXPECT_FALSE(is_mailable_address(bad)) << bad;
}

TEST(Mail, TheMessageHasItsHeadersAndNoInjectedOnes) {
  auto m = mail_message("site@example.org", "alice@example.org", "Password reset for alice", "Open this.\n");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->rfind("From: site@example.org\nTo: alice@example.org\nSubject: Password reset for alice\n", 0), 0u) << *m;
  EXPECT_TRUE(contains(*m, "Content-Type: text/plain; charset=utf-8\n"));
  EXPECT_TRUE(contains(*m, "\n\nOpen this.\n"));
  // A subject that is not ASCII is encoded (RFC 2047): "Café" in base64.
  auto utf8 = mail_message("site@example.org", "alice@example.org", "Caf\xC3\xA9", "x");
  ASSERT_TRUE(utf8);
  EXPECT_TRUE(contains(*utf8, "Subject: =?UTF-8?B?Q2Fmw6k=?=\n")) << *utf8;
  EXPECT_FALSE(mail_message("site@example.org", "alice@example.org", "Hi\nBcc: all@example.org", "x"));
  EXPECT_FALSE(mail_message("site@example.org", "alice@example.org\r\nBcc: all@example.org", "Hi", "x"));
}

TEST(Mail, TheConfigurationNamesAProgramAndASender) {
  auto ok = parse_site_config("[mail]\nsendmail = \"/usr/sbin/sendmail\"\nfrom = \"site@example.org\"\n", "t.toml");
  ASSERT_TRUE(ok) << ok.error().message();
  EXPECT_EQ(ok->sendmail, "/usr/sbin/sendmail");
  EXPECT_EQ(ok->mail_from, "site@example.org");
  EXPECT_TRUE(parse_site_config("", "t.toml")->sendmail.empty());
  for (const char* bad : {"[mail]\nsendmail = \"sendmail\"\nfrom = \"a@b.c\"\n",
                          "[mail]\nsendmail = \"/usr/sbin/sendmail\"\n",
                          "[mail]\nsendmail = \"/usr/sbin/sendmail\"\nfrom = \"not an address\"\n",
                          "[mail]\nsmtp = \"mail.example.org\"\n",
                          "[mail]\nfrom = \"site@example.org\"\n"}) {
    auto r = parse_site_config(bad, "t.toml");
    EXPECT_FALSE(r) << bad;
    if (!r) {
      EXPECT_TRUE(contains(r.error().message(), "mail")) << r.error().message();
    }
  }
}

TEST(Mail, SendmailGetsTheRecipientAndTheMessageAndItsFailureIsReported) {
  std::random_device rd;
  const auto dir = std::filesystem::temp_directory_path() / ("journeyer-mail-test-" + std::to_string(rd()));
  std::filesystem::create_directories(dir);
  const auto script = dir / "sendmail";
  {
    std::ofstream s(script);
    s << "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"" << (dir / "args").string() << "\"\ncat > \""
      << (dir / "message").string() << "\"\n";
  }
  std::filesystem::permissions(script, std::filesystem::perms::owner_all);
  ASSERT_TRUE(send_mail(script.string(), "site@example.org", "alice@example.org", "Hello", "Body line.\n"));
  auto slurp = [](const std::filesystem::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  };
  EXPECT_EQ(slurp(dir / "args"), "-oi\n-f\nsite@example.org\nalice@example.org\n");
  EXPECT_TRUE(contains(slurp(dir / "message"), "To: alice@example.org\n"));
  EXPECT_TRUE(contains(slurp(dir / "message"), "\n\nBody line.\n"));

  const auto failing = dir / "failing";
  {
    std::ofstream s(failing);
    s << "#!/bin/sh\ncat > /dev/null\nexit 75\n";
  }
  std::filesystem::permissions(failing, std::filesystem::perms::owner_all);
  auto st = send_mail(failing.string(), "site@example.org", "alice@example.org", "Hello", "x");
  ASSERT_FALSE(st);
  EXPECT_TRUE(contains(st.error().message(), "exit status 75")) << st.error().message();
  auto missing = send_mail((dir / "none").string(), "site@example.org", "alice@example.org", "Hello", "x");
  ASSERT_FALSE(missing);
  EXPECT_TRUE(contains(missing.error().message(), "cannot run")) << missing.error().message();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace journeyer::web

namespace journeyer::web {
namespace {

TEST(Mail, TheOutboxSendsInOrderFromItsOwnThreadAndReportsWhatItDrops) {
  std::mutex m;
  std::condition_variable cv;
  std::vector<std::string> sent, dropped;
  bool release = false;
  const auto caller = std::this_thread::get_id();
  bool other_thread = true;
  MailOutbox outbox(
      [&](const MailOutbox::Message& msg) {
        std::unique_lock lock(m);
        other_thread = other_thread && std::this_thread::get_id() != caller;
        cv.wait(lock, [&] { return release || msg.to != "slow@example.org"; });
        sent.push_back(msg.to);
        cv.notify_all();
      },
      [&](const MailOutbox::Message& msg) {
        std::lock_guard lock(m);
        dropped.push_back(msg.to);
      });
  // A slow message holds up no caller: post returns at once.
  outbox.post({"slow@example.org", "s", "b"});
  outbox.post({"a@example.org", "s", "b"});
  outbox.post({"b@example.org", "s", "b"});
  {
    std::unique_lock lock(m);
    release = true;
    cv.notify_all();
    cv.wait(lock, [&] { return sent.size() == 3; });
  }
  EXPECT_EQ(sent, (std::vector<std::string>{"slow@example.org", "a@example.org", "b@example.org"}));
  EXPECT_TRUE(other_thread);
  outbox.stop();
  outbox.post({"late@example.org", "s", "b"});
  EXPECT_EQ(dropped, std::vector<std::string>{"late@example.org"});
}

}  // namespace
}  // namespace journeyer::web
