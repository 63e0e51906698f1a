// Fuzzes chat::parseInteger (shared/text/integers.h) against a reference written apart from it.
// Input: one byte choosing the bounds (7: the next 16 bytes are min and max), then the text.
// Checks: both overloads agree with the reference; an accepted value lies within the bounds and
// QByteArray::number(value) is the text with its leading zeros (and the '-' of "-0") removed.
#include "shared/text/integers.h"
#include "tests/fuzz/fuzzsupport.h"

#include <QString>

#include <cstring>
#include <limits>
#include <optional>

using namespace chat;
using chat::fuzz::escaped;

namespace {

constexpr qint64 kMin = std::numeric_limits<qint64>::min();
constexpr qint64 kMax = std::numeric_limits<qint64>::max();

struct Bounds
{
    qint64 min;
    qint64 max;
};

// The bounds the project passes (ids, limits, ports, Content-Length), the extremes, and any.
Bounds bounds(chat::fuzz::FuzzInput &input)
{
    static constexpr Bounds fixed[] = {
        { 0, kMax }, { kMin, kMax }, { 1, 200 },     { -5, 5 },
        { kMin, 0 }, { kMin, -1 },   { kMax, kMax },
    };
    const uint8_t choice = input.byte() % 8;
    if (choice < 7)
        return fixed[choice];
    const auto min = static_cast<qint64>(input.u64());
    const auto max = static_cast<qint64>(input.u64());
    return { min, max };
}

// Decimal digits, an optional '-' when min < 0, the value in [min, max]: counted in 128 bits.
std::optional<qint64> reference(QStringView text, Bounds b)
{
    const bool negative = text.startsWith(u'-');
    if (negative && b.min >= 0)
        return std::nullopt;
    QStringView digits = negative ? text.sliced(1) : text;
    if (digits.isEmpty())
        return std::nullopt;
    for (const QChar c : digits) {
        if (c < u'0' || c > u'9')
            return std::nullopt;
    }
    while (digits.size() > 1 && digits.front() == u'0')
        digits = digits.sliced(1);
    if (digits.size() > 19)
        return std::nullopt;
    __int128 value = 0;
    for (const QChar c : digits)
        value = value * 10 + (c.unicode() - u'0');
    if (negative)
        value = -value;
    if (value < b.min || value > b.max)
        return std::nullopt;
    return static_cast<qint64>(value);
}

QByteArray describe(QByteArrayView text, Bounds b, std::optional<qint64> got,
                    std::optional<qint64> want)
{
    auto show = [](std::optional<qint64> v) {
        return v ? QByteArray::number(*v) : QByteArray("nothing");
    };
    return "text " + escaped(text) + " in [" + QByteArray::number(b.min) + ", "
        + QByteArray::number(b.max) + "]: got " + show(got) + ", expected " + show(want);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    chat::fuzz::FuzzInput input(data, size);
    const Bounds b = bounds(input);
    const QByteArrayView text = input.rest();

    const auto parsed = parseInteger(text, b.min, b.max);
    const QString latin1 = QString::fromLatin1(text);
    const auto expected = reference(latin1, b);
    CHAT_FUZZ_CHECK(parsed == expected, describe(text, b, parsed, expected));
    const auto fromText = parseInteger(QStringView(latin1), b.min, b.max);
    CHAT_FUZZ_CHECK(fromText == parsed,
                    "QStringView overload: " + describe(text, b, fromText, parsed));

    if (parsed) {
        CHAT_FUZZ_CHECK(*parsed >= b.min && *parsed <= b.max, describe(text, b, parsed, expected));
        QByteArrayView digits = text.startsWith('-') ? text.sliced(1) : text;
        while (digits.size() > 1 && digits.front() == '0')
            digits = digits.sliced(1);
        const QByteArray canonical
            = (text.startsWith('-') && digits != "0" ? "-" : "") + digits.toByteArray();
        CHAT_FUZZ_CHECK(QByteArray::number(*parsed) == canonical,
                        describe(text, b, parsed, expected) + ", canonical " + canonical);
    }

    // The same bytes as UTF-16 code units: nothing outside ASCII counts as a digit or a sign.
    // (Copied: the input has no alignment for char16_t.)
    QString utf16(text.size() / 2, Qt::Uninitialized);
    std::memcpy(utf16.data(), text.data(), size_t(utf16.size()) * sizeof(char16_t));
    const auto wide = parseInteger(QStringView(utf16), b.min, b.max);
    const auto wideExpected = reference(utf16, b);
    CHAT_FUZZ_CHECK(wide == wideExpected,
                    "UTF-16 " + describe(utf16.toUtf8(), b, wide, wideExpected));
    return 0;
}
