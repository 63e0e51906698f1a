#pragma once

#include <QString>
#include <QStringView>

namespace chat {

// Limits shared by the server, the web UI and the desktop client. Lengths count Unicode
// characters (code points), not UTF-16 units or bytes.
inline constexpr int kMaxRoomNameLength = 64;
inline constexpr int kMaxNicknameLength = 64;
inline constexpr int kMaxMessageLength = 4096;

// Each returns an empty string when the value is acceptable, else a sentence for the user
// ("room name must not contain '/'").
// Room: 1..64 characters, no '/', no control characters (C0, DEL, C1), not only whitespace.
QString roomNameProblem(QStringView room);
// Nickname: 1..64 characters, no control characters, not only whitespace.
QString nicknameProblem(QStringView nickname);
// Message text: 1..4096 characters, not only whitespace; tab, LF and CR are allowed, other
// control characters are not.
QString messageTextProblem(QStringView text);

// Number of code points in `text` (a surrogate pair counts once).
qsizetype characterCount(QStringView text);

} // namespace chat
