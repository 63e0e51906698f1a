#pragma once

#include "shared/model/result.h"
#include "shared/text/urlencoding.h"

#include <QByteArrayView>
#include <QString>
#include <QStringList>

namespace chat::server {

// The fields of a POSTed form: a form-urlencoded, multipart/form-data or JSON body (an object
// whose values for `jsonNames` must be strings; other keys are ignored). Fails with 400 for a
// malformed body and 415 for an unsupported type or charset. Only decodes: the endpoints
// validate the values.
Result<urlencoding::Fields> parsePostedForm(QByteArrayView contentType, QByteArrayView body,
                                            const QStringList &jsonNames);

// The `from` and `text` fields of a POSTed message.
struct PostedMessage
{
    QString from;
    QString text;
};

// A POSTed message: a posted form with both fields (400 naming the missing one otherwise).
Result<PostedMessage> parsePostedMessage(QByteArrayView contentType, QByteArrayView body);

} // namespace chat::server
