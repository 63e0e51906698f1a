#pragma once

#include <QLoggingCategory>

// The desktop client's logging categories (QT_LOGGING_RULES="chat.client.*.debug=true").
Q_DECLARE_LOGGING_CATEGORY(lcClientSse)
Q_DECLARE_LOGGING_CATEGORY(lcClientApi)
Q_DECLARE_LOGGING_CATEGORY(lcClientRoom)
