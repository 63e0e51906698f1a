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
    QTest::addColumn<QString>("problem"); // empty: accepted
    QTest::newRow("simple") << u"default"_s << QString();
    QTest::newRow("spaces and punctuation") << u"my room: #1, & more"_s << QString();
    QTest::newRow("unicode") << u"café ☕"_s << QString();
    QTest::newRow("64") << QString(64, u'r') << QString();
    QTest::newRow("64 emoji") << QString(u"😀"_s).repeated(64) << QString();
    QTest::newRow("65") << QString(65, u'r') << u"room name must be at most 64 characters"_s;
    QTest::newRow("63 + 2 emoji") << QString(63, u'r') + u"😀😀"_s
                                  << u"room name must be at most 64 characters"_s;
    QTest::newRow("empty") << QString() << u"room name must not be empty"_s;
    QTest::newRow("blank") << u"   "_s << u"room name must not be only whitespace"_s;
    QTest::newRow("slash") << u"a/b"_s << u"room name must not contain '/'"_s;
    const QString control = u"room name must not contain control characters"_s;
    QTest::newRow("newline") << u"a\nb"_s << control;
    QTest::newRow("tab") << u"a\tb"_s << control;
    QTest::newRow("nul") << QString(QChar(0)) << control;
    QTest::newRow("del") << u"a\u007fb"_s << control;
    QTest::newRow("c1") << u"a\u0085b"_s << control;
    QTest::newRow("c1 last") << u"a\u009fb"_s << control;
    QTest::newRow("after c1") << u"a\u00a0b"_s << QString();
    QTest::newRow("lone low surrogate")
        << QString(QChar(0xdc00)) << u"room name is not valid Unicode"_s;
    QTest::newRow("lone high surrogate")
        << u"a"_s + QChar(0xd83d) << u"room name is not valid Unicode"_s;
}

void TestValidation::rooms()
{
    QFETCH(QString, room);
    QFETCH(QString, problem);
    QCOMPARE(roomNameProblem(room), problem);
}

void TestValidation::nicknames_data()
{
    QTest::addColumn<QString>("nickname");
    QTest::addColumn<QString>("problem");
    QTest::newRow("simple") << u"alice"_s << QString();
    QTest::newRow("symbols") << u"a&b#c+d \"q\" 'x'"_s << QString();
    QTest::newRow("slash allowed") << u"a/b"_s << QString();
    QTest::newRow("64") << QString(64, u'n') << QString();
    QTest::newRow("64 emoji") << QString(u"🙂"_s).repeated(64) << QString();
    QTest::newRow("65") << QString(65, u'n') << u"nickname must be at most 64 characters"_s;
    QTest::newRow("empty") << QString() << u"nickname must not be empty"_s;
    QTest::newRow("blank") << u"   "_s << u"nickname must not be only whitespace"_s;
    QTest::newRow("tab") << u" \t"_s << u"nickname must not contain control characters"_s;
    QTest::newRow("bell") << u"a\u0007"_s << u"nickname must not contain control characters"_s;
    QTest::newRow("lone surrogate")
        << u"x"_s + QChar(0xd800) + u"y"_s << u"nickname is not valid Unicode"_s;
}

void TestValidation::nicknames()
{
    QFETCH(QString, nickname);
    QFETCH(QString, problem);
    QCOMPARE(nicknameProblem(nickname), problem);
}

void TestValidation::texts_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("problem");
    const QString tooLong = u"message text must be at most 4096 characters"_s;
    const QString control = u"message text must not contain control characters"_s;
    QTest::newRow("simple") << u"hello"_s << QString();
    QTest::newRow("multi-line") << u"line 1\r\nline 2\n\tindented"_s << QString();
    QTest::newRow("slash") << u"1/2"_s << QString();
    QTest::newRow("4096") << QString(4096, u'x') << QString();
    QTest::newRow("4095 + emoji") << QString(4095, u'x') + u"😀"_s << QString();
    QTest::newRow("4096 emoji") << QString(u"😀"_s).repeated(4096) << QString();
    QTest::newRow("4097") << QString(4097, u'x') << tooLong;
    QTest::newRow("4096 + emoji") << QString(4096, u'x') + u"😀"_s << tooLong;
    QTest::newRow("empty") << QString() << u"message text must not be empty"_s;
    QTest::newRow("blank") << u" \n\t "_s << u"message text must not be only whitespace"_s;
    QTest::newRow("nul") << u"a"_s + QChar(0) + u"b"_s << control;
    QTest::newRow("escape") << u"a\u001b[31m"_s << control;
    QTest::newRow("vertical tab") << u"a\u000bb"_s << control;
    QTest::newRow("del") << u"a\u007f"_s << control;
    QTest::newRow("c1") << u"a\u0080"_s << control;
    QTest::newRow("lone surrogate")
        << u"a"_s + QChar(0xdfff) << u"message text is not valid Unicode"_s;
}

void TestValidation::texts()
{
    QFETCH(QString, text);
    QFETCH(QString, problem);
    QCOMPARE(messageTextProblem(text), problem);
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
