#pragma once

#include <QStringView>

namespace chat::desktop {

// Whether `text` mentions `nickname`: the nickname as a whole word, in any case ("Alice:",
// "@alice", "hi ALICE!" mention alice; "alicea", "malice" and "alice_b" do not). A word is a
// run of letters, digits, marks and '_'; a nickname that starts or ends with another character
// ("<i>bob</i>", "bob!") needs no boundary on that side.
bool mentionsNickname(QStringView text, QStringView nickname);

} // namespace chat::desktop
