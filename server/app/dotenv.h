#pragma once

#include "shared/model/result.h"

#include <QByteArrayView>
#include <QHash>
#include <QString>

// The .env file chat-server reads its settings from after the command line and the environment.
namespace chat::server::dotenv {

using Values = QHash<QString, QString>;

// KEY=VALUE lines; blank lines and # comments skipped; optional "export "; values may be
// single-quoted (literal) or double-quoted (\n, \", \\ escapes). A malformed line is an error
// naming its number.
Result<Values> parse(QByteArrayView text);

// Reads the file if it exists (a missing file is fine, an unreadable or malformed one is an
// error).
Result<Values> read(const QString &path);

} // namespace chat::server::dotenv
