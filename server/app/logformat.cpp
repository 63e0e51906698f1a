#include "server/app/logformat.h"

#include "server/api/request/requestcontext.h"
#include "server/api/request/requestlogscope.h"
#include "shared/model/compatjson.h"

#include <QDateTime>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace chat::server::logformat {

namespace {

const char *levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return "debug";
    case QtInfoMsg:
        return "info";
    case QtWarningMsg:
        return "warning";
    case QtCriticalMsg:
        return "error";
    case QtFatalMsg:
        return "fatal";
    }
    return "info";
}

void writeJson(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QByteArray line = jsonLine(type, context, message);
    // One write per line: lines of several threads do not interleave.
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
    std::fflush(stderr);
}

} // namespace

QByteArray jsonLine(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QString time = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    QByteArray line = "{\"time\": " + compatjson::quote(time) + ", \"level\": \"" + levelName(type)
        + "\", \"category\": "
        + compatjson::quote(QString::fromLatin1(context.category ? context.category : "default"))
        + ", \"message\": " + compatjson::quote(message);
    if (const RequestLogScope *request = RequestLogScope::current()) {
        line += ", \"method\": " + compatjson::quote(QString::fromLatin1(request->method()))
            + ", \"path\": " + compatjson::quote(QString::fromLatin1(request->context().path))
            + ", \"client\": " + compatjson::quote(request->context().client);
    }
    return line + "}\n";
}

void use(ServerSettings::LogFormat format)
{
    if (format == ServerSettings::LogFormat::Json) {
        qInstallMessageHandler(writeJson);
        return;
    }
    qInstallMessageHandler(nullptr);
    qSetMessagePattern(
        u"%{time yyyy-MM-ddThh:mm:ss.zzz} %{if-debug}debug%{endif}%{if-info}info%{endif}"
        "%{if-warning}warning%{endif}%{if-critical}error%{endif}%{if-fatal}fatal%{endif}"
        " %{category}: %{message}"_s);
}

} // namespace chat::server::logformat
