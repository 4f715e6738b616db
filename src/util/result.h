// Errors are values: every fallible call returns Result<T>, whose Error has
// a kind and a message meant for a person.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace journeyer {

enum class ErrorKind {
  InvalidInput,  // the caller's input is malformed or breaks a rule
  TooLarge,      // the input exceeds a named limit
  NotFound,      // a named thing does not exist
  Conflict,      // a uniqueness rule or a stale version got in the way
  Busy,          // another writer held the database: the same call a moment later may go through
  Io,            // a file, socket or database failed
  Unavailable,   // a service is not there right now
  Internal,      // a bug: an invariant did not hold
};

class Error {
 public:
  Error(ErrorKind kind, std::string message) : kind_(kind), message_(std::move(message)) {}

  static Error invalid_input(std::string m) { return {ErrorKind::InvalidInput, std::move(m)}; }
  static Error too_large(std::string m) { return {ErrorKind::TooLarge, std::move(m)}; }
  static Error not_found(std::string m) { return {ErrorKind::NotFound, std::move(m)}; }
  static Error conflict(std::string m) { return {ErrorKind::Conflict, std::move(m)}; }
  static Error busy(std::string m) { return {ErrorKind::Busy, std::move(m)}; }
  static Error io(std::string m) { return {ErrorKind::Io, std::move(m)}; }
  static Error unavailable(std::string m) { return {ErrorKind::Unavailable, std::move(m)}; }
  static Error internal(std::string m) { return {ErrorKind::Internal, std::move(m)}; }

  ErrorKind kind() const { return kind_; }
  const std::string& message() const { return message_; }

 private:
  ErrorKind kind_;
  std::string message_;
};

// A value or an Error. Deliberately small: has_value(), value(), error().
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &std::get<0>(v_); }
  const T* operator->() const { return &std::get<0>(v_); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Result<void>: success carries nothing.
struct Ok {};
using Status = Result<Ok>;

}  // namespace journeyer

// Propagates an error from an expression of type Result<T>; yields the value.
#define JOURNEYER_TRY(expr)                                   \
  ({                                                          \
    auto journeyer_try_result_ = (expr);                      \
    if (!journeyer_try_result_) return journeyer_try_result_.error(); \
    std::move(journeyer_try_result_).value();                 \
  })
