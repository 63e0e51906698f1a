#pragma once

#include "shared/model/result.h"

#include <QString>
#include <QStringView>

namespace chat {

// Limits shared by the server, the web UI and the desktop client. Lengths count Unicode
// characters (code points), not UTF-16 units or bytes.
inline constexpr int kMaxRoomNameLength = 64;
inline constexpr int kMaxNicknameLength = 64;
inline constexpr int kMaxMessageLength = 4096;

// Each passes for an acceptable value, else fails with a sentence for the user ("room name must
// not contain '/'") and status 400. tests/vectors/validation.json holds the cases, which the
// page's own copy of these rules (web/js/validation.js) is checked against too.
// Room: 1..64 characters, no '/', no control characters (C0, DEL, C1), not only whitespace.
Result<void> checkRoomName(QStringView room);
// Nickname: 1..64 characters, no control characters, not only whitespace.
Result<void> checkNickname(QStringView nickname);
// Message text: 1..4096 characters, not only whitespace; tab, LF and CR are allowed, other
// control characters are not.
Result<void> checkMessageText(QStringView text);

// Number of code points in `text` (a surrogate pair counts once).
qsizetype characterCount(QStringView text);

} // namespace chat
