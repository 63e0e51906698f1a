#pragma once

#include "shared/model/result.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace chat::desktop {

// Messages written but not yet acknowledged by the server, kept in a JSON file so that they
// survive a restart of the client (or a crash) and are sent then, with the Idempotency-Key
// they were first sent with: the server stores each key once, so nothing arrives twice. Every
// change is written at once (QSaveFile: the file is whole or as before). Without a file it keeps
// them in memory only.
class Outbox
{
public:
    struct Entry
    {
        QString key; // Idempotency-Key
        QString room;
        QString from;
        QString text;
        QDateTime created; // UTC, when it was written

        friend bool operator==(const Entry &, const Entry &) = default;
    };

    explicit Outbox(QString path = {});

    // Where a client keeps the outbox of one nickname on one server: a file of its own under
    // QStandardPaths::AppDataLocation (set QStandardPaths::setTestModeEnabled in tests).
    static QString defaultPath(const QUrl &server, const QString &nickname);

    QString path() const { return m_path; }
    // Reads the file (a missing one is an empty outbox). A file that cannot be read as an
    // outbox is moved aside to "<path>.broken" rather than written over.
    Result<void> load();

    QList<Entry> entries() const { return m_entries; } // oldest first
    QList<Entry> entries(const QString &room, const QString &from) const;
    QStringList rooms(const QString &from) const; // rooms with unsent messages, in order
    bool contains(const QString &key) const;

    // Each writes the file; on failure the change is kept in memory and the reason returned.
    Result<void> add(const Entry &entry); // replaces an entry with the same key
    Result<void> remove(const QString &key);

    // The file's contents: {"version": 1, "messages": [{"key", "room", "from", "text",
    // "created"}, ...]}. Entries without a key, room, sender or text are left out.
    static QByteArray toJson(const QList<Entry> &entries);
    static Result<QList<Entry>> fromJson(const QByteArray &json);

private:
    Result<void> save() const;

    QString m_path;
    QList<Entry> m_entries;
};

} // namespace chat::desktop
