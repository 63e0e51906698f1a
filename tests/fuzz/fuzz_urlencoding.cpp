// Fuzzes chat::urlencoding::decode, decodePath and decodeForm (shared/text/urlencoding.h).
// Input: the encoded bytes, all of them, given to each function.
// Checks: decode agrees with a reference percent-decoder plus an RFC 3629 validator (the same
// verdict, the same error, the same text: nothing repaired, nothing dropped); a decoded value
// re-encoded with QUrl::toPercentEncoding decodes back to itself; paths and forms split where
// the bytes say, a form field's name is empty only where its encoded name was, a rebuilt form
// or path decodes to the same fields or segments, and lastValue/lastNonEmptyValue find what a
// plain scan finds.
#include "shared/text/urlencoding.h"
#include "tests/fuzz/fuzzsupport.h"

#include <QSet>
#include <QUrl>

#include <optional>

using namespace Qt::StringLiterals;
using namespace chat;
using chat::fuzz::escaped;

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = char(c | 0x20);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

std::optional<QByteArray> percentDecoded(QByteArrayView encoded, bool plusIsSpace)
{
    QByteArray out;
    for (qsizetype i = 0; i < encoded.size(); ++i) {
        if (encoded[i] == '+' && plusIsSpace) {
            out += ' ';
        } else if (encoded[i] != '%') {
            out += encoded[i];
        } else {
            if (i + 2 >= encoded.size())
                return std::nullopt;
            const int high = hexValue(encoded[i + 1]), low = hexValue(encoded[i + 2]);
            if (high < 0 || low < 0)
                return std::nullopt;
            out += char(high * 16 + low);
            i += 2;
        }
    }
    return out;
}

// What decode must answer: the text, or the error message.
Result<QString> expectedDecode(QByteArrayView encoded, bool plusIsSpace)
{
    const auto bytes = percentDecoded(encoded, plusIsSpace);
    if (!bytes)
        return Error { u"malformed percent-encoding"_s, 400 };
    if (bytes->contains('\0'))
        return Error { u"NUL characters are not allowed"_s, 400 };
    if (!fuzz::isStrictUtf8(*bytes))
        return Error { u"invalid UTF-8"_s, 400 };
    // Every code point kept, a leading U+FEFF included: the bytes said it.
    QString text;
    for (qsizetype i = 0; i < bytes->size();) {
        const auto lead = static_cast<unsigned char>(bytes->at(i));
        const int length = lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
        char32_t value = length == 1 ? lead : lead & (0x7f >> length);
        for (int k = 1; k < length; ++k)
            value = (value << 6) | (static_cast<unsigned char>(bytes->at(i + k)) & 0x3f);
        // By hand: Qt's own converters (fromUcs4 too) drop a leading U+FEFF.
        if (value < 0x10000) {
            text += QChar(char16_t(value));
        } else {
            text += QChar(QChar::highSurrogate(value));
            text += QChar(QChar::lowSurrogate(value));
        }
        i += length;
    }
    return text;
}

QByteArray show(const Result<QString> &result)
{
    return result ? "text " + escaped(*result) : "error '" + result.error().message.toUtf8() + "'";
}

void checkDecode(QByteArrayView encoded, bool plusIsSpace)
{
    const auto decoded = urlencoding::decode(encoded, plusIsSpace);
    const auto expected = expectedDecode(encoded, plusIsSpace);
    const QByteArray context = "decode(" + escaped(encoded) + (plusIsSpace ? ", plus)" : ")")
        + ": got " + show(decoded) + ", expected " + show(expected);
    CHAT_FUZZ_CHECK(decoded.ok() == expected.ok(), context);
    if (!decoded) {
        CHAT_FUZZ_CHECK(decoded.error() == expected.error(), context);
        return;
    }
    CHAT_FUZZ_CHECK(*decoded == *expected, context);
    CHAT_FUZZ_CHECK(fuzz::isValidUtf16(*decoded) && !decoded->contains(QChar(0)), context);
    // Round trip through the encoder Qt offers, in both modes.
    const QByteArray reencoded = QUrl::toPercentEncoding(*decoded);
    for (const bool plus : { false, true }) {
        const auto again = urlencoding::decode(reencoded, plus);
        CHAT_FUZZ_CHECK(again && *again == *decoded,
                        context + ", re-encoded " + escaped(reencoded) + ": " + show(again));
    }
}

void checkPath(QByteArrayView encoded)
{
    const auto path = urlencoding::decodePath(encoded);
    const QByteArrayView rest = encoded.startsWith('/') ? encoded.sliced(1) : encoded;
    const QList<QByteArray> raw = rest.toByteArray().split('/');
    QStringList expected;
    std::optional<Error> error;
    for (const QByteArray &segment : raw) {
        const auto decoded = urlencoding::decode(segment);
        if (!decoded) {
            error = decoded.error();
            break;
        }
        expected.append(*decoded);
    }
    const QByteArray context = "decodePath(" + escaped(encoded) + ")";
    CHAT_FUZZ_CHECK(path.ok() == !error, context);
    if (!path) {
        CHAT_FUZZ_CHECK(path.error() == *error, context + ": " + path.error().message.toUtf8());
        return;
    }
    CHAT_FUZZ_CHECK(*path == expected, context + ": segments differ");
    QByteArray rebuilt;
    for (const QString &segment : *path)
        rebuilt += '/' + QUrl::toPercentEncoding(segment);
    const auto again = urlencoding::decodePath(rebuilt);
    CHAT_FUZZ_CHECK(again && *again == *path, context + ", rebuilt " + escaped(rebuilt));
}

void checkForm(QByteArrayView encoded)
{
    const auto form = urlencoding::decodeForm(encoded);
    const QByteArray context = "decodeForm(" + escaped(encoded) + ")";
    urlencoding::Fields expected;
    std::optional<QString> error;
    bool emptyName = false;
    for (const QByteArray &pair : encoded.toByteArray().split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype equals = pair.indexOf('=');
        const QByteArray name = equals < 0 ? pair : pair.first(equals);
        emptyName = emptyName || name.isEmpty();
        const auto decodedName = urlencoding::decode(name, true);
        if (!decodedName) {
            error = decodedName.error().message;
            break;
        }
        const auto value
            = urlencoding::decode(equals < 0 ? QByteArray() : pair.sliced(equals + 1), true);
        if (!value) {
            error = u"field '%1': %2"_s.arg(*decodedName, value.error().message);
            break;
        }
        expected.append({ *decodedName, *value });
    }
    CHAT_FUZZ_CHECK(form.ok() == !error, context);
    if (!form) {
        CHAT_FUZZ_CHECK(form.error() == (Error { *error, 400 }),
                        context + ": " + form.error().message.toUtf8());
        return;
    }
    CHAT_FUZZ_CHECK(*form == expected, context + ": fields differ");
    QSet<QString> names;
    QByteArray rebuilt;
    for (const auto &[name, value] : *form) {
        CHAT_FUZZ_CHECK(!name.isEmpty() || emptyName, context + ": a field without a name");
        names.insert(name);
        rebuilt += (rebuilt.isEmpty() ? "" : "&") + QUrl::toPercentEncoding(name) + '='
            + QUrl::toPercentEncoding(value);
    }
    const auto again = urlencoding::decodeForm(rebuilt);
    CHAT_FUZZ_CHECK(again && *again == *form, context + ", rebuilt " + escaped(rebuilt));

    names.insert(u"from"_s); // and one that is usually absent
    for (const QString &name : std::as_const(names)) {
        std::optional<QString> last, lastNonEmpty;
        for (const auto &[fieldName, value] : *form) {
            if (fieldName != name)
                continue;
            last = value;
            if (!value.isEmpty())
                lastNonEmpty = value;
        }
        CHAT_FUZZ_CHECK(urlencoding::lastValue(*form, name) == last, context + ": lastValue");
        CHAT_FUZZ_CHECK(urlencoding::lastNonEmptyValue(*form, name) == lastNonEmpty,
                        context + ": lastNonEmptyValue");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView encoded(reinterpret_cast<const char *>(data), qsizetype(size));
    checkDecode(encoded, false);
    checkDecode(encoded, true);
    checkPath(encoded);
    checkForm(encoded);
    return 0;
}
