#include "server/requestscreen.h"

#include <QList>

namespace chat::server {

namespace {

using Rejection = RequestScreen::Rejection;

bool isHex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool isTokenChar(char c)
{
    static constexpr QByteArrayView extra = "!#$%&'*+-.^_`|~";
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
        || extra.contains(c);
}

std::optional<Rejection> checkTarget(QByteArrayView target)
{
    if (target.isEmpty() || target.front() != '/')
        return Rejection { 400, "request target must be an absolute path" };
    for (qsizetype i = 0; i < target.size(); ++i) {
        const auto c = static_cast<unsigned char>(target[i]);
        if (c <= 0x20 || c >= 0x7f)
            return Rejection { 400,
                               "request target contains a character that must be "
                               "percent-encoded" };
        if (c == '%' && (i + 2 >= target.size() || !isHex(target[i + 1]) || !isHex(target[i + 2])))
            return Rejection { 400, "malformed percent-encoding in the request target" };
    }
    return std::nullopt;
}

QByteArrayView trimmed(QByteArrayView value)
{
    while (!value.isEmpty() && (value.front() == ' ' || value.front() == '\t'))
        value = value.sliced(1);
    while (!value.isEmpty() && (value.back() == ' ' || value.back() == '\t'))
        value.chop(1);
    return value;
}

} // namespace

std::optional<Rejection> RequestScreen::feed(QByteArrayView bytes)
{
    while (!bytes.isEmpty()) {
        if (m_bodyRemaining > 0) {
            const qint64 skip = std::min<qint64>(m_bodyRemaining, bytes.size());
            m_bodyRemaining -= skip;
            bytes = bytes.sliced(skip);
            continue;
        }
        // Blank lines between requests are tolerated (RFC 9112 section 2.2), as QtHttpServer does.
        if (m_head.isEmpty()) {
            while (!bytes.isEmpty() && (bytes.front() == '\r' || bytes.front() == '\n'))
                bytes = bytes.sliced(1);
            if (bytes.isEmpty())
                break;
        }
        // Append up to the end of the header block, if it is in these bytes.
        const qsizetype before = m_head.size();
        m_head.append(bytes);
        qsizetype end = m_head.indexOf("\r\n\r\n", std::max<qsizetype>(0, before - 3));
        qsizetype endLength = 4;
        const qsizetype lfEnd = m_head.indexOf("\n\n", std::max<qsizetype>(0, before - 1));
        if (lfEnd >= 0 && (end < 0 || lfEnd < end)) {
            end = lfEnd;
            endLength = 2;
        }
        if (end < 0) {
            const qsizetype lineEnd = m_head.indexOf('\n');
            if (lineEnd < 0 && m_head.size() > m_limits.maxRequestLine)
                return Rejection { 414, "request line is too long" };
            if (m_head.size() > m_limits.maxHeaderBlock)
                return Rejection { 431, "request header block is too large" };
            break;
        }
        const qsizetype consumed = end + endLength - before;
        const QByteArray head = m_head.left(end);
        m_head.clear();
        if (auto rejection = examineHead(head))
            return rejection;
        bytes = bytes.sliced(consumed);
    }
    return std::nullopt;
}

std::optional<Rejection> RequestScreen::examineHead(QByteArrayView head)
{
    if (head.size() > m_limits.maxHeaderBlock)
        return Rejection { 431, "request header block is too large" };
    QList<QByteArrayView> lines;
    for (qsizetype start = 0; start <= head.size();) {
        qsizetype end = head.indexOf('\n', start);
        if (end < 0)
            end = head.size();
        QByteArrayView line = head.sliced(start, end - start);
        if (line.endsWith('\r'))
            line.chop(1);
        lines.append(line);
        start = end + 1;
    }

    const QByteArrayView requestLine = lines.takeFirst();
    if (requestLine.size() > m_limits.maxRequestLine)
        return Rejection { 414, "request line is too long" };
    const qsizetype firstSpace = requestLine.indexOf(' ');
    const qsizetype lastSpace = requestLine.lastIndexOf(' ');
    if (firstSpace <= 0 || lastSpace <= firstSpace)
        return Rejection { 400, "malformed request line" };
    const QByteArrayView method = requestLine.first(firstSpace);
    if (!std::all_of(method.begin(), method.end(), isTokenChar))
        return Rejection { 400, "malformed request method" };
    const QByteArrayView version = requestLine.sliced(lastSpace + 1);
    if (version != "HTTP/1.1" && version != "HTTP/1.0")
        return Rejection { 505, "only HTTP/1.0 and HTTP/1.1 are supported" };
    if (auto rejection
        = checkTarget(requestLine.sliced(firstSpace + 1, lastSpace - firstSpace - 1)))
        return rejection;

    std::optional<qint64> contentLength;
    for (const QByteArrayView line : std::as_const(lines)) {
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return Rejection { 400, "malformed header line" };
        const QByteArrayView name = line.first(colon);
        if (!std::all_of(name.begin(), name.end(), isTokenChar))
            return Rejection { 400, "malformed header name" };
        const QByteArrayView value = trimmed(line.sliced(colon + 1));
        if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
            bool ok = !value.isEmpty() && std::all_of(value.begin(), value.end(), [](char c) {
                return c >= '0' && c <= '9';
            });
            const qint64 length = ok ? value.toLongLong(&ok) : -1;
            if (!ok)
                return Rejection { 400, "malformed Content-Length" };
            if (contentLength && *contentLength != length)
                return Rejection { 400, "conflicting Content-Length headers" };
            contentLength = length;
        } else if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
            return Rejection { 411,
                               "chunked request bodies are not accepted: send Content-Length" };
        }
    }
    if (contentLength && *contentLength > m_limits.maxBody)
        return Rejection { 413,
                           "request body is larger than "
                               + QByteArray::number(m_limits.maxBody / 1024) + " KiB" };
    m_bodyRemaining = contentLength.value_or(0);
    return std::nullopt;
}

} // namespace chat::server
