#include "shared/sse/sseparser.h"

#include <QStringDecoder>
#include <algorithm>

namespace chat {

namespace {

// Valid UTF-8 stays byte-identical; invalid sequences become U+FFFD.
QByteArray sanitizedUtf8(QByteArrayView line)
{
    // ConvertInitialBom: a U+FEFF at the start of a line is kept (the stream's own BOM is
    // handled once, in feed()).
    QStringDecoder decoder(QStringDecoder::Utf8,
                           QStringDecoder::Flag::Stateless
                               | QStringDecoder::Flag::ConvertInitialBom);
    const QString text = decoder.decode(line);
    return decoder.hasError() ? text.toUtf8() : line.toByteArray();
}

} // namespace

QList<SseEvent> SseParser::feed(QByteArrayView bytes)
{
    QList<SseEvent> out;
    if (!m_bomChecked) {
        // The BOM may arrive split across chunks: wait for three bytes before deciding.
        const QByteArray head = m_line + bytes.toByteArray();
        static constexpr QByteArrayView bom = "\xEF\xBB\xBF";
        if (head.size() < 3 && bom.startsWith(QByteArrayView(head))) {
            m_line = head;
            return out;
        }
        m_bomChecked = true;
        m_line.clear();
        const QByteArray rest = head.startsWith(bom) ? head.sliced(3) : head;
        return feed(rest);
    }
    qsizetype start = 0;
    if (m_skipLf && !bytes.isEmpty()) {
        m_skipLf = false;
        if (bytes.front() == '\n')
            start = 1;
    }
    for (qsizetype i = start; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if (c != '\r' && c != '\n')
            continue;
        m_line.append(bytes.sliced(start, i - start));
        processLine(m_line, out);
        m_line.clear();
        if (c == '\r') {
            if (i + 1 < bytes.size()) {
                if (bytes[i + 1] == '\n')
                    ++i;
            } else {
                m_skipLf = true; // a LF at the start of the next chunk belongs to this CR
            }
        }
        start = i + 1;
    }
    m_line.append(bytes.sliced(start));
    return out;
}

void SseParser::processLine(QByteArrayView rawLine, QList<SseEvent> &out)
{
    if (rawLine.isEmpty()) {
        // Dispatch.
        if (m_hasData) {
            QByteArray data = m_data;
            if (data.endsWith('\n'))
                data.chop(1);
            out.append(SseEvent { m_type.isEmpty() ? QByteArray("message") : m_type, m_lastEventId,
                                  data, std::nullopt });
        }
        m_type.clear();
        m_data.clear();
        m_hasData = false;
        return;
    }
    const QByteArray line = sanitizedUtf8(rawLine);
    if (line.startsWith(':')) {
        ++m_commentCount;
        return;
    }
    const qsizetype colon = line.indexOf(':');
    const QByteArrayView field
        = colon < 0 ? QByteArrayView(line) : QByteArrayView(line).first(colon);
    QByteArrayView value;
    if (colon >= 0) {
        value = QByteArrayView(line).sliced(colon + 1);
        if (value.startsWith(' '))
            value = value.sliced(1);
    }
    if (field == "event") {
        m_type = value.toByteArray();
    } else if (field == "data") {
        m_data += value;
        m_data += '\n';
        m_hasData = true;
    } else if (field == "id") {
        if (!value.contains('\0'))
            m_lastEventId = value.toByteArray();
    } else if (field == "retry") {
        if (!value.isEmpty() && std::all_of(value.begin(), value.end(), [](char c) {
                return c >= '0' && c <= '9';
            })) {
            bool ok = false;
            const qint64 ms = value.toLongLong(&ok);
            if (ok)
                m_retryMs = ms;
        }
    }
}

void SseParser::resetConnection()
{
    m_line.clear();
    m_bomChecked = false;
    m_skipLf = false;
    m_type.clear();
    m_data.clear();
    m_hasData = false;
}

} // namespace chat
