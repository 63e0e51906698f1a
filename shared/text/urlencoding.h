#pragma once

#include "shared/model/result.h"

#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>
#include <utility>

// Strict decoders for what arrives in a URL, a form body or an event id: a malformed escape
// ("%zz", a lone '%'), invalid UTF-8 or a NUL is an error (with a message for the client),
// never silently repaired.
namespace chat::urlencoding {

// Percent-decodes `encoded` to text. With plusIsSpace, '+' means ' '
// (application/x-www-form-urlencoded).
Result<QString> decode(QByteArrayView encoded, bool plusIsSpace = false);

// The path split on '/' (leading '/' dropped) and each segment decoded. "/rooms/a%2Fb/" gives
// {"rooms", "a/b", ""}: a trailing slash leaves an empty last segment.
Result<QStringList> decodePath(QByteArrayView encodedPath);

using Fields = QList<std::pair<QString, QString>>;

// "a=1&b=2" (query string or form body), in order, with '+' as space.
Result<Fields> decodeForm(QByteArrayView encoded);

// The last value of `name` (as Django's QueryDict does), or nothing.
std::optional<QString> lastValue(const Fields &fields, QStringView name);
// The last non-empty value of `name`, or nothing.
std::optional<QString> lastNonEmptyValue(const Fields &fields, QStringView name);

} // namespace chat::urlencoding
