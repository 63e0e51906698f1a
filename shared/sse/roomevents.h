#pragma once

#include "server/messagestore.h"

#include <QByteArray>
#include <QString>

// The SSE frames of a chat room's event stream, byte for byte as the original demo writes them.
namespace chat::server::roomevents {

// event: message / id: room-<room>:<n> / data: <message JSON>
QByteArray messageFrame(const StoredMessage &stored);

// event: stream-reset / id: room-<room>:<current> / data: {"channels": ["room-<room>"]}
QByteArray streamReset(const QString &room, qint64 current);

// event: stream-error / id: error / data: {"condition": "<condition>", "text": "<text>"}
QByteArray streamError(const QString &condition, const QString &text);

} // namespace chat::server::roomevents
