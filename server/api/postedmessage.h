#pragma once

#include "shared/model/result.h"

#include <QByteArrayView>
#include <QString>

namespace chat::server {

// The `from` and `text` fields of a POSTed message.
struct PostedMessage
{
    QString from;
    QString text;
};

// Reads a POSTed message from a form-urlencoded, multipart/form-data or JSON body; fails with
// 400 for a malformed body and 415 for an unsupported type or charset. Only decodes:
// MessagesEndpoint validates the values.
Result<PostedMessage> parsePostedMessage(QByteArrayView contentType, QByteArrayView body);

} // namespace chat::server
