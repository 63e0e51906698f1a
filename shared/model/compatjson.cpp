#include "shared/model/compatjson.h"

namespace chat::compatjson {

namespace {

// Written through a pointer into room for the worst case (every unit as \uXXXX), then trimmed
// by the caller: a call per character was a tenth of a post's cost. Unit: char16_t (UTF-16) or
// uchar (Latin-1).
template<typename Unit> char *writeUnits(char *o, const Unit *begin, qsizetype size)
{
    static constexpr char hex[] = "0123456789abcdef";
    *o++ = '"';
    for (const Unit *p = begin; p != begin + size; ++p) {
        const char16_t u = *p;
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
    return o;
}

} // namespace

QByteArray quote(QStringView text)
{
    QByteArray out;
    appendQuoted(out, text);
    return out;
}

void appendQuoted(QByteArray &out, Text text)
{
    const qsizetype start = out.size();
    out.resize(start + maxQuotedSize(text));
    out.truncate(writeQuoted(out.data() + start, text) - out.constData());
}

qsizetype maxQuotedSize(Text text)
{
    return std::visit([](auto view) { return view.size() * 6 + 2; }, text);
}

char *writeQuoted(char *out, Text text)
{
    if (const auto *utf16 = std::get_if<QStringView>(&text))
        return writeUnits(out, utf16->utf16(), utf16->size());
    const QLatin1StringView latin1 = std::get<QLatin1StringView>(text);
    return writeUnits(out, reinterpret_cast<const uchar *>(latin1.data()), latin1.size());
}

} // namespace chat::compatjson
