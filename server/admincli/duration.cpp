#include "server/admincli/duration.h"

#include "shared/text/integers.h"

namespace chat::admin {

std::optional<qint64> parseDuration(QStringView text)
{
    text = text.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    struct Unit
    {
        QChar suffix;
        qint64 seconds;
    };
    static constexpr Unit units[]
        = { { u's', 1 }, { u'm', 60 }, { u'h', 3600 }, { u'd', 86'400 }, { u'w', 7 * 86'400 } };
    qint64 scale = 1;
    for (const Unit &unit : units) {
        if (text.endsWith(unit.suffix)) {
            scale = unit.seconds;
            text.chop(1);
            break;
        }
    }
    // Ten years at most, as the server allows.
    const auto count = parseInteger(text, 1, 10LL * 365 * 86'400 / scale);
    if (!count)
        return std::nullopt;
    return *count * scale;
}

} // namespace chat::admin
