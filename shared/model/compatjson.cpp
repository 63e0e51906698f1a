#include "shared/model/compatjson.h"

namespace chat::compatjson {

QByteArray quote(QStringView text)
{
    static constexpr char hex[] = "0123456789abcdef";
    // Written through a pointer into room for the worst case (every unit as \uXXXX), then
    // trimmed: a call per character was a tenth of a post's cost.
    QByteArray out(text.size() * 6 + 2, Qt::Uninitialized);
    char *o = out.data();
    *o++ = '"';
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u >= 0x20 && u < 0x7f && u != u'"' && u != u'\\') {
            *o++ = char(u);
            continue;
        }
        char shortEscape = 0;
        switch (u) {
        case u'"':
            shortEscape = '"';
            break;
        case u'\\':
            shortEscape = '\\';
            break;
        case u'\n':
            shortEscape = 'n';
            break;
        case u'\r':
            shortEscape = 'r';
            break;
        case u'\t':
            shortEscape = 't';
            break;
        case u'\b':
            shortEscape = 'b';
            break;
        case u'\f':
            shortEscape = 'f';
            break;
        default:
            break;
        }
        *o++ = '\\';
        if (shortEscape) {
            *o++ = shortEscape;
            continue;
        }
        // UTF-16 units one by one: astral characters come out as their surrogate pair, exactly
        // as Python writes them.
        *o++ = 'u';
        *o++ = hex[(u >> 12) & 0xf];
        *o++ = hex[(u >> 8) & 0xf];
        *o++ = hex[(u >> 4) & 0xf];
        *o++ = hex[u & 0xf];
    }
    *o++ = '"';
    out.truncate(o - out.constData());
    return out;
}

} // namespace chat::compatjson
