#include "shared/percentencoding.h"

#include <QByteArray>
#include <QStringDecoder>

namespace chat::percentencoding {

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

} // namespace

std::optional<QString> decodeUtf8(QByteArrayView encoded, bool plusIsSpace)
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
                return std::nullopt;
            *out++ = char(high * 16 + low);
            i += 2;
        }
    }
    bytes.truncate(out - bytes.constData());
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder.decode(bytes);
    if (decoder.hasError())
        return std::nullopt;
    return text;
}

} // namespace chat::percentencoding
