#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <optional>

namespace chat::server {

// The `from` and `text` fields of a POSTed message.
struct PostedMessage
{
    QString from;
    QString text;
};

struct PostedMessageResult
{
    std::optional<PostedMessage> message;
    int status = 400; // 400 or 415 when there is no message
    QString error;
};

// Reads a POSTed message from a form-urlencoded, multipart/form-data or JSON body. Only
// decodes; MessagesEndpoint validates the values.
PostedMessageResult parsePostedMessage(QByteArrayView contentType, QByteArrayView body);

} // namespace chat::server
