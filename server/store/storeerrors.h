#pragma once

#include <QtGlobal>

// Database errors of this process, whichever store or thread met them (for /metrics): each
// statement or transaction that failed counts once.
namespace chat::server::storeerrors {

void count();
quint64 total();

} // namespace chat::server::storeerrors
