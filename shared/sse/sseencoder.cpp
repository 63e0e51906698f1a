#include "shared/sse/sseencoder.h"

#include <algorithm>

namespace chat::sse {

namespace {

// A field value on one line: CR, LF and NUL would end the line or the frame early.
QByteArray singleLine(QByteArrayView value)
{
    QByteArray out;
    out.reserve(value.size());
    for (const char c : value) {
        if (c != '\r' && c != '\n' && c != '\0')
            out.append(c);
    }
    return out;
}

} // namespace

QByteArray encode(const SseEvent &event)
{
    QByteArray out;
    out.reserve(event.data.size() + event.type.size() + event.id.size() + 32);
    // Emptiness is judged after cleaning: an id of only CR/LF would otherwise come out as "id: ",
    // which tells the client to forget its last event id.
    if (const QByteArray type = singleLine(event.type); !type.isEmpty())
        out += "event: " + type + '\n';
    if (const QByteArray id = singleLine(event.id); !id.isEmpty())
        out += "id: " + id + '\n';
    if (event.retryMs)
        out += "retry: " + QByteArray::number(std::max<qint64>(0, *event.retryMs)) + '\n';
    // One "data:" line per line of data, whatever ends it (CRLF, CR or LF); NUL removed.
    const QByteArrayView data = event.data;
    qsizetype start = 0;
    while (true) {
        qsizetype end = start;
        while (end < data.size() && data[end] != '\r' && data[end] != '\n')
            ++end;
        out += "data: ";
        for (qsizetype i = start; i < end;) { // runs without NUL, appended whole
            qsizetype runEnd = i;
            while (runEnd < end && data[runEnd] != '\0')
                ++runEnd;
            out += data.sliced(i, runEnd - i);
            i = runEnd + 1;
        }
        out += '\n';
        if (end >= data.size())
            break;
        start = end + 1;
        if (data[end] == '\r' && start < data.size() && data[start] == '\n')
            ++start;
    }
    out += '\n';
    return out;
}

QByteArray comment(QByteArrayView text)
{
    QByteArray line = text.toByteArray();
    for (char &c : line) {
        if (c == '\r' || c == '\n' || c == '\0')
            c = ' ';
    }
    return ": " + line + "\n\n";
}

QByteArray preamble()
{
    static const QByteArray bytes
        = ':' + QByteArray(2048, ' ') + "\n\n" + encode({ "stream-open", {}, {}, std::nullopt });
    return bytes;
}

QByteArray keepAlive()
{
    static const QByteArray bytes = encode({ "keep-alive", {}, {}, std::nullopt });
    return bytes;
}

} // namespace chat::sse
