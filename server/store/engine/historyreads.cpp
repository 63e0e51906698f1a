#include "server/store/engine/historyreads.h"

namespace chat::server {

Result<std::optional<qint64>> HistoryReads::eventBound(const QString &room,
                                                       std::optional<qint64> beforeId)
{
    if (!beforeId)
        return std::optional<qint64>();
    const auto exact = eventOf(room, *beforeId);
    if (!exact)
        return exact.error();
    if (*exact)
        return *exact;
    const auto current = currentEvent(room);
    if (!current)
        return current.error();
    // The bound is in [low, high]: every event below low has a smaller id, none from high on.
    qint64 low = 1;
    qint64 high = *current + 1;
    while (low < high) {
        const qint64 middle = low + (high - low) / 2;
        const auto id = idOf(room, middle);
        if (!id)
            return id.error();
        if (*id && **id < *beforeId)
            low = middle + 1;
        else
            high = middle;
    }
    return std::optional<qint64>(low);
}

} // namespace chat::server
