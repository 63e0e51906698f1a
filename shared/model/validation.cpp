#include "shared/model/validation.h"

using namespace Qt::StringLiterals;

namespace chat {

namespace {

bool isControl(char32_t c)
{
    return c < 0x20 || (c >= 0x7f && c <= 0x9f);
}

bool isBlank(QStringView text)
{
    return text.trimmed().isEmpty();
}

// Checks what the three kinds of value share; `allowed` lists the control characters that
// may appear anyway.
Result<void> fail(QString message)
{
    return Error { std::move(message), 400 };
}

Result<void> checkCommon(QStringView value, QStringView what, qsizetype maxLength,
                         QStringView allowedControls)
{
    if (value.isEmpty())
        return fail(u"%1 must not be empty"_s.arg(what));
    for (qsizetype i = 0; i < value.size(); ++i) {
        const QChar c = value[i];
        if (c.isHighSurrogate() && i + 1 < value.size() && value[i + 1].isLowSurrogate()) {
            ++i;
            continue;
        }
        if (c.isSurrogate())
            return fail(u"%1 is not valid Unicode"_s.arg(what));
        if (isControl(c.unicode()) && !allowedControls.contains(c))
            return fail(u"%1 must not contain control characters"_s.arg(what));
    }
    if (isBlank(value))
        return fail(u"%1 must not be only whitespace"_s.arg(what));
    if (characterCount(value) > maxLength)
        return fail(u"%1 must be at most %2 characters"_s.arg(what).arg(maxLength));
    return {};
}

} // namespace

qsizetype characterCount(QStringView text)
{
    qsizetype count = 0;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i].isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate())
            ++i;
        ++count;
    }
    return count;
}

Result<void> checkRoomName(QStringView room)
{
    if (room.contains(u'/'))
        return fail(u"room name must not contain '/'"_s);
    return checkCommon(room, u"room name", kMaxRoomNameLength, {});
}

Result<void> checkNickname(QStringView nickname)
{
    return checkCommon(nickname, u"nickname", kMaxNicknameLength, {});
}

Result<void> checkMessageText(QStringView text)
{
    return checkCommon(text, u"message text", kMaxMessageLength, u"\t\n\r");
}

} // namespace chat
