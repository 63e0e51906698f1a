#pragma once

#include "shared/model/result.h"

#include <QSqlDatabase>
#include <QSqlQuery>

namespace chat::server {

// The message store's prepared statements, on its one connection (the history's are
// HistoryReader's).
struct Statements
{
    explicit Statements(const QSqlDatabase &db);
    Result<void> prepare();

    // Messages and their rooms' counters.
    QSqlQuery bumpRoom;
    QSqlQuery insertMessage;
    // Idempotency-Keys.
    QSqlQuery roomId;
    QSqlQuery findKey;
    QSqlQuery insertKey;
    QSqlQuery forgetKeys;
    // The rooms directory.
    QSqlQuery roomActivity;
    QSqlQuery roomsNewest;
    QSqlQuery roomsBefore;
    // Moderation.
    QSqlQuery findMessage;
    QSqlQuery tombstone;
    QSqlQuery bumpRoomOnly;
    QSqlQuery insertRemoval;
    QSqlQuery insertBan;
    QSqlQuery activeBans;
    QSqlQuery deleteBan;
};

} // namespace chat::server
