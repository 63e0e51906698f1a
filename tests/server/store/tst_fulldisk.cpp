// A disk that fills up under a real chat-server: its database lives on a 2 MiB tmpfs that the
// test fills for real. Posts then answer 503 with Retry-After and a JSON error and nothing is
// acknowledged that was not committed; history reads and streams keep working; once space is
// back, posting recovers by itself. Mounting needs root (CI runs as root): elsewhere it skips.
#include "tests/support/httptestclient.h"
#include "tests/support/serverprocess.h"
#include "tests/support/ssetestclient.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <sys/mount.h>
#include <unistd.h>

using namespace chat;
using namespace chat::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int kWait = 10000;

QStringList storedTexts(quint16 port)
{
    QStringList texts;
    const QJsonArray messages
        = QJsonDocument::fromJson(get(port, "/rooms/disk/messages/?limit=200").body)
              .object()
              .value(u"messages"_s)
              .toArray();
    for (const QJsonValue &message : messages)
        texts.prepend(message.toObject().value(u"text"_s).toString());
    return texts;
}

// Writes zeros into `path` until the filesystem refuses more.
qint64 fillUp(const QString &path)
{
    QFile filler(path);
    if (!filler.open(QIODevice::WriteOnly))
        return -1;
    const QByteArray block(4096, '\0');
    qint64 written = 0;
    while (filler.write(block) == block.size() && filler.flush())
        written += block.size();
    return written;
}

} // namespace

class TestFullDisk : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void postsWaitForSpaceAndLoseNothing();

private:
    QTemporaryDir m_dir;
    QString m_disk;
    bool m_mounted = false;
};

void TestFullDisk::initTestCase()
{
    if (::geteuid() != 0)
        QSKIP("mounting a small tmpfs needs root (CI runs as root)");
    m_disk = m_dir.filePath(u"disk"_s);
    QVERIFY(QDir().mkpath(m_disk));
    QVERIFY2(::mount("tmpfs", QFile::encodeName(m_disk).constData(), "tmpfs", 0, "size=2m") == 0,
             strerror(errno));
    m_mounted = true;
}

void TestFullDisk::cleanupTestCase()
{
    if (m_mounted)
        ::umount2(QFile::encodeName(m_disk).constData(), MNT_DETACH);
}

void TestFullDisk::postsWaitForSpaceAndLoseNothing()
{
    ServerProcess server(kUnlimitedPosting
                         + QStringList { u"--database"_s, m_disk + u"/chat.sqlite3"_s });
    QVERIFY2(server.start(), server.output().constData());
    SseTestClient stream;
    stream.open(server.port(), "/rooms/disk/events/");
    QVERIFY(stream.waitUntilOpen(kWait));
    QStringList acknowledged;
    QCOMPARE(postForm(server.port(), u"disk"_s, u"alice"_s, u"before"_s).status, 200);
    acknowledged.append(u"before"_s);

    const QString filler = m_disk + u"/filler"_s;
    QVERIFY(fillUp(filler) > 0);
    // What still fits in the log's last pages may go in; then the disk is full for real.
    HttpResponse refused;
    const QString text(1500, u'x');
    for (int i = 0; i < 200; ++i) {
        const HttpResponse response
            = postForm(server.port(), u"disk"_s, u"alice"_s, text + QString::number(i));
        if (response.status == 200) {
            acknowledged.append(text + QString::number(i));
            continue;
        }
        refused = response;
        break;
    }
    QCOMPARE(refused.status, 503);
    QCOMPARE(refused.header("retry-after"), "5");
    QVERIFY(!refused.errorMessage().isEmpty());

    // Reading goes on: the history, the open stream, a new stream.
    QCOMPARE(storedTexts(server.port()), acknowledged);
    QTRY_COMPARE_WITH_TIMEOUT(stream.eventsOfType("message").size(), acknowledged.size(), kWait);
    SseTestClient late;
    late.open(server.port(), "/rooms/disk/events/");
    QVERIFY(late.waitUntilOpen(kWait));
    QCOMPARE(late.status(), 200);
    QCOMPARE(postForm(server.port(), u"disk"_s, u"alice"_s, u"still full"_s).status, 503);

    // Space comes back: posting recovers by itself, and the streams get the message.
    QVERIFY(QFile::remove(filler));
    int status = 0;
    QVERIFY(QTest::qWaitFor(
        [&] {
            return (status = postForm(server.port(), u"disk"_s, u"alice"_s, u"after"_s).status)
                == 200;
        },
        kWait));
    acknowledged.append(u"after"_s);
    QCOMPARE(storedTexts(server.port()), acknowledged);
    QTRY_COMPARE_WITH_TIMEOUT(messageTexts(late.eventsOfType("message")),
                              QStringList { u"after"_s }, kWait);
    QCOMPARE(server.terminate(), 0);

    // And everything acknowledged is there after a restart.
    QVERIFY2(server.start(), server.output().constData());
    QCOMPARE(storedTexts(server.port()), acknowledged);
    QCOMPARE(server.terminate(), 0);
}

QTEST_GUILESS_MAIN(TestFullDisk)
#include "tst_fulldisk.moc"
