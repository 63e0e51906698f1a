#include "server/app/serverconfig.h"

#include "shared/text/integers.h"

#include <QCommandLineParser>
#include <QFile>
#include <QProcessEnvironment>
#include <QStringDecoder>

using namespace Qt::StringLiterals;

namespace chat::server::serverconfig {

namespace {

struct Setting
{
    const char *option;
    const char *variable;
};

constexpr Setting kBind { "bind", Variables::bind };
constexpr Setting kPort { "port", Variables::port };
constexpr Setting kDatabase { "database", Variables::database };
constexpr Setting kWebRoot { "web-root", Variables::webRoot };
constexpr Setting kKeepAlive { "keep-alive-ms", Variables::keepAliveMs };
constexpr Setting kMaxUnsent { "max-unsent-kib", Variables::maxUnsentKiB };
constexpr Setting kReplayWindow { "replay-window", Variables::replayWindow };
constexpr Setting kStreamThreads { "stream-threads", Variables::streamThreads };
constexpr Setting kSynchronous { "synchronous", Variables::synchronous };
constexpr Setting kGripUrl { "grip-url", Variables::gripUrl };
constexpr Setting kGripVerifyKey { "grip-verify-key", Variables::gripVerifyKey };

// Command line, then environment, then .env; nothing when none sets it.
std::optional<QString> lookup(const Setting &setting, const QCommandLineParser &parser,
                              const QProcessEnvironment &environment, const DotEnv &dotEnv)
{
    const QString option = QString::fromLatin1(setting.option);
    if (parser.isSet(option))
        return parser.value(option);
    const QString variable = QString::fromLatin1(setting.variable);
    if (environment.contains(variable))
        return environment.value(variable);
    if (dotEnv.contains(variable))
        return dotEnv.value(variable);
    return std::nullopt;
}

// Settings are often written with stray spaces ("PORT= 3000"); the number itself is strict.
std::optional<qint64> parseWhole(const QString &text, qint64 min, qint64 max)
{
    return parseInteger(QStringView(text).trimmed(), min, max);
}

} // namespace

void addOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        { QString::fromLatin1(kBind.option),
          u"Address to listen on (default 127.0.0.1; env CHAT_BIND)."_s, u"address"_s },
        { QString::fromLatin1(kPort.option),
          u"Port to listen on, 0 for any free port (default 3000; env CHAT_PORT)."_s, u"port"_s },
        { QString::fromLatin1(kDatabase.option),
          u"SQLite database file (default var/chat.sqlite3; env CHAT_DATABASE)."_s, u"file"_s },
        { QString::fromLatin1(kWebRoot.option),
          u"Directory of the browser UI (default web; env CHAT_WEB_ROOT)."_s, u"dir"_s },
        { QString::fromLatin1(kKeepAlive.option),
          u"Idle time before a stream gets a keep-alive event (default 20000; env "
          "CHAT_KEEP_ALIVE_MS)."_s,
          u"ms"_s },
        { QString::fromLatin1(kMaxUnsent.option),
          u"Unsent bytes (KiB) a stream may queue before its reader counts as stalled and is "
          "dropped (default 4096; env CHAT_MAX_UNSENT_KIB)."_s,
          u"KiB"_s },
        { QString::fromLatin1(kReplayWindow.option),
          u"Most events replayed to a reconnecting client; further behind gets stream-reset "
          "(default 1000; env CHAT_REPLAY_WINDOW)."_s,
          u"events"_s },
        { QString::fromLatin1(kStreamThreads.option),
          u"Threads writing to the live streams (default: one per core; env "
          "CHAT_STREAM_THREADS)."_s,
          u"n"_s },
        { QString::fromLatin1(kSynchronous.option),
          u"full (default): every commit is synced to disk before the answer; normal: left to "
          "the OS, safe against a crashed process but not a power cut (env CHAT_SYNCHRONOUS)."_s,
          u"mode"_s },
        { QString::fromLatin1(kGripUrl.option),
          u"GRIP proxy to hold streams and publish through, e.g. "
          "http://127.0.0.1:5561/?verify-iss=pushpin&verify-key=<secret> (env GRIP_URL; unset: "
          "direct streams only)."_s,
          u"url"_s },
        { QString::fromLatin1(kGripVerifyKey.option),
          u"Key that checks the proxy's Grip-Sig when GRIP_URL has no verify-key; base64:<PEM> "
          "for Fastly Fanout (env GRIP_VERIFY_KEY)."_s,
          u"key"_s },
        { u"env-file"_s, u"Settings file read after the environment (default .env)."_s, u"file"_s,
          u".env"_s },
    });
}

Result<DotEnv> parseDotEnv(QByteArrayView text)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString decoded = decoder.decode(text);
    if (decoder.hasError())
        return Error { u"not valid UTF-8"_s };
    DotEnv values;
    const QStringList lines = decoded.split(u'\n');
    for (qsizetype number = 1; number <= lines.size(); ++number) {
        QString line = lines.at(number - 1).trimmed();
        if (line.isEmpty() || line.startsWith(u'#'))
            continue;
        if (line.startsWith(u"export "))
            line = line.sliced(7).trimmed();
        const qsizetype equals = line.indexOf(u'=');
        const QString key = equals > 0 ? line.first(equals).trimmed() : QString();
        const bool validKey = !key.isEmpty() && !key.front().isDigit()
            && std::all_of(key.cbegin(), key.cend(), [](QChar c) {
                   return c == u'_' || (c.unicode() < 128 && c.isLetterOrNumber());
               });
        if (!validKey)
            return Error { u"line %1: expected NAME=value"_s.arg(number) };
        QString value = line.sliced(equals + 1).trimmed();
        if (value.startsWith(u'\'')) {
            if (value.size() < 2 || !value.endsWith(u'\''))
                return Error { u"line %1: unterminated single quote"_s.arg(number) };
            value = value.sliced(1, value.size() - 2);
        } else if (value.startsWith(u'"')) {
            if (value.size() < 2 || !value.endsWith(u'"'))
                return Error { u"line %1: unterminated double quote"_s.arg(number) };
            const QString inner = value.sliced(1, value.size() - 2);
            value.clear();
            for (qsizetype i = 0; i < inner.size(); ++i) {
                if (inner[i] == u'\\' && i + 1 < inner.size()) {
                    const QChar next = inner[++i];
                    value += next == u'n' ? u'\n' : next;
                } else {
                    value += inner[i];
                }
            }
        } else if (const qsizetype hash = value.indexOf(u" #"); hash >= 0) {
            value = value.first(hash).trimmed(); // trailing comment
        }
        values.insert(key, value);
    }
    return values;
}

Result<DotEnv> readDotEnv(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return DotEnv();
    if (!file.open(QIODevice::ReadOnly))
        return Error { u"cannot read %1: %2"_s.arg(path, file.errorString()) };
    auto values = parseDotEnv(file.readAll());
    if (!values)
        return Error { u"%1: %2"_s.arg(path, values.error().message) };
    return values;
}

Result<ServerSettings> resolve(const QCommandLineParser &parser,
                               const QProcessEnvironment &environment, const DotEnv &dotEnv)
{
    ServerSettings settings;
    auto get = [&](const Setting &setting) {
        return lookup(setting, parser, environment, dotEnv);
    };
    auto bad = [](const Setting &setting, const QString &value, const QString &expected) {
        return Error { u"invalid %1 '%2' (--%3 or %4): %5"_s.arg(
            QString::fromLatin1(setting.option), value, QString::fromLatin1(setting.option),
            QString::fromLatin1(setting.variable), expected) };
    };

    if (const auto value = get(kBind)) {
        const QString text = value->trimmed();
        const QHostAddress address
            = text == u"localhost" ? QHostAddress(QHostAddress::LocalHost) : QHostAddress(text);
        if (address.isNull())
            return bad(kBind, *value, u"expected an IP address such as 127.0.0.1 or ::"_s);
        settings.bind = address;
    }
    if (const auto value = get(kPort)) {
        const auto port = parseWhole(*value, 0, 65535);
        if (!port)
            return bad(kPort, *value, u"expected a number from 0 to 65535"_s);
        settings.port = quint16(*port);
    }
    if (const auto value = get(kDatabase)) {
        if (value->trimmed().isEmpty())
            return bad(kDatabase, *value, u"expected a file path"_s);
        settings.databasePath = *value;
    }
    if (const auto value = get(kWebRoot)) {
        if (value->trimmed().isEmpty())
            return bad(kWebRoot, *value, u"expected a directory"_s);
        settings.webRoot = *value;
    }
    if (const auto value = get(kKeepAlive)) {
        const auto ms = parseWhole(*value, 10, 3'600'000);
        if (!ms)
            return bad(kKeepAlive, *value, u"expected milliseconds from 10 to 3600000"_s);
        settings.streams.keepAliveMs = int(*ms);
    }
    if (const auto value = get(kMaxUnsent)) {
        const auto kib = parseWhole(*value, 1, 1024 * 1024);
        if (!kib)
            return bad(kMaxUnsent, *value, u"expected KiB from 1 to 1048576"_s);
        settings.streams.maxUnsentBytes = *kib * 1024;
    }
    if (const auto value = get(kReplayWindow)) {
        const auto events = parseWhole(*value, 0, 1'000'000);
        if (!events)
            return bad(kReplayWindow, *value, u"expected a number of events from 0 to 1000000"_s);
        settings.events.replayWindow = *events;
    }
    if (const auto value = get(kStreamThreads)) {
        const auto threads = parseWhole(*value, 1, 64);
        if (!threads)
            return bad(kStreamThreads, *value, u"expected a number of threads from 1 to 64"_s);
        settings.streams.threads = int(*threads);
    }
    if (const auto value = get(kSynchronous)) {
        const QString mode = value->trimmed().toLower();
        if (mode != u"full" && mode != u"normal")
            return bad(kSynchronous, *value, u"expected full or normal"_s);
        settings.sync = mode == u"full" ? Sync::Full : Sync::Normal;
    }
    if (const auto url = get(kGripUrl); url && !url->trimmed().isEmpty()) {
        auto grip = grip::GripConfig::parse(*url, get(kGripVerifyKey).value_or(QString()));
        if (!grip)
            return grip.error();
        settings.grip = std::move(grip).value();
    }
    return settings;
}

} // namespace chat::server::serverconfig
