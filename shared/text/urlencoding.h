#pragma once

#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>
#include <utility>

namespace chat::server::urlencoding {

// Strict decoders for what arrives in a URL or a form body: malformed percent-encoding or
// invalid UTF-8 is an error (with a message for the client), never silently repaired.

// Percent-decodes `encoded` and validates UTF-8 (no NUL allowed). With plusIsSpace, '+' means
// ' ' (application/x-www-form-urlencoded).
std::optional<QString> decode(QByteArrayView encoded, bool plusIsSpace, QString *error);

// The path split on '/' (leading '/' dropped) and each segment decoded. "/rooms/a%2Fb/" gives
// {"rooms", "a/b", ""}: a trailing slash leaves an empty last segment.
std::optional<QStringList> decodePath(QByteArrayView encodedPath, QString *error);

using Fields = QList<std::pair<QString, QString>>;

// "a=1&b=2" (query string or form body), in order, with '+' as space.
std::optional<Fields> decodeForm(QByteArrayView encoded, QString *error);

// The last value of `name` (as Django's QueryDict does), or nothing.
std::optional<QString> lastValue(const Fields &fields, QStringView name);
// The last non-empty value of `name`, or nothing.
std::optional<QString> lastNonEmptyValue(const Fields &fields, QStringView name);

} // namespace chat::server::urlencoding
