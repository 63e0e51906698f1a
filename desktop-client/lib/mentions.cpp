#include "desktop-client/lib/mentions.h"

#include <QString>

namespace chat::desktop {

namespace {

bool isWordCharacter(char32_t c)
{
    if (c == u'_')
        return true;
    switch (QChar::category(c)) {
    case QChar::Mark_NonSpacing:
    case QChar::Mark_SpacingCombining:
    case QChar::Mark_Enclosing:
        return true;
    default:
        return QChar::isLetterOrNumber(c);
    }
}

// The code point that ends just before `at`, or starts at `at`.
char32_t codePointBefore(QStringView text, qsizetype at)
{
    const QChar last = text.at(at - 1);
    if (last.isLowSurrogate() && at >= 2 && text.at(at - 2).isHighSurrogate())
        return QChar::surrogateToUcs4(text.at(at - 2), last);
    return last.unicode();
}

char32_t codePointAt(QStringView text, qsizetype at)
{
    const QChar first = text.at(at);
    if (first.isHighSurrogate() && at + 1 < text.size() && text.at(at + 1).isLowSurrogate())
        return QChar::surrogateToUcs4(first, text.at(at + 1));
    return first.unicode();
}

} // namespace

bool mentionsNickname(QStringView text, QStringView nickname)
{
    const QString name = nickname.trimmed().toString().toCaseFolded();
    if (name.isEmpty())
        return false;
    // Both folded (simple folding keeps letters letters and marks marks), then the boundaries
    // are looked at in the folded text.
    const QString haystack = text.toString().toCaseFolded();
    const bool needsStart = isWordCharacter(codePointAt(name, 0));
    const bool needsEnd = isWordCharacter(codePointBefore(name, name.size()));
    for (qsizetype at = haystack.indexOf(name); at >= 0; at = haystack.indexOf(name, at + 1)) {
        const qsizetype end = at + name.size();
        const bool startOk
            = !needsStart || at == 0 || !isWordCharacter(codePointBefore(haystack, at));
        const bool endOk
            = !needsEnd || end == haystack.size() || !isWordCharacter(codePointAt(haystack, end));
        if (startOk && endOk)
            return true;
    }
    return false;
}

} // namespace chat::desktop
