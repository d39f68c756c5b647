#pragma once

#include <QString>
#include <utility>
#include <variant>

namespace concord {

// An engine error, carried as a value. The message names the file, row, field or
// system concerned so that a steward can act on it without a debugger.
// What kind of failure an error is, so that a front end can say what to do next in its own
// words (the CLI names a command, the window a menu); the engine's message says only what is
// wrong and where.
enum class ErrorKind
{
    Failed,           // anything else: the message says what and where
    Cancelled,        // the steward stopped the run
    NotFound,         // a named item (batch, review item, record) does not exist
    NoSystems,        // the workspace has no systems yet
    NoKeyColumn,      // a system has no primary key and none is configured (subject: the system)
    ReadOnlySystem,   // a write into a system marked read-only (subject: the system)
    InvalidOwnership, // the ownership matrix has a field with no owner or two
};

struct Error
{
    QString message;
    ErrorKind kind = ErrorKind::Failed;
    QString subject = {}; // the system (or item) the kind is about, for the front end's remedy
};

// std::expected-style result (std::expected is C++23; we build as C++20).
template <typename T> class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_state(std::in_place_index<0>, std::move(value))
    {}
    Result(Error error)
        : m_state(std::in_place_index<1>, std::move(error))
    {}

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(m_state); }
    const T& value() const& { return std::get<0>(m_state); }
    T&& value() && { return std::get<0>(std::move(m_state)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<1>(m_state); }
    QString errorString() const { return ok() ? QString() : error().message; }

private:
    std::variant<T, Error> m_state;
};

template <> class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
        , m_ok(false)
    {}

    bool ok() const { return m_ok; }
    explicit operator bool() const { return m_ok; }
    const Error& error() const { return m_error; }
    QString errorString() const { return m_ok ? QString() : m_error.message; }

private:
    Error m_error;
    bool m_ok = true;
};

inline Error makeError(QString message, ErrorKind kind = ErrorKind::Failed, QString subject = {})
{
    return Error{std::move(message), kind, std::move(subject)};
}

} // namespace concord
