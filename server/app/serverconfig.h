#pragma once

#include "server/app/serversettings.h"
#include "shared/model/result.h"

#include <QByteArrayView>
#include <QHash>
#include <QString>
#include <optional>

class QCommandLineParser;
class QProcessEnvironment;

namespace chat::server {

// chat-server's settings from its command line, the environment and a .env file, in that
// order of precedence, over the defaults of ServerSettings.
namespace serverconfig {

// --bind, --port, --database, --web-root, --grip-url, --grip-verify-key, --env-file, and the
// tuning options --keep-alive-ms, --max-unsent-kib, --replay-window, --stream-threads (plus
// --help, --version).
void addOptions(QCommandLineParser &parser);

// The environment variable that holds each setting, e.g. CHAT_PORT.
struct Variables
{
    static constexpr auto bind = "CHAT_BIND";
    static constexpr auto port = "CHAT_PORT";
    static constexpr auto database = "CHAT_DATABASE";
    static constexpr auto webRoot = "CHAT_WEB_ROOT";
    static constexpr auto keepAliveMs = "CHAT_KEEP_ALIVE_MS";
    static constexpr auto maxUnsentKiB = "CHAT_MAX_UNSENT_KIB";
    static constexpr auto replayWindow = "CHAT_REPLAY_WINDOW";
    static constexpr auto streamThreads = "CHAT_STREAM_THREADS";
    static constexpr auto synchronous = "CHAT_SYNCHRONOUS";
    static constexpr auto gripUrl = "GRIP_URL";
    static constexpr auto gripVerifyKey = "GRIP_VERIFY_KEY";
};

using DotEnv = QHash<QString, QString>;

// KEY=VALUE lines; blank lines and # comments skipped; optional "export "; values may be
// single-quoted (literal) or double-quoted (\n, \", \\ escapes). A malformed line is an error
// naming its number.
Result<DotEnv> parseDotEnv(QByteArrayView text);

// Reads the .env file if it exists (a missing file is fine, an unreadable or malformed one is
// an error).
Result<DotEnv> readDotEnv(const QString &path);

// The settings, or why not (naming the bad value).
Result<ServerSettings> resolve(const QCommandLineParser &parser,
                               const QProcessEnvironment &environment, const DotEnv &dotEnv);

} // namespace serverconfig
} // namespace chat::server
