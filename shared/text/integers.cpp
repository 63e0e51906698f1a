#include "shared/text/integers.h"

#include <limits>

namespace chat {

namespace {

template<typename Char>
std::optional<qint64> parse(const Char *begin, const Char *end, qint64 min, qint64 max)
{
    const bool negative = begin != end && *begin == '-';
    if (negative) {
        if (min >= 0)
            return std::nullopt;
        ++begin;
    }
    if (begin == end)
        return std::nullopt;
    // Accumulated as a negative number: its range holds every qint64, including the minimum.
    qint64 value = 0;
    constexpr qint64 lowest = std::numeric_limits<qint64>::min();
    for (const Char *c = begin; c != end; ++c) {
        if (*c < '0' || *c > '9')
            return std::nullopt;
        const int digit = int(*c - '0');
        if (value < (lowest + digit) / 10)
            return std::nullopt;
        value = value * 10 - digit;
    }
    if (!negative) {
        if (value == lowest)
            return std::nullopt;
        value = -value;
    }
    if (value < min || value > max)
        return std::nullopt;
    return value;
}

} // namespace

std::optional<qint64> parseInteger(QByteArrayView text, qint64 min, qint64 max)
{
    return parse(text.begin(), text.end(), min, max);
}

std::optional<qint64> parseInteger(QStringView text, qint64 min, qint64 max)
{
    return parse(text.utf16(), text.utf16() + text.size(), min, max);
}

} // namespace chat
