#include "desktop-client/lib/logging.h"

Q_LOGGING_CATEGORY(lcClientSse, "chat.client.sse", QtInfoMsg)
Q_LOGGING_CATEGORY(lcClientApi, "chat.client.api", QtInfoMsg)
Q_LOGGING_CATEGORY(lcClientRoom, "chat.client.room", QtInfoMsg)
