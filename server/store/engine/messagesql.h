#pragma once

// SQL that several of the store's statements share.

// The columns every message query reads, in this order: id, event_number, sender, text,
// created_ms, removes, removed_ms.
#define CHAT_MESSAGE_COLUMNS                                                                       \
    "m.id, m.event_number, m.sender, m.text, m.created_ms, m.removes, m.removed_ms"
// The history lists messages that stand: no removals, no tombstones.
#define CHAT_STANDING "m.removes = 0 AND m.removed_ms IS NULL"
