#include "server/store/engine/storeerrors.h"

#include <atomic>

namespace chat::server::storeerrors {

namespace {
std::atomic<quint64> g_errors { 0 };
}

void count()
{
    g_errors.fetch_add(1, std::memory_order_relaxed);
}

quint64 total()
{
    return g_errors.load(std::memory_order_relaxed);
}

} // namespace chat::server::storeerrors
