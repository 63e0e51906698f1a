#include "server/store/engine/databaseurl.h"

#include "shared/text/integers.h"
#include "shared/text/urlencoding.h"

#include <QRegularExpression>
#include <QStringList>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace chat::server {

namespace {

const QStringList kSslModes { u"disable"_s, u"allow"_s,     u"prefer"_s,
                              u"require"_s, u"verify-ca"_s, u"verify-full"_s };

Error malformed(const QString &problem)
{
    return Error { u"%1 (expected postgresql://user[:password]@host[:port]/dbname, optionally "
                   "?host=/socket/directory)"_s.arg(problem) };
}

Result<QString> decoded(QStringView part, const QString &what)
{
    auto text = urlencoding::decode(part.toUtf8());
    if (!text)
        return malformed(
            u"the %1 is not percent-encoded correctly: %2"_s.arg(what, text.error().message));
    return text;
}

// "host", "host:port", "[v6]", "[v6]:port" or "" (then ?host= names a socket directory).
Result<void> parseHostPort(QStringView hostPort, DatabaseUrl &url)
{
    QStringView host = hostPort;
    QStringView port;
    if (hostPort.startsWith(u'[')) {
        const qsizetype close = hostPort.indexOf(u']');
        if (close < 0)
            return malformed(u"an IPv6 address needs its closing ']'"_s);
        host = hostPort.sliced(1, close - 1);
        const QStringView rest = hostPort.sliced(close + 1);
        if (!rest.isEmpty() && !rest.startsWith(u':'))
            return malformed(u"unexpected text after the IPv6 address"_s);
        if (!rest.isEmpty())
            port = rest.sliced(1);
    } else if (const qsizetype colon = hostPort.lastIndexOf(u':'); colon >= 0) {
        host = hostPort.first(colon); // empty with ?host=: the socket's port
        port = hostPort.sliced(colon + 1);
    }
    const auto hostText = decoded(host, u"host"_s);
    if (!hostText)
        return hostText.error();
    url.host = *hostText;
    if (!port.isNull()) {
        const auto number = parseInteger(port, 1, 65535);
        if (!number)
            return malformed(u"the port must be a number from 1 to 65535"_s);
        url.port = int(*number);
    }
    return {};
}

Result<void> parseQuery(QStringView query, DatabaseUrl &url)
{
    for (const QStringView item : query.split(u'&', Qt::SkipEmptyParts)) {
        const qsizetype equals = item.indexOf(u'=');
        const QStringView name = equals < 0 ? item : item.first(equals);
        const auto value = decoded(equals < 0 ? QStringView() : item.sliced(equals + 1),
                                   u"parameter %1"_s.arg(name));
        if (!value)
            return value.error();
        if (name == u"host") {
            if (!value->startsWith(u'/'))
                return malformed(u"?host= names a Unix socket directory, an absolute path"_s);
            url.host = *value;
        } else if (name == u"sslmode") {
            if (!kSslModes.contains(*value))
                return malformed(u"sslmode must be one of %1"_s.arg(kSslModes.join(u", ")));
            url.sslMode = *value;
        } else {
            return malformed(
                u"unknown parameter '%1' (host and sslmode are understood)"_s.arg(name.toString()));
        }
    }
    return {};
}

} // namespace

DatabaseUrl DatabaseUrl::sqlite(const QString &path)
{
    DatabaseUrl url;
    url.path = path;
    return url;
}

Result<DatabaseUrl> DatabaseUrl::parse(const QString &text)
{
    static const QRegularExpression scheme(u"^([A-Za-z][A-Za-z0-9+.-]*)://"_s);
    const QRegularExpressionMatch match = scheme.match(text);
    if (!match.hasMatch()) {
        if (text.startsWith(u"postgres:"_s, Qt::CaseInsensitive)
            || text.startsWith(u"postgresql:"_s, Qt::CaseInsensitive))
            return malformed(u"a PostgreSQL URL starts with postgresql://"_s);
        if (text.trimmed().isEmpty())
            return Error { u"expected a file path or a postgresql:// URL"_s };
        return sqlite(text);
    }
    const QString name = match.captured(1).toLower();
    if (name != u"postgresql" && name != u"postgres")
        return Error { u"'%1://' is not a database this server can use: give a postgresql:// URL "
                       "or the path of a SQLite file"_s.arg(match.captured(1)) };
    DatabaseUrl url;
    url.engine = Engine::Postgres;
    QStringView rest = QStringView(text).sliced(match.capturedLength());
    for (const QChar c : rest) {
        if (c.unicode() < 0x21 || c.unicode() == 0x7f)
            return malformed(u"spaces and control characters must be percent-encoded"_s);
    }
    QStringView query;
    if (const qsizetype question = rest.indexOf(u'?'); question >= 0) {
        query = rest.sliced(question + 1);
        rest = rest.first(question);
    }
    const qsizetype slash = rest.indexOf(u'/');
    if (slash < 0)
        return malformed(u"the database name is missing"_s);
    QStringView authority = rest.first(slash);
    const auto database = decoded(rest.sliced(slash + 1), u"database name"_s);
    if (!database)
        return database.error();
    if (database->isEmpty() || database->contains(u'/'))
        return malformed(u"the database name is missing"_s);
    url.databaseName = *database;

    const qsizetype at = authority.lastIndexOf(u'@');
    if (at < 0)
        return malformed(u"the user is missing (user@host)"_s);
    const QStringView userInfo = authority.first(at);
    const qsizetype colon = userInfo.indexOf(u':');
    const auto user = decoded(colon < 0 ? userInfo : userInfo.first(colon), u"user"_s);
    if (!user)
        return user.error();
    if (user->isEmpty())
        return malformed(u"the user is missing (user@host)"_s);
    url.user = *user;
    if (colon >= 0) {
        const auto password = decoded(userInfo.sliced(colon + 1), u"password"_s);
        if (!password)
            return password.error();
        url.password = *password;
    }
    if (auto hostPort = parseHostPort(authority.sliced(at + 1), url); !hostPort)
        return hostPort.error();
    if (auto parameters = parseQuery(query, url); !parameters)
        return parameters.error();
    if (url.host.isEmpty())
        return malformed(u"the host is missing (user@host, or ?host=/socket/directory)"_s);
    return url;
}

QString DatabaseUrl::redact(const QString &text)
{
    // scheme://user:password@ -> scheme://user:***@ (the last '@' before the path ends it)
    static const QRegularExpression password(u"^([A-Za-z][A-Za-z0-9+.-]*://[^/?#:@]*):[^/?#]*@"_s);
    QString redacted = text;
    redacted.replace(password, u"\\1:***@"_s);
    return redacted;
}

QString DatabaseUrl::display() const
{
    if (engine == Engine::Sqlite)
        return path;
    const auto encoded = [](const QString &part) {
        return QString::fromLatin1(QUrl::toPercentEncoding(part));
    };
    QString text = u"postgresql://%1@"_s.arg(encoded(user));
    const bool socket = host.startsWith(u'/');
    if (!socket)
        text += host.contains(u':') ? u"[%1]"_s.arg(host) : encoded(host);
    if (port != 5432)
        text += u":%1"_s.arg(port);
    text += u'/' + encoded(databaseName);
    QStringList query;
    if (socket)
        query.append(u"host="_s + QString::fromLatin1(QUrl::toPercentEncoding(host, "/")));
    if (!sslMode.isEmpty())
        query.append(u"sslmode="_s + sslMode);
    if (!query.isEmpty())
        text += u'?' + query.join(u'&');
    return text;
}

} // namespace chat::server
