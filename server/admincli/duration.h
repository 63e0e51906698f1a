#pragma once

#include <QStringView>
#include <optional>

namespace chat::admin {

// "90", "90s", "30m", "12h", "7d", "2w" as seconds (at least 1); nothing for anything else.
std::optional<qint64> parseDuration(QStringView text);

} // namespace chat::admin
