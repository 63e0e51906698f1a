#pragma once

#include "server/app/serversettings.h"

// How chat-server writes its log (stderr): one readable line per message, or one JSON object
// per line for log shippers, with the fields of the request being handled where there is one.
// The filter rules (QT_LOGGING_RULES) apply to both.
namespace chat::server::logformat {

void use(ServerSettings::LogFormat format);

// One message as a JSON line: {"time", "level", "category", "message"[, "method", "path",
// "client"]}, ending in a newline.
QByteArray jsonLine(QtMsgType type, const QMessageLogContext &context, const QString &message);

} // namespace chat::server::logformat
