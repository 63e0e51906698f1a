#pragma once

#include <QtGlobal>

// Database errors of this process, whichever store or thread met them (for /metrics): each
// statement or transaction that failed counts once, and so does each lost connection and each
// attempt to open it again that failed.
namespace chat::server::storeerrors {

void count();
quint64 total();

} // namespace chat::server::storeerrors
