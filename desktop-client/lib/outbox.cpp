#include "desktop-client/lib/outbox.h"

#include "shared/model/message.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QStandardPaths>

Q_LOGGING_CATEGORY(lcClientOutbox, "chat.client.outbox", QtInfoMsg)

using namespace Qt::StringLiterals;

namespace chat::desktop {

Outbox::Outbox(QString path)
    : m_path(std::move(path))
{ }

QString Outbox::defaultPath(const QUrl &server, const QString &nickname)
{
    // One file per server and nickname: two clients (say, two nicknames) never write one file.
    QByteArray address = server.toEncoded(QUrl::RemoveQuery | QUrl::RemoveFragment);
    while (address.endsWith('/'))
        address.chop(1);
    const QByteArray identity = address + '\n' + nickname.toUtf8();
    const QByteArray name
        = QCryptographicHash::hash(identity, QCryptographicHash::Sha256).toHex().left(32);
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + "/outbox/"_L1
        + QString::fromLatin1(name) + ".json"_L1;
}

Result<void> Outbox::load()
{
    m_entries.clear();
    if (m_path.isEmpty())
        return {};
    QFile file(m_path);
    if (!file.exists())
        return {};
    if (!file.open(QIODevice::ReadOnly))
        return Error {
            QObject::tr("cannot read the outbox %1: %2").arg(m_path, file.errorString())
        };
    auto entries = fromJson(file.readAll());
    file.close();
    if (!entries) {
        const QString aside = m_path + ".broken"_L1;
        QFile::remove(aside);
        QFile::rename(m_path, aside);
        qCWarning(lcClientOutbox) << "moved an unreadable outbox aside to" << aside << ":"
                                  << entries.error().message;
        return Error { QObject::tr("the outbox %1 was unreadable (%2); it is now %3")
                           .arg(m_path, entries.error().message, aside) };
    }
    m_entries = std::move(*entries);
    qCDebug(lcClientOutbox) << m_entries.size() << "unsent messages in" << m_path;
    return {};
}

QList<Outbox::Entry> Outbox::entries(const QString &room, const QString &from) const
{
    QList<Entry> result;
    for (const Entry &entry : m_entries) {
        if (entry.room == room && entry.from == from)
            result.append(entry);
    }
    return result;
}

QStringList Outbox::rooms(const QString &from) const
{
    QStringList result;
    for (const Entry &entry : m_entries) {
        if (entry.from == from && !result.contains(entry.room))
            result.append(entry.room);
    }
    return result;
}

bool Outbox::contains(const QString &key) const
{
    return std::any_of(m_entries.cbegin(), m_entries.cend(),
                       [&](const Entry &entry) { return entry.key == key; });
}

Result<void> Outbox::add(const Entry &entry)
{
    const auto it = std::find_if(m_entries.begin(), m_entries.end(),
                                 [&](const Entry &e) { return e.key == entry.key; });
    if (it != m_entries.end())
        *it = entry;
    else
        m_entries.append(entry);
    return save();
}

Result<void> Outbox::remove(const QString &key)
{
    if (m_entries.removeIf([&](const Entry &entry) { return entry.key == key; }) == 0)
        return {};
    return save();
}

Result<void> Outbox::save() const
{
    if (m_path.isEmpty())
        return {};
    if (!QDir().mkpath(QFileInfo(m_path).absolutePath()))
        return Error { QObject::tr("cannot create the folder of %1").arg(m_path) };
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly) || file.write(toJson(m_entries)) < 0 || !file.commit()) {
        qCWarning(lcClientOutbox) << "cannot write" << m_path << ":" << file.errorString();
        return Error {
            QObject::tr("cannot write the outbox %1: %2").arg(m_path, file.errorString())
        };
    }
    return {};
}

QByteArray Outbox::toJson(const QList<Entry> &entries)
{
    QJsonArray messages;
    for (const Entry &entry : entries) {
        messages.append(QJsonObject {
            { u"key"_s, entry.key },
            { u"room"_s, entry.room },
            { u"from"_s, entry.from },
            { u"text"_s, entry.text },
            { u"created"_s, QString::fromLatin1(Message::formatDate(entry.created)) },
        });
    }
    return QJsonDocument(QJsonObject { { u"version"_s, 1 }, { u"messages"_s, messages } })
        .toJson(QJsonDocument::Indented);
}

Result<QList<Outbox::Entry>> Outbox::fromJson(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return Error { QObject::tr("not JSON: %1").arg(error.errorString()) };
    const QJsonObject object = document.object();
    if (object.value(u"version"_s).toInt() != 1 || !object.value(u"messages"_s).isArray())
        return Error { QObject::tr("not an outbox of version 1") };
    QList<Entry> entries;
    for (const QJsonValue &value : object.value(u"messages"_s).toArray()) {
        const QJsonObject message = value.toObject();
        Entry entry { message.value(u"key"_s).toString(), message.value(u"room"_s).toString(),
                      message.value(u"from"_s).toString(), message.value(u"text"_s).toString(),
                      Message::parseDate(message.value(u"created"_s).toString()) };
        if (entry.key.isEmpty() || entry.room.isEmpty() || entry.from.isEmpty()
            || entry.text.isEmpty())
            continue;
        if (!entry.created.isValid())
            entry.created = QDateTime::currentDateTimeUtc();
        entries.append(entry);
    }
    return entries;
}

} // namespace chat::desktop
