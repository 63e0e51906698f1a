#pragma once

// SQL that several of the store's statements share.

// The columns every message query reads, in this order: id, event_number, sender, text,
// created_ms, removes, removed_ms.
#define CHAT_MESSAGE_COLUMNS                                                                       \
    "m.id, m.event_number, m.sender, m.text, m.created_ms, m.removes, m.removed_ms"
// The history lists messages that stand: no removals, no tombstones.
#define CHAT_STANDING "m.removes = 0 AND m.removed_ms IS NULL"
// The event number of a room's message by its id, and the id of a room's event by its number
// (HistoryReads::eventBound); parameters: the id or number, then the room's name.
#define CHAT_EVENT_OF_MESSAGE                                                                      \
    "SELECT m.event_number FROM messages m JOIN rooms r ON r.id = m.room_id"                       \
    " WHERE m.id = ? AND r.name = ?"
#define CHAT_MESSAGE_OF_EVENT                                                                      \
    "SELECT m.id FROM messages m JOIN rooms r ON r.id = m.room_id"                                 \
    " WHERE m.event_number = ? AND r.name = ?"
