#pragma once

#include <QString>

#include <optional>
#include <utility>

namespace chat {

// What went wrong, in a sentence the person who can fix it can act on. `status` is the HTTP
// status that reports it when the problem lies in a client's request (0 when it does not).
struct Error
{
    QString message;
    int status = 0;

    friend bool operator==(const Error &, const Error &) = default;
};

// The one shape of a fallible operation at a boundary of the code: a value, or an Error.
// Result<void> is a check that passes or fails.
template<typename T> class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_value(std::move(value))
    { }
    Result(Error error)
        : m_error(std::move(error))
    { }

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return *m_value; }
    T &value() & { return *m_value; }
    T &&value() && { return std::move(*m_value); }
    const T &operator*() const & { return *m_value; }
    T &operator*() & { return *m_value; }
    T &&operator*() && { return std::move(*m_value); }
    const T *operator->() const { return &*m_value; }
    T *operator->() { return &*m_value; }

    T value_or(T fallback) const & { return m_value.value_or(std::move(fallback)); }
    T value_or(T fallback) && { return std::move(m_value).value_or(std::move(fallback)); }

    const Error &error() const { return m_error; }

private:
    std::optional<T> m_value;
    Error m_error;
};

template<> class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error)
        : m_failed(true)
        , m_error(std::move(error))
    { }

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return m_error; }

private:
    bool m_failed = false;
    Error m_error;
};

} // namespace chat
