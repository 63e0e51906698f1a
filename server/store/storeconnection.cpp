#include "server/store/storeconnection.h"

#include "server/store/engine/pgconnection.h"
#include "server/store/engine/storeerrors.h"

#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

Q_LOGGING_CATEGORY(lcConnection, "chat.server.store.connection")

using namespace Qt::StringLiterals;

namespace chat::server {

StoreConnection::StoreConnection(QObject *parent)
    : QObject(parent)
    , m_name(sqliteconnection::uniqueName(u"chat-store"_s))
{
    m_retry.setSingleShot(true);
    QObject::connect(&m_retry, &QTimer::timeout, this, &StoreConnection::attemptReconnect);
}

StoreConnection::~StoreConnection()
{
    close();
}

QSqlDatabase StoreConnection::database() const
{
    return QSqlDatabase::database(m_name, false);
}

Result<void> StoreConnection::open(const DatabaseUrl &url, Options options)
{
    close();
    m_url = url;
    m_dialect = Dialect(url.engine);
    m_options = std::move(options);
    m_backoff.reset();
    if (auto connected = connect(); !connected)
        return connected;
    m_state = State::Open;
    return {};
}

Result<void> StoreConnection::connect()
{
    auto db = m_url.isPostgres()
        ? pgconnection::open(m_name, m_url, m_options.sync == Sync::Full)
        : sqliteconnection::open(m_name, m_url.path, m_options.sync, m_options.autoCheckpointPages);
    if (!db)
        return db.error();
    if (m_url.isPostgres()) {
        QSqlDriver *driver = db->driver();
        QObject::connect(driver, &QSqlDriver::notification, this,
                         [this](const QString &channel, QSqlDriver::NotificationSource source,
                                const QVariant &payload) {
                             if (source != QSqlDriver::SelfSource)
                                 emit notified(channel, payload.toString());
                         });
        m_notify.emplace(*db);
        if (!m_notify->prepare(m_dialect.notify())) {
            const QString problem = sqliteconnection::describe(m_notify->lastError());
            drop();
            return Error { u"cannot prepare notifications: %1"_s.arg(problem) };
        }
        for (const QString &channel : std::as_const(m_options.channels)) {
            if (!driver->subscribeToNotification(channel)) {
                const QString problem = driver->lastError().text();
                drop();
                return Error { u"cannot listen on %1: %2"_s.arg(channel, problem) };
            }
        }
    }
    for (const User &user : m_users) {
        if (auto prepared = user.prepare(*db); !prepared) {
            drop();
            return prepared;
        }
    }
    return {};
}

void StoreConnection::drop(bool lost)
{
    // A lost connection goes before its statements: with the driver gone they free nothing
    // (QPSQL would try to DEALLOCATE each over the dead connection, with a warning each).
    if (lost)
        sqliteconnection::close(m_name);
    for (auto it = m_users.rbegin(); it != m_users.rend(); ++it)
        it->release();
    m_notify.reset();
    sqliteconnection::close(m_name);
}

void StoreConnection::close()
{
    m_retry.stop();
    if (m_state == State::Closed)
        return;
    drop();
    m_state = State::Closed;
}

bool StoreConnection::isOpen()
{
    if (m_state == State::Open && m_url.isPostgres() && !database().isOpen())
        lose();
    return m_state == State::Open;
}

void StoreConnection::noteFailure()
{
    if (m_state != State::Open || !m_url.isPostgres())
        return;
    // QPSQL closes a connection it finds broken; one that looks open is asked once more.
    if (database().isOpen() && QSqlQuery(database()).exec(u"SELECT 1"_s))
        return; // the statement failed, the connection is fine
    lose();
}

void StoreConnection::lose()
{
    qCWarning(lcConnection).noquote()
        << "lost the connection to" << m_url.display() << "- reconnecting";
    storeerrors::count();
    drop(true);
    m_state = State::Reconnecting;
    m_backoff.reset();
    m_retry.start(int(m_backoff.nextDelayMs(QRandomGenerator::global()->generateDouble())));
}

void StoreConnection::attemptReconnect()
{
    if (m_state != State::Reconnecting)
        return;
    if (auto connected = connect(); !connected) {
        storeerrors::count();
        drop(true);
        const qint64 delay = m_backoff.nextDelayMs(QRandomGenerator::global()->generateDouble());
        qCDebug(lcConnection).noquote() << "still no database:" << connected.error().message
                                        << "- next try in" << delay << "ms";
        m_retry.start(int(delay));
        return;
    }
    m_state = State::Open;
    ++m_reconnects;
    qCInfo(lcConnection).noquote() << "reconnected to" << m_url.display();
    emit reopened();
}

Result<void> StoreConnection::notify(const QString &channel, const QString &payload)
{
    if (!m_url.isPostgres())
        return {};
    if (m_state != State::Open)
        return Error { u"database is not open"_s, 503 };
    m_notify->bindValue(0, channel);
    m_notify->bindValue(1, payload);
    if (!m_notify->exec()) {
        const Error error { u"cannot notify %1: %2"_s.arg(
                                channel, sqliteconnection::describe(m_notify->lastError())),
                            503 };
        m_notify->finish();
        return error; // the caller notes the failure, once its transaction is over
    }
    m_notify->finish();
    return {};
}

} // namespace chat::server
