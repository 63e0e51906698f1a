#pragma once

#include <QByteArray>
#include <optional>

namespace chat {

// One Server-Sent Events event, as written by SseEncoder and as dispatched by SseParser.
struct SseEvent
{
    QByteArray type; // "event:" field; empty means the default type "message"
    QByteArray id; // "id:" field; for parsed events: the stream's last event id at dispatch
    QByteArray data; // lines joined with '\n'
    std::optional<qint64> retryMs; // "retry:" field (encoder only writes it when set)

    friend bool operator==(const SseEvent &, const SseEvent &) = default;
};

} // namespace chat
