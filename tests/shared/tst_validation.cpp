// Room, nickname and message text limits, counted in characters.
#include "shared/validation.h"

#include <QTest>

using namespace chat;
using namespace Qt::StringLiterals;

class TestValidation : public QObject
{
    Q_OBJECT
private slots:
    void rooms_data();
    void rooms();
    void nicknames_data();
    void nicknames();
    void texts_data();
    void texts();
    void counting();
};

void TestValidation::rooms_data()
{
    QTest::addColumn<QString>("room");
    QTest::addColumn<bool>("ok");
    QTest::newRow("simple") << u"default"_s << true;
    QTest::newRow("spaces and punctuation") << u"my room: #1, & more"_s << true;
    QTest::newRow("unicode") << u"café ☕"_s << true;
    QTest::newRow("64") << QString(64, u'r') << true;
    QTest::newRow("64 emoji") << QString(u"😀"_s).repeated(64) << true;
    QTest::newRow("65") << QString(65, u'r') << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("blank") << u"   "_s << false;
    QTest::newRow("slash") << u"a/b"_s << false;
    QTest::newRow("newline") << u"a\nb"_s << false;
    QTest::newRow("tab") << u"a\tb"_s << false;
    QTest::newRow("del") << u"a\u007fb"_s << false;
    QTest::newRow("c1") << u"a\u0085b"_s << false;
    QTest::newRow("lone surrogate") << QString(QChar(0xdc00)) << false;
}

void TestValidation::rooms()
{
    QFETCH(QString, room);
    QFETCH(bool, ok);
    const QString problem = roomNameProblem(room);
    QCOMPARE(problem.isEmpty(), ok);
    if (!ok)
        QVERIFY(problem.startsWith(u"room name"_s));
}

void TestValidation::nicknames_data()
{
    QTest::addColumn<QString>("nickname");
    QTest::addColumn<bool>("ok");
    QTest::newRow("simple") << u"alice"_s << true;
    QTest::newRow("symbols") << u"a&b#c+d \"q\" 'x'"_s << true;
    QTest::newRow("slash allowed") << u"a/b"_s << true;
    QTest::newRow("64") << QString(64, u'n') << true;
    QTest::newRow("65") << QString(65, u'n') << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("blank") << u" \t"_s << false;
    QTest::newRow("control") << u"a\u0007"_s << false;
}

void TestValidation::nicknames()
{
    QFETCH(QString, nickname);
    QFETCH(bool, ok);
    QCOMPARE(nicknameProblem(nickname).isEmpty(), ok);
}

void TestValidation::texts_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::newRow("simple") << u"hello"_s << true;
    QTest::newRow("multi-line") << u"line 1\r\nline 2\n\tindented"_s << true;
    QTest::newRow("4096") << QString(4096, u'x') << true;
    QTest::newRow("4095 + emoji") << QString(4095, u'x') + u"😀"_s << true;
    QTest::newRow("4097") << QString(4097, u'x') << false;
    QTest::newRow("4096 + emoji") << QString(4096, u'x') + u"😀"_s << false;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("blank") << u" \n\t "_s << false;
    QTest::newRow("nul") << u"a\u0000b"_s << false;
    QTest::newRow("escape") << u"a\u001b[31m"_s << false;
}

void TestValidation::texts()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QCOMPARE(messageTextProblem(text).isEmpty(), ok);
}

void TestValidation::counting()
{
    QCOMPARE(characterCount(u""_s), 0);
    QCOMPARE(characterCount(u"abc"_s), 3);
    QCOMPARE(characterCount(u"😀😀"_s), 2);
    QCOMPARE(characterCount(QString(QChar(0xd800))), 1);
}

QTEST_APPLESS_MAIN(TestValidation)
#include "tst_validation.moc"
