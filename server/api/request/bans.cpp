#include "server/api/request/bans.h"

#include "server/store/storeconnection.h"
#include "shared/model/message.h"

#include <QDateTime>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcBans, "chat.server.bans")

using namespace Qt::StringLiterals;

namespace chat::server {

Bans::Bans(MessageStore &store)
    : m_store(store)
{
    StoreConnection &connection = store.connection();
    QObject::connect(&connection, &StoreConnection::notified, &m_reload,
                     [this](const QString &channel) {
                         if (channel == QLatin1String(MessageStore::kBansChannel))
                             reload();
                     });
    QObject::connect(&connection, &StoreConnection::reopened, &m_reload, [this] { reload(); });
    m_reload.setInterval(kReloadIntervalMs);
    QObject::connect(&m_reload, &QTimer::timeout, &m_reload, [this] {
        if (m_store.isShared())
            reload();
    });
    m_reload.start();
}

void Bans::announce()
{
    // A lost wake-up only delays: the others reload every few seconds anyway.
    if (!m_store.isShared())
        return;
    if (auto sent = m_store.notify(MessageStore::kBansChannel, QString()); !sent)
        qCWarning(lcBans).noquote()
            << "the other origins will see the change late:" << sent.error().message;
}

void Bans::reload()
{
    if (auto loaded = load(); !loaded)
        qCDebug(lcBans).noquote() << "bans not reloaded:" << loaded.error().message;
}

Result<void> Bans::load()
{
    auto bans = m_store.activeBans(QDateTime::currentMSecsSinceEpoch());
    if (!bans)
        return bans.error();
    m_bans = std::move(bans).value();
    return {};
}

std::optional<HttpReply> Bans::refuse(const QString &client, const QString &nickname) const
{
    if (m_bans.isEmpty())
        return std::nullopt;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const Ban &ban : m_bans) {
        const bool applies
            = ban.kind == Ban::Kind::Nickname ? ban.value == nickname : ban.value == client;
        if (!applies || ban.untilMs <= now)
            continue;
        const QByteArray until
            = Message::formatDate(QDateTime::fromMSecsSinceEpoch(ban.untilMs, Qt::UTC));
        QString message = u"%1 is banned until %2"_s.arg(
            ban.kind == Ban::Kind::Nickname ? u"this nickname"_s : u"this address"_s,
            QString::fromLatin1(until));
        if (!ban.reason.isEmpty())
            message += u": "_s + ban.reason;
        return HttpReply::error(403, message);
    }
    return std::nullopt;
}

Result<MessageStore::Ban> Bans::add(Ban ban)
{
    const auto id = m_store.addBan(ban);
    if (!id)
        return id.error();
    ban.id = *id;
    ban.createdMs = QDateTime::currentMSecsSinceEpoch();
    m_bans.append(ban);
    announce();
    return ban;
}

Result<bool> Bans::remove(qint64 id)
{
    const auto removed = m_store.removeBan(id);
    if (!removed)
        return removed;
    m_bans.removeIf([id](const Ban &ban) { return ban.id == id; });
    if (*removed)
        announce();
    return removed;
}

QList<MessageStore::Ban> Bans::active() const
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    QList<Ban> active;
    for (const Ban &ban : m_bans) {
        if (ban.untilMs > now)
            active.append(ban);
    }
    return active;
}

} // namespace chat::server
