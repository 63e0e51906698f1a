#pragma once

#include "shared/sse/sseevent.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <optional>

namespace chat {

// Incremental Server-Sent Events parser following the WHATWG "event stream interpretation"
// rules, for clients: feed it bytes as they arrive, in chunks of any size.
// - lines end with CRLF, LF or CR (a CRLF split across two chunks counts once);
// - one leading UTF-8 BOM is skipped; fields stay UTF-8 bytes, with invalid sequences replaced
//   by U+FFFD line by line (a character split across chunks is decoded whole);
// - ":" lines are comments; "retry:" takes ASCII digits only; an "id:" containing NUL is ignored;
// - an event is dispatched at a blank line when its data is non-empty; one trailing '\n' of the
//   data is removed; the event's id is the stream's last event id at that point.
// The parser sets no limit on line length: a client reading an untrusted server should drop the
// connection when pendingLineSize() grows too large (say beyond 1 MiB).
class SseParser
{
public:
    // Parses `bytes` and returns the events completed by them, in order.
    QList<SseEvent> feed(QByteArrayView bytes);

    // The last event id so far (sent back as Last-Event-ID when reconnecting).
    QByteArray lastEventId() const { return m_lastEventId; }
    // The last valid "retry:" value seen, in milliseconds.
    std::optional<qint64> retryMs() const { return m_retryMs; }
    // Number of comment lines seen (keep-alive comments and the preamble padding).
    qint64 commentCount() const { return m_commentCount; }
    // Bytes buffered for the current unfinished line.
    qsizetype pendingLineSize() const { return m_line.size(); }

    // Forgets a partial line and event (a new connection); keeps lastEventId and retry.
    void resetConnection();

private:
    void processLine(QByteArrayView line, QList<SseEvent> &out);

    QByteArray m_line; // bytes of the current unfinished line
    bool m_bomChecked = false;
    bool m_skipLf = false; // the previous chunk ended with CR
    QByteArray m_type;
    QByteArray m_data;
    bool m_hasData = false;
    QByteArray m_lastEventId;
    std::optional<qint64> m_retryMs;
    qint64 m_commentCount = 0;
};

} // namespace chat
