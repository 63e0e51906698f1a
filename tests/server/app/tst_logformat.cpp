// The JSON log line: valid JSON whatever the message holds, the level's name, and the fields
// of the request this thread is handling, only while it is handling it.
#include "server/api/request/requestcontext.h"
#include "server/api/request/requestlogscope.h"
#include "server/app/logformat.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace chat::server;
using namespace Qt::StringLiterals;

class TestLogFormat : public QObject
{
    Q_OBJECT
private slots:
    void lineOutsideARequest();
    void lineDuringARequest();
};

namespace {

QJsonObject parsed(const QByteArray &line)
{
    if (!line.endsWith('\n') || line.count('\n') != 1)
        return {};
    return QJsonDocument::fromJson(line).object();
}

} // namespace

void TestLogFormat::lineOutsideARequest()
{
    const QMessageLogContext context("file.cpp", 1, "f", "chat.server.store");
    const QJsonObject line
        = parsed(logformat::jsonLine(QtWarningMsg, context, u"disk \"full\"\n\tZoë \u0001"_s));
    QCOMPARE(line.value(u"level"_s).toString(), u"warning"_s);
    QCOMPARE(line.value(u"category"_s).toString(), u"chat.server.store"_s);
    QCOMPARE(line.value(u"message"_s).toString(), u"disk \"full\"\n\tZoë \u0001"_s);
    QVERIFY(line.value(u"time"_s).toString().endsWith(u'Z'));
    QVERIFY(!line.contains(u"path"_s));
    QCOMPARE(
        parsed(logformat::jsonLine(QtCriticalMsg, context, u"x"_s)).value(u"level"_s).toString(),
        u"error"_s);
}

void TestLogFormat::lineDuringARequest()
{
    const QMessageLogContext context("file.cpp", 1, "f", "chat.server.http");
    RequestContext request;
    request.path = "/rooms/caf%C3%A9/messages/";
    request.client = u"2001:db8::1"_s;
    {
        const RequestLogScope scope("POST", request);
        const QJsonObject line = parsed(logformat::jsonLine(QtInfoMsg, context, u"hi"_s));
        QCOMPARE(line.value(u"method"_s).toString(), u"POST"_s);
        QCOMPARE(line.value(u"path"_s).toString(), u"/rooms/caf%C3%A9/messages/"_s);
        QCOMPARE(line.value(u"client"_s).toString(), u"2001:db8::1"_s);
    }
    QVERIFY(!parsed(logformat::jsonLine(QtInfoMsg, context, u"after"_s)).contains(u"method"_s));
}

QTEST_APPLESS_MAIN(TestLogFormat)
#include "tst_logformat.moc"
