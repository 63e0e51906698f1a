// What the libFuzzer targets of tests/fuzz share: a check that aborts with a readable reason (so
// libFuzzer keeps the input as a crash), a reader that takes control bytes off the front of an
// input, chunking by those bytes, and the Unicode predicates the invariants are written in.
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringView>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace chat::fuzz {

// Reports a broken invariant and aborts: libFuzzer then writes the input to its artifact path.
[[noreturn]] inline void fail(const char *condition, const char *file, int line,
                              const QByteArray &detail)
{
    std::fprintf(stderr, "\n%s:%d: fuzz invariant broken: %s\n%s\n", file, line, condition,
                 detail.constData());
    std::fflush(stderr);
    std::abort();
}

// Bytes as a C string literal would write them, for the failure messages.
inline QByteArray escaped(QByteArrayView bytes, qsizetype limit = 600)
{
    QByteArray out = "\"";
    for (qsizetype i = 0; i < bytes.size() && i < limit; ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c == '\\' || c == '"')
            out += '\\' + QByteArray(1, char(c));
        else if (c >= 0x20 && c < 0x7f)
            out += char(c);
        else
            out += "\\x" + QByteArray::number(c, 16).rightJustified(2, '0');
    }
    out += bytes.size() > limit ? "\"..." : "\"";
    return out;
}

inline QByteArray escaped(QStringView text)
{
    return escaped(text.toUtf8());
}

// An input read from the front: control bytes first, the payload last. Past the end every byte
// reads as 0, so short inputs still mean something.
class FuzzInput
{
public:
    FuzzInput(const uint8_t *data, size_t size)
        : m_rest(reinterpret_cast<const char *>(data), qsizetype(size))
    { }

    uint8_t byte()
    {
        if (m_rest.isEmpty())
            return 0;
        const auto value = static_cast<uint8_t>(m_rest.front());
        m_rest = m_rest.sliced(1);
        return value;
    }

    quint64 u64()
    {
        quint64 value = 0;
        for (int i = 0; i < 8; ++i)
            value = (value << 8) | byte();
        return value;
    }

    QByteArrayView bytes(qsizetype count)
    {
        const QByteArrayView taken = m_rest.first(std::min(count, m_rest.size()));
        m_rest = m_rest.sliced(taken.size());
        return taken;
    }

    // Up to the first '\n' (taken, not returned); everything when there is none.
    QByteArrayView line()
    {
        const qsizetype end = m_rest.indexOf('\n');
        const QByteArrayView taken = end < 0 ? m_rest : m_rest.first(end);
        m_rest = end < 0 ? QByteArrayView() : m_rest.sliced(end + 1);
        return taken;
    }

    QByteArrayView rest() const { return m_rest; }

private:
    QByteArrayView m_rest;
};

// `data` cut into chunks whose sizes come from `sizes` in turn (0 to 255 bytes, empty chunks
// included); the last chunk takes what remains. No sizes: one chunk. (The count is capped so
// that sizes of only zeros end too.)
inline QList<QByteArrayView> chunks(QByteArrayView data, QByteArrayView sizes)
{
    QList<QByteArrayView> out;
    qsizetype start = 0;
    const qsizetype most = data.size() + sizes.size();
    for (qsizetype i = 0; !sizes.isEmpty() && start < data.size() && i < most; ++i) {
        const qsizetype size = static_cast<unsigned char>(sizes[i % sizes.size()]);
        const qsizetype taken = std::min(size, data.size() - start);
        out.append(data.sliced(start, taken));
        start += taken;
    }
    out.append(data.sliced(start));
    return out;
}

// No lone surrogates (what a correct UTF-8 decoder can never produce).
inline bool isValidUtf16(QStringView text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i].isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate())
            ++i;
        else if (text[i].isSurrogate())
            return false;
    }
    return true;
}

// RFC 3629 UTF-8: shortest forms only, no surrogates, nothing above U+10FFFF. Written apart from
// Qt's decoder so that the two can be checked against each other.
inline bool isStrictUtf8(QByteArrayView bytes)
{
    for (qsizetype i = 0; i < bytes.size();) {
        const auto lead = static_cast<unsigned char>(bytes[i]);
        int length = 0;
        char32_t min = 0;
        char32_t value = 0;
        if (lead < 0x80) {
            ++i;
            continue;
        } else if ((lead & 0xe0) == 0xc0) {
            length = 2, min = 0x80, value = lead & 0x1f;
        } else if ((lead & 0xf0) == 0xe0) {
            length = 3, min = 0x800, value = lead & 0x0f;
        } else if ((lead & 0xf8) == 0xf0) {
            length = 4, min = 0x10000, value = lead & 0x07;
        } else {
            return false;
        }
        if (i + length > bytes.size())
            return false;
        for (int k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(bytes[i + k]);
            if ((next & 0xc0) != 0x80)
                return false;
            value = (value << 6) | (next & 0x3f);
        }
        if (value < min || value > 0x10ffff || (value >= 0xd800 && value <= 0xdfff))
            return false;
        i += length;
    }
    return true;
}

} // namespace chat::fuzz

// Checks an invariant of the code under test; `detail` (a QByteArray) says what was seen.
#define CHAT_FUZZ_CHECK(condition, detail)                                                         \
    do {                                                                                           \
        if (!(condition))                                                                          \
            ::chat::fuzz::fail(#condition, __FILE__, __LINE__, (detail));                          \
    } while (false)
