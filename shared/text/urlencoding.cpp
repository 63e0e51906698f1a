#include "server/urlencoding.h"

#include "shared/percentencoding.h"

#include <cctype>

using namespace Qt::StringLiterals;

namespace chat::server::urlencoding {

std::optional<QString> decode(QByteArrayView encoded, bool plusIsSpace, QString *error)
{
    if (encoded.contains("%00")) {
        *error = u"NUL characters are not allowed"_s;
        return std::nullopt;
    }
    auto text = percentencoding::decodeUtf8(encoded, plusIsSpace);
    if (!text) { // tell the client which of the two it was
        bool wellFormed = true;
        for (qsizetype i = encoded.indexOf('%'); i >= 0 && wellFormed;
             i = encoded.indexOf('%', i + 1))
            wellFormed = i + 2 < encoded.size() && std::isxdigit(uchar(encoded[i + 1]))
                && std::isxdigit(uchar(encoded[i + 2]));
        *error = wellFormed ? u"invalid UTF-8"_s : u"malformed percent-encoding"_s;
    }
    return text;
}

std::optional<QStringList> decodePath(QByteArrayView encodedPath, QString *error)
{
    if (encodedPath.startsWith('/'))
        encodedPath = encodedPath.sliced(1);
    QStringList segments;
    for (qsizetype start = 0;;) {
        const qsizetype slash = encodedPath.indexOf('/', start);
        const qsizetype end = slash < 0 ? encodedPath.size() : slash;
        auto segment = decode(encodedPath.sliced(start, end - start), false, error);
        if (!segment)
            return std::nullopt;
        segments.append(*segment);
        if (slash < 0)
            break;
        start = slash + 1;
    }
    return segments;
}

std::optional<Fields> decodeForm(QByteArrayView encoded, QString *error)
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
        auto decodedName = decode(name, true, error);
        if (!decodedName)
            return std::nullopt;
        auto decodedValue = decode(value, true, error);
        if (!decodedValue) {
            *error = u"field '%1': %2"_s.arg(*decodedName, *error);
            return std::nullopt;
        }
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

} // namespace chat::server::urlencoding
