#include "server/app/serverconfig.h"

#include "shared/text/integers.h"

#include <QCommandLineParser>
#include <QFile>
#include <QProcessEnvironment>

using namespace Qt::StringLiterals;

namespace chat::server::serverconfig {

namespace {

// Reads one setting's value into the settings; fails with what was expected instead.
using Apply = Result<void> (*)(ServerSettings &, const QString &value);

struct Setting
{
    const char *option;
    const char *variable;
    const char *valueName;
    const char *help; // with the default, for --help and the man page
    Apply apply;
};

Error expected(const char *what)
{
    return Error { QString::fromLatin1(what) };
}

// Settings are often written with stray spaces ("CHAT_PORT= 3000"); the number itself is strict.
std::optional<qint64> whole(const QString &value, qint64 min, qint64 max)
{
    return parseInteger(QStringView(value).trimmed(), min, max);
}

// A row for a whole number in [Min, Max], stored by `store`.
template<qint64 Min, qint64 Max, void (*Store)(ServerSettings &, qint64)>
Result<void> wholeNumber(ServerSettings &settings, const QString &value)
{
    const auto number = whole(value, Min, Max);
    if (!number)
        return Error { u"expected a whole number from %1 to %2"_s.arg(Min).arg(Max) };
    Store(settings, *number);
    return {};
}

Result<void> applyBind(ServerSettings &settings, const QString &value)
{
    const QString text = value.trimmed();
    const QHostAddress address
        = text == u"localhost" ? QHostAddress(QHostAddress::LocalHost) : QHostAddress(text);
    if (address.isNull())
        return expected("expected an IP address such as 127.0.0.1 or ::");
    settings.bind = address;
    return {};
}

Result<void> applyMetricsBind(ServerSettings &settings, const QString &value)
{
    ServerSettings parsed;
    if (auto applied = applyBind(parsed, value); !applied)
        return applied;
    settings.metricsBind = parsed.bind;
    return {};
}

Result<void> applyDatabase(ServerSettings &settings, const QString &value)
{
    if (value.trimmed().isEmpty())
        return expected("expected a file path or a postgresql:// URL");
    auto url = DatabaseUrl::parse(value);
    if (!url)
        return url.error();
    settings.database = std::move(url).value();
    return {};
}

Result<void> applyWebRoot(ServerSettings &settings, const QString &value)
{
    if (value.trimmed().isEmpty())
        return expected("expected a directory");
    settings.webRoot = value;
    return {};
}

Result<void> applySynchronous(ServerSettings &settings, const QString &value)
{
    const QString mode = value.trimmed().toLower();
    if (mode != u"full" && mode != u"normal")
        return expected("expected full or normal");
    settings.sync = mode == u"full" ? Sync::Full : Sync::Normal;
    return {};
}

Result<void> applyLogFormat(ServerSettings &settings, const QString &value)
{
    const QString format = value.trimmed().toLower();
    if (format != u"text" && format != u"json")
        return expected("expected text or json");
    settings.logFormat
        = format == u"json" ? ServerSettings::LogFormat::Json : ServerSettings::LogFormat::Text;
    return {};
}

Result<void> applyTrustedProxies(ServerSettings &settings, const QString &value)
{
    auto proxies = TrustedProxies::parse(value);
    if (!proxies)
        return proxies.error();
    settings.trustedProxies = std::move(proxies).value();
    return {};
}

Result<void> applyAdminTokenFile(ServerSettings &settings, const QString &value)
{
    QFile file(value.trimmed());
    if (!file.open(QIODevice::ReadOnly))
        return Error { u"cannot read the token file: %1"_s.arg(file.errorString()) };
    const QByteArray token = file.read(4096).trimmed();
    if (token.size() < 16)
        return expected("the token file must hold a token of at least 16 characters");
    settings.adminToken = token;
    return {};
}

// The GRIP settings are read together, after the table (the verify key completes GRIP_URL).
Result<void> readLater(ServerSettings &, const QString &)
{
    return {};
}

const Setting kSettings[] = {
    { "bind", "CHAT_BIND", "address",
      "Address to listen on (default 127.0.0.1; :: or 0.0.0.0 for all).", applyBind },
    { "port", "CHAT_PORT", "port", "Port to listen on, 0 for any free port (default 3000).",
      wholeNumber<0, 65535,
                  [](ServerSettings &s, qint64 v) {
                      s.port = quint16(v);
                  }> },
    { "database", "CHAT_DATABASE", "file|url",
      "SQLite database file (default var/chat.sqlite3), or a PostgreSQL database that several "
      "origins may share: postgresql://user[:password]@host[:port]/dbname[?host=/socket/dir].",
      applyDatabase },
    { "web-root", "CHAT_WEB_ROOT", "dir", "Directory of the browser UI (default web).",
      applyWebRoot },
    { "synchronous", "CHAT_SYNCHRONOUS", "mode",
      "full (default): every commit is synced to disk before the answer; normal: left to the "
      "OS, safe against a crashed process but not a power cut.",
      applySynchronous },
    { "keep-alive-ms", "CHAT_KEEP_ALIVE_MS", "ms",
      "Idle time before a stream gets a keep-alive event (default 20000).",
      wholeNumber<10, 3'600'000,
                  [](ServerSettings &s, qint64 v) {
                      s.streams.keepAliveMs = int(v);
                  }> },
    { "max-unsent-kib", "CHAT_MAX_UNSENT_KIB", "KiB",
      "Unsent bytes (KiB) a stream may queue before its reader counts as stalled and is "
      "dropped (default 4096).",
      wholeNumber<1, 1024 * 1024,
                  [](ServerSettings &s, qint64 v) {
                      s.streams.maxUnsentBytes = v * 1024;
                  }> },
    { "replay-window", "CHAT_REPLAY_WINDOW", "events",
      "Most events replayed to a reconnecting client; further behind gets stream-reset "
      "(default 1000).",
      wholeNumber<0, 1'000'000,
                  [](ServerSettings &s, qint64 v) {
                      s.events.replayWindow = v;
                  }> },
    { "stream-threads", "CHAT_STREAM_THREADS", "n",
      "Threads writing to the live streams (default: one per core).",
      wholeNumber<1, 64,
                  [](ServerSettings &s, qint64 v) {
                      s.streams.threads = int(v);
                  }> },
    { "header-timeout-ms", "CHAT_HEADER_TIMEOUT_MS", "ms",
      "Time a request head may take to arrive, from its first byte (default 10000); later: 408.",
      wholeNumber<10, 3'600'000,
                  [](ServerSettings &s, qint64 v) {
                      s.connections.headerTimeoutMs = int(v);
                  }> },
    { "body-timeout-ms", "CHAT_BODY_TIMEOUT_MS", "ms",
      "Time a declared request body may take to arrive (default 10000); later: 408.",
      wholeNumber<10, 3'600'000,
                  [](ServerSettings &s, qint64 v) {
                      s.connections.bodyTimeoutMs = int(v);
                  }> },
    { "idle-timeout-ms", "CHAT_IDLE_TIMEOUT_MS", "ms",
      "Time a connection may stay idle between requests before it is closed (default 60000; "
      "open streams are exempt).",
      wholeNumber<10, 86'400'000,
                  [](ServerSettings &s, qint64 v) {
                      s.connections.idleTimeoutMs = int(v);
                  }> },
    { "max-connections", "CHAT_MAX_CONNECTIONS", "n",
      "Open connections (streams included) beyond which new ones get 503 and are closed "
      "(default 0: the descriptor limit, raised to its hard value, less 100).",
      wholeNumber<0, 1'000'000,
                  [](ServerSettings &s, qint64 v) {
                      s.connections.maxConnections = int(v);
                  }> },
    { "max-streams-per-client", "CHAT_MAX_STREAMS_PER_CLIENT", "n",
      "Direct streams one client address may hold open (default 500; 0: no limit); beyond: 429.",
      wholeNumber<0, 1'000'000,
                  [](ServerSettings &s, qint64 v) {
                      s.events.maxStreamsPerClient = int(v);
                  }> },
    { "post-rate", "CHAT_POST_RATE", "n",
      "Messages a second each client address and each nickname may post, on average (default "
      "5; 0: no limit); beyond: 429 with Retry-After.",
      wholeNumber<0, 1'000'000,
                  [](ServerSettings &s, qint64 v) {
                      s.postRate.perSecond = double(v);
                  }> },
    { "post-burst", "CHAT_POST_BURST", "n",
      "Messages posted at once before --post-rate applies (default 20).",
      wholeNumber<1, 1'000'000,
                  [](ServerSettings &s, qint64 v) {
                      s.postRate.burst = int(v);
                  }> },
    { "presence-timeout-ms", "CHAT_PRESENCE_TIMEOUT_MS", "ms",
      "Time without a heartbeat after which a nickname counts as offline (default 45000).",
      wholeNumber<100, 86'400'000,
                  [](ServerSettings &s, qint64 v) {
                      s.presenceTimeoutMs = int(v);
                  }> },
    { "trusted-proxies", "CHAT_TRUSTED_PROXIES", "list",
      "Addresses or subnets (comma-separated) whose X-Forwarded-For names the client (default "
      "none; the GRIP proxy, recognised by its Grip-Sig, is trusted anyway).",
      applyTrustedProxies },
    { "admin-token-file", "CHAT_ADMIN_TOKEN_FILE", "file",
      "File holding the operator's bearer token for moderation (DELETE of messages, bans); "
      "without it, moderation is off. The token itself is never taken from the command line.",
      applyAdminTokenFile },
    { "metrics-port", "CHAT_METRICS_PORT", "port",
      "Port of a listener of its own for GET /metrics, 0 for any free port (default: none, "
      "/metrics is served on --port).",
      wholeNumber<0, 65535,
                  [](ServerSettings &s, qint64 v) {
                      s.metricsPort = quint16(v);
                  }> },
    { "metrics-bind", "CHAT_METRICS_BIND", "address",
      "Address of the --metrics-port listener (default 127.0.0.1).", applyMetricsBind },
    { "log-format", "CHAT_LOG_FORMAT", "format",
      "text (default): one readable line per message; json: one JSON object per line (time, "
      "level, category, message, and the request's method, path and client where there is one), "
      "for log shippers.",
      applyLogFormat },
    { "grip-url", "GRIP_URL", "url",
      "GRIP proxy to hold streams and publish through, e.g. "
      "http://127.0.0.1:5561/?verify-iss=pushpin&verify-key=<secret> (default: none, direct "
      "streams only).",
      readLater },
    { "grip-verify-key", "GRIP_VERIFY_KEY", "key",
      "Key that checks the proxy's Grip-Sig when GRIP_URL has no verify-key; base64:<PEM> for "
      "Fastly Fanout.",
      readLater },
};

const Setting &setting(const char *option)
{
    for (const Setting &row : kSettings) {
        if (qstrcmp(row.option, option) == 0)
            return row;
    }
    qFatal("no setting %s", option);
}

// Command line, then environment, then .env; nothing when none sets it.
std::optional<QString> lookup(const Setting &row, const QCommandLineParser &parser,
                              const QProcessEnvironment &environment, const dotenv::Values &dotEnv)
{
    const QString option = QString::fromLatin1(row.option);
    if (parser.isSet(option))
        return parser.value(option);
    const QString variable = QString::fromLatin1(row.variable);
    if (environment.contains(variable))
        return environment.value(variable);
    if (dotEnv.contains(variable))
        return dotEnv.value(variable);
    return std::nullopt;
}

Error invalid(const Setting &row, const QString &value, const Error &why)
{
    // A database URL may hold a password: never repeated.
    const QString shown = row.apply == applyDatabase ? DatabaseUrl::redact(value) : value;
    return Error { u"invalid %1 '%2' (--%1 or %3): %4"_s.arg(
        QString::fromLatin1(row.option), shown, QString::fromLatin1(row.variable), why.message) };
}

} // namespace

void addOptions(QCommandLineParser &parser)
{
    for (const Setting &row : kSettings) {
        parser.addOption({ QString::fromLatin1(row.option),
                           u"%1 (env %2)"_s.arg(QString::fromLatin1(row.help),
                                                QString::fromLatin1(row.variable)),
                           QString::fromLatin1(row.valueName) });
    }
    parser.addOption({ u"env-file"_s, u"Settings file read after the environment (default .env)."_s,
                       u"file"_s, u".env"_s });
}

Result<ServerSettings> resolve(const QCommandLineParser &parser,
                               const QProcessEnvironment &environment, const dotenv::Values &dotEnv)
{
    ServerSettings settings;
    for (const Setting &row : kSettings) {
        const auto value = lookup(row, parser, environment, dotEnv);
        if (!value)
            continue;
        if (const auto applied = row.apply(settings, *value); !applied)
            return invalid(row, *value, applied.error());
    }
    const auto url = lookup(setting("grip-url"), parser, environment, dotEnv);
    if (url && !url->trimmed().isEmpty()) {
        const QString verifyKey
            = lookup(setting("grip-verify-key"), parser, environment, dotEnv).value_or(QString());
        auto grip = grip::GripConfig::parse(*url, verifyKey);
        if (!grip)
            return grip.error();
        settings.grip = std::move(grip).value();
    }
    return settings;
}

} // namespace chat::server::serverconfig
