#pragma once

#include "server/store/engine/databaseurl.h"
#include "server/store/engine/dialect.h"
#include "server/store/engine/sqliteconnection.h"
#include "shared/model/result.h"
#include "shared/retry/backoff.h"

#include <QObject>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <optional>
#include <vector>

namespace chat::server {

// The store's one connection to its database, whichever the engine. A SQLite file stays open
// (a failing write is the disk's problem, not the connection's). A PostgreSQL connection can
// be lost (a restart, the network): Qt's QPSQL driver then closes it and never reconnects, so
// this class notices, drops it, and opens a new one with backoff until the server is back,
// preparing the statements again; meanwhile the store answers 503. It also LISTENs on the
// store's channels and relays what the other origins NOTIFY.
class StoreConnection : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        Sync sync = Sync::Full;
        int autoCheckpointPages = 1000; // SQLite's wal_autocheckpoint
        QStringList channels; // PostgreSQL: the notification channels to LISTEN on
    };
    // Run on every open, the first and each reconnect: migrate, prepare statements. `release`
    // drops the prepared statements before the connection goes.
    struct User
    {
        std::function<Result<void>(QSqlDatabase &)> prepare;
        std::function<void()> release;
    };

    explicit StoreConnection(QObject *parent = nullptr);
    ~StoreConnection() override;

    // Users are prepared in the order they were added.
    void addUser(User user) { m_users.push_back(std::move(user)); }
    // The first open: fails (no retry) when the database cannot be opened or prepared.
    Result<void> open(const DatabaseUrl &url, Options options);
    void close();

    // Open and usable. A PostgreSQL connection QPSQL found broken is dropped here, and
    // reopened in the background.
    bool isOpen();
    QSqlDatabase database() const;
    const Dialect &dialect() const { return m_dialect; }
    const DatabaseUrl &url() const { return m_url; }
    // Reconnections so far (for tests and logs).
    int reconnects() const { return m_reconnects; }

    // To be called after a statement failed: when the connection turns out to be lost, it is
    // dropped and reopened in the background.
    void noteFailure();
    // PostgreSQL: NOTIFY `channel` with `payload`, delivered to every other origin listening
    // (at the commit of the transaction in progress, if any). Nothing on SQLite. On failure
    // the caller calls noteFailure() (after its transaction).
    Result<void> notify(const QString &channel, const QString &payload);

signals:
    // Another session NOTIFYed on one of the channels (never this connection's own).
    void notified(const QString &channel, const QString &payload);
    // The connection was lost, and is now back: whatever was missed can be read again.
    void reopened();

private:
    enum class State { Closed, Open, Reconnecting };

    Result<void> connect();
    void drop(bool lost = false);
    void lose();
    void attemptReconnect();

    QString m_name;
    DatabaseUrl m_url;
    Dialect m_dialect;
    Options m_options;
    std::vector<User> m_users;
    std::optional<QSqlQuery> m_notify; // PostgreSQL: prepared on each connection
    State m_state = State::Closed;
    Backoff m_backoff { 100, 5000 };
    QTimer m_retry;
    int m_reconnects = 0;
};

} // namespace chat::server
