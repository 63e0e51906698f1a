#include "shared/text/urlencoding.h"

#include <QByteArray>
#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace chat::urlencoding {

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

Error failure(QString message)
{
    return Error { std::move(message), 400 };
}

} // namespace

Result<QString> decode(QByteArrayView encoded, bool plusIsSpace)
{
    QByteArray bytes(encoded.size(), Qt::Uninitialized); // decoding only shrinks
    char *out = bytes.data();
    for (qsizetype i = 0; i < encoded.size(); ++i) {
        const char c = encoded[i];
        if (c == '+' && plusIsSpace) {
            *out++ = ' ';
        } else if (c != '%') {
            *out++ = c;
        } else {
            const int high = i + 1 < encoded.size() ? hexValue(encoded[i + 1]) : -1;
            const int low = i + 2 < encoded.size() ? hexValue(encoded[i + 2]) : -1;
            if (high < 0 || low < 0)
                return failure(u"malformed percent-encoding"_s);
            *out++ = char(high * 16 + low);
            i += 2;
        }
    }
    bytes.truncate(out - bytes.constData());
    if (bytes.contains('\0'))
        return failure(u"NUL characters are not allowed"_s);
    // ConvertInitialBom: a leading U+FEFF is part of the value, not a byte order mark to drop.
    QStringDecoder decoder(QStringDecoder::Utf8,
                           QStringDecoder::Flag::Stateless
                               | QStringDecoder::Flag::ConvertInitialBom);
    QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return failure(u"invalid UTF-8"_s);
    return text;
}

Result<QStringList> decodePath(QByteArrayView encodedPath)
{
    if (encodedPath.startsWith('/'))
        encodedPath = encodedPath.sliced(1);
    QStringList segments;
    for (qsizetype start = 0;;) {
        const qsizetype slash = encodedPath.indexOf('/', start);
        const qsizetype end = slash < 0 ? encodedPath.size() : slash;
        auto segment = decode(encodedPath.sliced(start, end - start));
        if (!segment)
            return segment.error();
        segments.append(*segment);
        if (slash < 0)
            break;
        start = slash + 1;
    }
    return segments;
}

Result<Fields> decodeForm(QByteArrayView encoded)
{
    Fields fields;
    for (qsizetype start = 0; start < encoded.size();) {
        qsizetype end = encoded.indexOf('&', start);
        if (end < 0)
            end = encoded.size();
        const QByteArrayView pair = encoded.sliced(start, end - start);
        start = end + 1;
        if (pair.isEmpty())
            continue;
        const qsizetype equals = pair.indexOf('=');
        const QByteArrayView name = equals < 0 ? pair : pair.first(equals);
        const QByteArrayView value = equals < 0 ? QByteArrayView() : pair.sliced(equals + 1);
        auto decodedName = decode(name, true);
        if (!decodedName)
            return decodedName.error();
        auto decodedValue = decode(value, true);
        if (!decodedValue)
            return failure(u"field '%1': %2"_s.arg(*decodedName, decodedValue.error().message));
        fields.append({ *decodedName, *decodedValue });
    }
    return fields;
}

std::optional<QString> lastValue(const Fields &fields, QStringView name)
{
    for (auto it = fields.crbegin(); it != fields.crend(); ++it) {
        if (it->first == name)
            return it->second;
    }
    return std::nullopt;
}

std::optional<QString> lastNonEmptyValue(const Fields &fields, QStringView name)
{
    for (auto it = fields.crbegin(); it != fields.crend(); ++it) {
        if (it->first == name && !it->second.isEmpty())
            return it->second;
    }
    return std::nullopt;
}

} // namespace chat::urlencoding
