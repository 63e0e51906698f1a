#include "shared/sse/eventid.h"

#include "shared/text/integers.h"
#include "shared/text/urlencoding.h"

#include <limits>

using namespace Qt::StringLiterals;

namespace chat::eventid {

namespace {

bool isUnreserved(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'
        || c == '.' || c == '-' || c == '~' || c == '/';
}

// Only spaces: HTTP has already removed header whitespace, and anything else is malformed.
QByteArrayView trimmedSpaces(QByteArrayView value)
{
    while (value.startsWith(' '))
        value = value.sliced(1);
    while (value.endsWith(' '))
        value.chop(1);
    return value;
}

Error invalid(const QString &detail)
{
    return Error { u"Failed to parse Last-Event-ID or lastEventId: %1"_s.arg(detail), 400 };
}

} // namespace

QString streamChannel(QStringView room)
{
    return u"room-"_s + room.toString();
}

QByteArray quoteChannel(QStringView channel)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    const QByteArray utf8 = channel.toUtf8();
    QByteArray out;
    out.reserve(utf8.size());
    for (const char c : utf8) {
        if (isUnreserved(c)) {
            out.append(c);
        } else {
            const auto byte = static_cast<unsigned char>(c);
            out.append('%').append(hex[byte >> 4]).append(hex[byte & 0xf]);
        }
    }
    return out;
}

QByteArray format(QStringView room, qint64 n)
{
    return quoteChannel(streamChannel(room)) + ':' + QByteArray::number(n);
}

Result<Resume> parseResume(QByteArrayView value, QStringView room)
{
    value = trimmedSpaces(value);
    if (value.isEmpty())
        return Resume {};
    if (value == "error")
        return Resume { Resume::Kind::AfterError, 0 };
    const QString channel = streamChannel(room);
    Resume found;
    for (qsizetype start = 0; start <= value.size();) {
        qsizetype end = value.indexOf(',', start);
        if (end < 0)
            end = value.size();
        const QByteArrayView part = value.sliced(start, end - start);
        start = end + 1;
        const qsizetype colon = part.indexOf(':');
        if (colon < 0 || part.indexOf(':', colon + 1) >= 0)
            return invalid(u"'%1' is not <channel>:<number>"_s.arg(QString::fromUtf8(part)));
        const auto partChannel = urlencoding::decode(part.first(colon));
        if (!partChannel)
            return invalid(u"malformed channel in '%1'"_s.arg(QString::fromUtf8(part)));
        const auto number = parseInteger(part.sliced(colon + 1), std::numeric_limits<qint64>::min(),
                                         std::numeric_limits<qint64>::max());
        if (!number)
            return invalid(
                u"'%1' is not a whole number"_s.arg(QString::fromUtf8(part.sliced(colon + 1))));
        if (*partChannel == channel)
            found = Resume::from(*number);
    }
    return found;
}

} // namespace chat::eventid
