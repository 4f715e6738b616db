// The site's own records: sessions, tokens, feeds and their fetch state,
// spam flags, published levels and the audit log.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/cert.h"
#include "model/ids.h"

namespace journeyer::model {

// A logged-in browser. Only a hash of the cookie's token is stored.
struct Session {
  std::string token_hash;
  AccountId account;
  std::string csrf_token;
  UnixTime created = 0;
  UnixTime expires = 0;
};

// What a token is for: separate kinds never stand in for one another.
enum class TokenKind { Api, PasswordReset };

// A revocable token (API clients, password-reset links); stored hashed.
struct Token {
  ApiTokenId id;
  TokenKind kind = TokenKind::Api;
  std::string token_hash;
  AccountId account;
  std::string label;
  UnixTime created = 0;
  UnixTime expires = 0;  // 0: never
  bool revoked = false;
};

// A member's syndicated blog and the aggregator's state for it.
struct Feed {
  FeedId id;
  AccountId account;
  std::string account_name;
  std::string url;
  std::string etag;
  std::string last_modified;
  UnixTime last_fetch = 0;     // 0: never fetched
  UnixTime last_new_post = 0;  // 0: none yet
  std::string last_error;      // empty after a good fetch
  int failures = 0;            // consecutive, for backoff
  UnixTime next_fetch = 0;
  std::string blog_title;
};

// What one fetch of a feed came to.
struct FetchRecord {
  UnixTime fetched = 0;
  UnixTime next_fetch = 0;
  std::string etag;
  std::string last_modified;
  std::string error;  // empty: success
  std::string blog_title;
  bool new_post = false;
};

// One certified member's spam flag on another account.
struct SpamFlag {
  AccountId flagger;
  std::string flagger_name;
  AccountId target;
  UnixTime when = 0;
};

// How interesting a reader finds a diarist's diary, 1 to 10. Every rating
// is kept; the latest of a pair stands.
struct DiaryRating {
  AccountId reader;
  AccountId diarist;
  int value = 0;
  UnixTime when = 0;
};
constexpr int kMinDiaryRating = 1;
constexpr int kMaxDiaryRating = 10;

// Levels computed by the trust engine, published for every server to read.
struct LevelSnapshotInfo {
  std::int64_t generation = 0;  // 0: none published yet
  UnixTime computed_at = 0;
  std::int64_t compute_micros = 0;
  std::int64_t accounts = 0;
  std::int64_t certificates = 0;
};

struct PublishedLevel {
  AccountId account;
  CertLevel level;
};

// Who changed what, when.
struct AuditEntry {
  AuditId id;
  UnixTime when = 0;
  AccountId actor;  // none: the system (an import, the aggregator)
  std::string actor_name;
  std::string action;  // "account.disable", "article.hide", ...
  std::string target;  // what it acted on, e.g. "person/alice"
  std::string detail;  // a reason or the changed values, for a person
};

}  // namespace journeyer::model
