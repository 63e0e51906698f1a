#include "server/http/requestscreen.h"

#include "shared/text/integers.h"

#include <QList>

#include <limits>

using namespace Qt::StringLiterals;

namespace chat::server {

namespace {

Error rejection(int status, QString message)
{
    return Error { std::move(message), status };
}

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

Result<void> checkTarget(QByteArrayView target)
{
    // Origin-form only: "/path?query". Absolute-form ("http://h/p"), authority-form and "*" are
    // for proxies, and a leading "//" reads as an authority to URL parsers.
    if (target.isEmpty() || target.front() != '/')
        return rejection(400, u"request target must be an absolute path"_s);
    if (target.startsWith("//"))
        return rejection(400, u"request target must not start with '//'"_s);
    for (qsizetype i = 0; i < target.size(); ++i) {
        const auto c = static_cast<unsigned char>(target[i]);
        if (c <= 0x20 || c >= 0x7f)
            return rejection(400,
                             u"request target contains a character that must be percent-encoded"_s);
        if (c == '%' && (i + 2 >= target.size() || !isHex(target[i + 1]) || !isHex(target[i + 2])))
            return rejection(400, u"malformed percent-encoding in the request target"_s);
    }
    return {};
}

// RFC 9110 field values: visible characters, spaces, tabs and obs-text; no other control
// characters (a NUL or CR would reach the application, or a log, as part of a value).
bool isFieldValue(QByteArrayView value)
{
    return std::none_of(value.begin(), value.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return (byte < 0x20 && byte != '\t') || byte == 0x7f;
    });
}

// Whether a Connection header value lists `option` ("keep-alive, Upgrade").
bool hasConnectionOption(QByteArrayView value, QByteArrayView option)
{
    for (const QByteArray &part : value.toByteArray().split(',')) {
        if (part.trimmed().compare(option, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// The size of `bytes` without the start of a line end that may be still arriving: at most
// `most` trailing CR and LF bytes. The limits judge what a complete read would see.
qsizetype withoutPartialEnd(QByteArrayView bytes, qsizetype most)
{
    qsizetype size = bytes.size();
    while (most-- > 0 && size > 0 && (bytes[size - 1] == '\r' || bytes[size - 1] == '\n'))
        --size;
    return size;
}

// The request line's length in a head that starts with it (its CR, if any, not counted).
qsizetype requestLineLength(QByteArrayView head)
{
    const qsizetype lineEnd = head.indexOf('\n');
    if (lineEnd < 0)
        return withoutPartialEnd(head, 1);
    return lineEnd > 0 && head[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
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

Result<void> RequestScreen::feed(QByteArrayView bytes)
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
            // As examineHead() would judge it read at once: the request line first, and
            // without the part of a line end or of the blank line that may be on its way.
            if (requestLineLength(m_head) > m_limits.maxRequestLine)
                return rejection(414, u"request line is too long"_s);
            if (withoutPartialEnd(m_head, 3) > m_limits.maxHeaderBlock)
                return rejection(431, u"request header block is too large"_s);
            break;
        }
        const qsizetype consumed = end + endLength - before;
        const QByteArray head = m_head.left(end);
        m_head.clear();
        if (auto examined = examineHead(head); !examined)
            return examined;
        bytes = bytes.sliced(consumed);
    }
    return {};
}

Result<void> RequestScreen::examineHead(QByteArrayView head)
{
    if (requestLineLength(head) > m_limits.maxRequestLine)
        return rejection(414, u"request line is too long"_s);
    if (head.size() > m_limits.maxHeaderBlock)
        return rejection(431, u"request header block is too large"_s);
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
    const qsizetype firstSpace = requestLine.indexOf(' ');
    const qsizetype lastSpace = requestLine.lastIndexOf(' ');
    if (firstSpace <= 0 || lastSpace <= firstSpace)
        return rejection(400, u"malformed request line"_s);
    const QByteArrayView method = requestLine.first(firstSpace);
    if (!std::all_of(method.begin(), method.end(), isTokenChar))
        return rejection(400, u"malformed request method"_s);
    const QByteArrayView version = requestLine.sliced(lastSpace + 1);
    if (version != "HTTP/1.1" && version != "HTTP/1.0")
        return rejection(505, u"only HTTP/1.0 and HTTP/1.1 are supported"_s);
    const QByteArrayView target = requestLine.sliced(firstSpace + 1, lastSpace - firstSpace - 1);
    if (auto checked = checkTarget(target); !checked)
        return checked;
    Head parsed { target.toByteArray(), version == "HTTP/1.0", false };
    bool keepAlive = false;

    std::optional<qint64> contentLength;
    for (const QByteArrayView line : std::as_const(lines)) {
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return rejection(400, u"malformed header line"_s);
        const QByteArrayView name = line.first(colon);
        if (!std::all_of(name.begin(), name.end(), isTokenChar))
            return rejection(400, u"malformed header name"_s);
        const QByteArrayView value = trimmed(line.sliced(colon + 1));
        if (!isFieldValue(value))
            return rejection(400, u"a header value contains a control character"_s);
        if (name.compare("connection", Qt::CaseInsensitive) == 0) {
            parsed.wantsClose = parsed.wantsClose || hasConnectionOption(value, "close");
            keepAlive = keepAlive || hasConnectionOption(value, "keep-alive");
        } else if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
            const auto length = parseInteger(value, 0, std::numeric_limits<qint64>::max());
            if (!length)
                return rejection(400, u"malformed Content-Length"_s);
            if (contentLength && *contentLength != *length)
                return rejection(400, u"conflicting Content-Length headers"_s);
            contentLength = length;
        } else if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
            return rejection(411,
                             u"chunked request bodies are not accepted: send Content-Length"_s);
        }
    }
    if (contentLength && *contentLength > m_limits.maxBody)
        return rejection(413, u"request body is larger than %1 KiB"_s.arg(m_limits.maxBody / 1024));
    m_bodyRemaining = contentLength.value_or(0);
    if (parsed.http10 && !keepAlive)
        parsed.wantsClose = true;
    m_heads.push_back(std::move(parsed));
    return {};
}

RequestScreen::Phase RequestScreen::phase() const
{
    if (m_bodyRemaining > 0)
        return Phase::InBody;
    return m_head.isEmpty() ? Phase::BetweenRequests : Phase::InHead;
}

RequestScreen::Head RequestScreen::takeHead()
{
    if (m_heads.empty())
        return {};
    Head head = std::move(m_heads.front());
    m_heads.pop_front();
    return head;
}

} // namespace chat::server
