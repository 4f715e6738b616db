// Mail from the site (password-reset links) through a sendmail-compatible
// program: the machine's mail system queues and delivers it, so the site
// speaks no SMTP itself. Configured by [mail] in site.toml (config.h).
#pragma once

#include <string>
#include <string_view>

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
// waits for it; an error says what failed (the program missing, its exit
// status).
Status send_mail(const std::string& sendmail, const std::string& from, const std::string& to,
                 const std::string& subject, const std::string& body);

}  // namespace journeyer::web
