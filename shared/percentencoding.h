#pragma once

#include <QByteArrayView>
#include <QString>
#include <optional>

namespace chat::percentencoding {

// Strict percent-decoding to text: nothing when an escape is malformed ("%zz", a lone '%') or
// the decoded bytes are not valid UTF-8. With plusIsSpace, '+' means ' '
// (application/x-www-form-urlencoded).
std::optional<QString> decodeUtf8(QByteArrayView encoded, bool plusIsSpace = false);

} // namespace chat::percentencoding
