#include "shared/compatjson.h"

namespace chat::compatjson {

QByteArray quote(QStringView text)
{
    static constexpr char hex[] = "0123456789abcdef";
    QByteArray out;
    out.reserve(text.size() + 2);
    out.append('"');
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        switch (u) {
        case u'"':
            out.append("\\\"");
            continue;
        case u'\\':
            out.append("\\\\");
            continue;
        case u'\n':
            out.append("\\n");
            continue;
        case u'\r':
            out.append("\\r");
            continue;
        case u'\t':
            out.append("\\t");
            continue;
        case u'\b':
            out.append("\\b");
            continue;
        case u'\f':
            out.append("\\f");
            continue;
        default:
            break;
        }
        if (u >= 0x20 && u < 0x7f) {
            out.append(char(u));
        } else {
            // UTF-16 units one by one: astral characters come out as their surrogate pair,
            // exactly as Python writes them.
            const char escape[] = {
                '\\',        'u', hex[(u >> 12) & 0xf], hex[(u >> 8) & 0xf], hex[(u >> 4) & 0xf],
                hex[u & 0xf]
            };
            out.append(escape, sizeof escape);
        }
    }
    out.append('"');
    return out;
}

} // namespace chat::compatjson
