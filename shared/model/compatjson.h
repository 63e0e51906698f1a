#pragma once

#include <QByteArray>
#include <QStringView>

namespace chat::compatjson {

// JSON text laid out exactly as Python's json.dumps() writes it by default (what the original
// demo's clients see): ", " and ": " separators, ASCII-only output with \uXXXX escapes (lowercase
// hex, surrogate pairs above U+FFFF), short escapes for \" \\ \n \r \t \b \f.

// The quoted JSON string literal for `text`, including the surrounding quotes.
QByteArray quote(QStringView text);

} // namespace chat::compatjson
