// chat-desktop: the native chat client. Settings come from the command line (for scripted
// use), else from the last run, else from the first-run dialog (which checks the server).
#include "desktop-client/lib/api/chatapi.h"
#include "desktop-client/lib/chatclient.h"
#include "desktop-client/lib/clientsettings.h"
#include "desktop-client/lib/outbox.h"
#include "desktop-client/lib/roomsession.h"
#include "desktop-client/ui/connectdialog.h"
#include "desktop-client/ui/mainwindow.h"
#include "shared/model/validation.h"

#include <QApplication>
#include <QCommandLineParser>

using namespace chat::desktop;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("chat-desktop"));
    QApplication::setApplicationDisplayName(QStringLiteral("Chat"));
    QApplication::setOrganizationName(QStringLiteral("chat"));
    QApplication::setDesktopFileName(QStringLiteral("chat-desktop"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Realtime chat rooms over Server-Sent Events."));
    parser.addHelpOption();
    const QCommandLineOption serverOption(
        QStringLiteral("server"),
        QStringLiteral("Chat server (origin or GRIP proxy), e.g. http://127.0.0.1:7999."),
        QStringLiteral("url"));
    const QCommandLineOption nickOption(QStringLiteral("nick"), QStringLiteral("Your nickname."),
                                        QStringLiteral("name"));
    const QCommandLineOption roomOption(QStringLiteral("room"),
                                        QStringLiteral("A room to join (may be repeated)."),
                                        QStringLiteral("room"));
    parser.addOptions({ serverOption, nickOption, roomOption });
    parser.process(app);

    ClientSettings settings;
    QString server = parser.isSet(serverOption) ? parser.value(serverOption) : settings.serverUrl();
    QString nickname = parser.isSet(nickOption) ? parser.value(nickOption) : settings.nickname();

    // A server that does not answer yet is no reason to ask again: the window shows the
    // connection and keeps trying. Only settings that cannot work bring up the dialog.
    const auto normalized = ChatApi::normalizeServerUrl(server);
    const auto nicknameChecked = chat::checkNickname(nickname);
    QUrl url = normalized.value_or(QUrl());
    const QString problem = !normalized ? normalized.error().message
        : !nicknameChecked              ? nicknameChecked.error().message
                                        : QString();
    if (!problem.isEmpty()) {
        if (!server.isEmpty())
            qWarning("chat-desktop: %s", qPrintable(problem));
        ConnectDialog dialog;
        dialog.setServer(server);
        dialog.setNickname(nickname);
        if (!server.isEmpty())
            dialog.setProblem(problem);
        if (dialog.exec() != QDialog::Accepted)
            return 1;
        url = dialog.serverUrl();
        nickname = dialog.nickname();
    }
    settings.setServerUrl(url.toString());
    settings.setNickname(nickname);

    ChatClient client(url, nickname);
    // What was written but not acknowledged in an earlier run goes now (sent once: the server
    // knows each message's Idempotency-Key).
    if (const auto outbox = client.setOutboxFile(Outbox::defaultPath(url, nickname)); !outbox)
        qWarning("chat-desktop: %s", qPrintable(outbox.error().message));
    MainWindow window(&client);
    QStringList rooms = parser.values(roomOption);
    if (rooms.isEmpty())
        rooms = settings.rooms();
    if (rooms.isEmpty())
        rooms = QStringList { QStringLiteral("default") };
    for (const QString &room : client.roomsWithUnsentMessages()) {
        if (!rooms.contains(room))
            rooms.append(room); // its unsent messages are shown going
    }
    for (const QString &room : std::as_const(rooms)) {
        if (const auto joined = client.joinRoom(room); !joined)
            qWarning("chat-desktop: cannot join %s: %s", qPrintable(room),
                     qPrintable(joined.error().message));
    }
    const QString current = parser.isSet(roomOption) ? rooms.first() : settings.currentRoom();
    window.showRoom(current);

    // Remember the open rooms for the next start.
    const auto save = [&] {
        settings.setRooms(client.roomNames());
        if (client.currentRoom())
            settings.setCurrentRoom(client.currentRoom()->room());
    };
    QObject::connect(&client, &ChatClient::roomJoined, &app, save);
    QObject::connect(&client, &ChatClient::roomLeft, &app, save);
    QObject::connect(&client, &ChatClient::currentRoomChanged, &app, save);
    save();

    window.restoreGeometry(settings.windowGeometry());
    window.show();
    const int status = QApplication::exec();
    settings.setWindowGeometry(window.saveGeometry());
    client.signOff(1500); // "offline" in every room, rather than 45 s later; never long
    return status;
}
