#pragma once

#include "shared/sse/sseevent.h"

#include <QByteArray>
#include <QByteArrayView>

namespace chat::sse {

// Writes SSE frames in the original demo's layout ("event: x\nid: y\ndata: z\n\n", all "\n").
// Nothing a caller passes can start a new field or frame: CR, LF and NUL are removed from
// `type` and `id` (left out when nothing remains), and `data` is split on CRLF, CR and LF into
// one "data:" line each, NUL removed.
QByteArray encode(const SseEvent &event);

// ": <text>\n\n" (comment). CR/LF/NUL in text are replaced by spaces.
QByteArray comment(QByteArrayView text);

// The first bytes of every stream: ":" + 2048 spaces + "\n\n" (defeats proxy buffering), then
// "event: stream-open\ndata: \n\n".
QByteArray preamble();

// "event: keep-alive\ndata: \n\n".
QByteArray keepAlive();

} // namespace chat::sse
