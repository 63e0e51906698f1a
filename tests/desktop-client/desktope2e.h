#pragma once

// What the desktop client's end-to-end tests share: one origin with a private Pushpin in front
// of it (the topologies a test runs in), and small looks into a room session.
#include "desktop-client/lib/models/messagelistmodel.h"
#include "desktop-client/lib/roomsession.h"
#include "tests/support/pushpinprocess.h"
#include "tests/support/serverprocess.h"

#include <QStringList>
#include <QTest>
#include <QUrl>

namespace chat::test {

inline constexpr int kE2eWait = 20000; // Pushpin may hold an out-of-order item for up to 5 s

// The texts of a room's stored messages, in order (pending and failed sends left out).
inline QStringList storedTexts(desktop::RoomSession *session)
{
    QStringList result;
    desktop::MessageListModel *model = session->messages();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row).data(desktop::MessageListModel::IdRole).toLongLong() > 0)
            result.append(model->index(row).data(desktop::MessageListModel::TextRole).toString());
    }
    return result;
}

inline desktop::MessageListModel::Delivery deliveryAt(desktop::RoomSession *session, int row)
{
    return session->messages()
        ->index(row)
        .data(desktop::MessageListModel::DeliveryRole)
        .value<desktop::MessageListModel::Delivery>();
}

inline bool isLive(desktop::RoomSession *session)
{
    return session->connectionState() == desktop::EventStream::State::Connected;
}

inline QUrl localUrl(quint16 port)
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
}

// An origin and a Pushpin in front of it, started once per test program; data-driven tests
// take a "viaPushpin" column (addTopologies()) and port() answers the fetched one.
class E2eTopologies
{
public:
    explicit E2eTopologies(const QStringList &originArguments = {})
        : m_origin(kUnlimitedPosting + originArguments
                   + QStringList { QStringLiteral("--grip-url"), m_pushpin.gripUrl() })
    { }

    bool start() { return m_origin.start() && m_pushpin.start(m_origin.port()); }
    int stop()
    {
        m_pushpin.stop();
        return m_origin.terminate();
    }
    QByteArray problems() const { return m_origin.output() + m_pushpin.log(); }

    static void addTopologies()
    {
        QTest::addColumn<bool>("viaPushpin");
        QTest::newRow("direct") << false;
        QTest::newRow("pushpin") << true;
    }
    quint16 port() const
    {
        QFETCH(bool, viaPushpin);
        return viaPushpin ? m_pushpin.httpPort() : m_origin.port();
    }
    ServerProcess &origin() { return m_origin; }
    PushpinProcess &pushpin() { return m_pushpin; }

    // A room of its own for each test: with a space and a non-ASCII letter, so that the name is
    // percent-encoded on every path.
    QString freshRoom(const QString &stem)
    {
        return QStringLiteral("%1 café %2").arg(stem).arg(++m_rooms);
    }

private:
    PushpinProcess m_pushpin;
    ServerProcess m_origin;
    int m_rooms = 0;
};

} // namespace chat::test
