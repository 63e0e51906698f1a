// chat-server: the origin. Reads its settings, opens the store, serves until SIGTERM/SIGINT.
#include "server/app/chatserver.h"
#include "server/app/logformat.h"
#include "server/app/serverconfig.h"
#include "server/app/signalwatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QLoggingCategory>
#include <QProcessEnvironment>
#include <QTextStream>

using namespace Qt::StringLiterals;
using namespace chat::server;

int main(int argc, char *argv[])
{
    // Qt's GLib event dispatcher unregisters a socket notifier by walking a list of all of them,
    // and QTcpSocket toggles its write notifier on every flush: with 5,000 streams that made a
    // fan-out quadratic (p99 486 ms vs 122 ms with the UNIX dispatcher, docs/benchmarks.md).
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"chat-server"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(CHAT_VERSION));
    logformat::use(ServerSettings::LogFormat::Text);

    // Debug output only when asked for: QT_LOGGING_RULES="chat.*.debug=true" overrides this.
    QLoggingCategory::setFilterRules(u"chat.*.debug=false"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"The chat origin server: REST history and posting, SSE streams, a browser UI."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    serverconfig::addOptions(parser);
    const QCommandLineOption checkOption(
        u"check"_s,
        u"Check the configuration and open the database, then exit: 0 when all is "
        "well, 2 with the reason (for systemd's ExecStartPre=)."_s);
    parser.addOption(checkOption);
    parser.process(app);

    QTextStream err(stderr);
    const auto dotEnv = dotenv::read(parser.value(u"env-file"_s));
    if (!dotEnv) {
        err << "chat-server: " << dotEnv.error().message << Qt::endl;
        return 2;
    }
    const auto settings
        = serverconfig::resolve(parser, QProcessEnvironment::systemEnvironment(), *dotEnv);
    if (!settings) {
        err << "chat-server: " << settings.error().message << Qt::endl;
        return 2;
    }

    logformat::use(settings->logFormat);
    // What people and scripts read on stdout; in the JSON format every line is a log object.
    const bool json = settings->logFormat == ServerSettings::LogFormat::Json;
    const auto announce = [json](const QString &line) {
        if (json)
            qInfo().noquote() << line;
        else
            QTextStream(stdout) << "chat-server " << line << Qt::endl;
    };

    ChatServer server(*settings);
    if (parser.isSet(checkOption)) {
        const auto checked = server.check();
        if (!checked) {
            err << "chat-server: " << checked.error().message << Qt::endl;
            return 2;
        }
        QTextStream(stdout) << "chat-server: " << *checked << Qt::endl;
        return 0;
    }
    if (const auto started = server.start(); !started) {
        err << "chat-server: " << started.error().message << Qt::endl;
        return server.databaseFailed() ? 2 : 1; // 2: as --check would have said
    }
    // Scripts and tests wait for this line (with port 0 it is the only way to learn the port);
    // the JSON log has it from the server already.
    if (!json) {
        announce(u"listening on %1 (open it in a browser; Ctrl-C stops)"_s.arg(server.url()));
        if (settings->metricsPort)
            announce(u"metrics on %1"_s.arg(server.metricsUrl()));
    }

    SignalWatcher watcher;
    QObject::connect(&watcher, &SignalWatcher::stopRequested, &app, [&](int number) {
        announce(u"stopping (signal %1)"_s.arg(number));
        server.stop();
        announce(u"stopped"_s);
        app.quit();
    });
    return app.exec();
}
