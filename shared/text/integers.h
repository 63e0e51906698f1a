#pragma once

#include <QByteArrayView>
#include <QStringView>
#include <optional>

namespace chat {

// The one strict integer parser of the project, for whatever arrives from outside (query
// parameters, headers, event ids, settings): a decimal number written with ASCII digits only,
// with a leading '-' only when `min` is negative; no '+', no spaces, no other characters, and
// the value in [min, max]. Nothing otherwise.
std::optional<qint64> parseInteger(QByteArrayView text, qint64 min, qint64 max);
std::optional<qint64> parseInteger(QStringView text, qint64 min, qint64 max);

} // namespace chat
