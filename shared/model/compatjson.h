#pragma once

#include <QByteArray>
#include <QLatin1StringView>
#include <QStringView>

#include <variant>

namespace chat::compatjson {

// JSON text laid out exactly as Python's json.dumps() writes it by default (what the original
// demo's clients see): ", " and ": " separators, ASCII-only output with \uXXXX escapes (lowercase
// hex, surrogate pairs above U+FFFF), short escapes for \" \\ \n \r \t \b \f.

// The quoted JSON string literal for `text`, including the surrounding quotes.
QByteArray quote(QStringView text);

// Text to quote: UTF-16, or Latin-1 (for bytes known to be ASCII, as the store reads them: the
// same characters, so the same output, without a conversion to UTF-16 first).
using Text = std::variant<QStringView, QLatin1StringView>;

// quote(), appended to `out`.
void appendQuoted(QByteArray &out, Text text);

// The most bytes quote() can write for `text` (every unit as \uXXXX, and the quotes).
qsizetype maxQuotedSize(Text text);
// quote() written at `out`, which has room for maxQuotedSize(text) bytes; returns the end.
char *writeQuoted(char *out, Text text);

} // namespace chat::compatjson
