// chat-admin: moderation from a shell, against a running chat-server's admin API with the
// operator's token (the same file as the server's --admin-token-file).
#include "server/admincli/adminclient.h"
#include "server/admincli/commands.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QProcessEnvironment>
#include <QTextStream>

using namespace Qt::StringLiterals;
using namespace chat::admin;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"chat-admin"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(CHAT_VERSION));

    const QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Moderates a running chat-server: removes messages, bans nicknames and addresses.\n\n"_s
        + commandsHelp());
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption url(
        u"url"_s, u"The server (default $CHAT_ADMIN_URL, else http://127.0.0.1:3000/)."_s, u"url"_s,
        environment.value(u"CHAT_ADMIN_URL"_s, u"http://127.0.0.1:3000/"_s));
    const QCommandLineOption tokenFile(
        u"token-file"_s,
        u"File holding the operator's token (default $CHAT_ADMIN_TOKEN_FILE, as the server's)."_s,
        u"file"_s, environment.value(u"CHAT_ADMIN_TOKEN_FILE"_s));
    const QCommandLineOption nickname(u"nickname"_s, u"ban: the nickname to ban."_s, u"name"_s);
    const QCommandLineOption address(u"address"_s, u"ban: the IP address to ban."_s, u"ip"_s);
    const QCommandLineOption duration(u"for"_s, u"ban: how long (90s, 30m, 12h, 7d, 2w)."_s,
                                      u"duration"_s);
    const QCommandLineOption reason(u"reason"_s, u"ban: why, shown to the banned client."_s,
                                    u"text"_s);
    const QCommandLineOption json(u"json"_s, u"Print the server's JSON answer as it came."_s);
    parser.addOptions({ url, tokenFile, nickname, address, duration, reason, json });
    parser.addPositionalArgument(u"command"_s, u"remove, ban, bans or unban, and its operands."_s,
                                 u"<command> [operands...]"_s);
    parser.process(app);

    QTextStream err(stderr);
    const QUrl server(parser.value(url), QUrl::StrictMode);
    if (!server.isValid() || (server.scheme() != u"http" && server.scheme() != u"https")) {
        err << "chat-admin: --url '" << parser.value(url) << "' is not an http(s) URL" << Qt::endl;
        return 2;
    }
    if (parser.value(tokenFile).isEmpty()) {
        err << "chat-admin: name the token file: --token-file or CHAT_ADMIN_TOKEN_FILE" << Qt::endl;
        return 2;
    }
    QFile file(parser.value(tokenFile));
    if (!file.open(QIODevice::ReadOnly)) {
        err << "chat-admin: cannot read the token file: " << file.errorString() << Qt::endl;
        return 2;
    }
    AdminClient client(server, file.read(4096).trimmed());

    Invocation invocation;
    invocation.arguments = parser.positionalArguments();
    if (parser.isSet(nickname))
        invocation.nickname = parser.value(nickname);
    if (parser.isSet(address))
        invocation.address = parser.value(address);
    if (parser.isSet(duration))
        invocation.duration = parser.value(duration);
    invocation.reason = parser.value(reason);
    invocation.json = parser.isSet(json);
    const Outcome outcome = run(client, invocation);
    if (!outcome.out.isEmpty())
        QTextStream(stdout) << outcome.out << Qt::endl;
    if (!outcome.err.isEmpty())
        err << "chat-admin: " << outcome.err << Qt::endl;
    return outcome.exitCode;
}
