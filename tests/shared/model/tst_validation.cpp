// Room, nickname and message text limits, counted in characters: the shared vectors of
// tests/vectors/validation.json, which the page's rules are checked against too.
#include "shared/model/validation.h"
#include "tests/support/vectors.h"

#include <QTest>

using namespace chat;
using namespace Qt::StringLiterals;

class TestValidation : public QObject
{
    Q_OBJECT
private slots:
    void vectors_data();
    void vectors();
    void limitsMatchTheVectors();
    void counting();
};

void TestValidation::vectors_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("problem"); // empty: accepted
    const QJsonObject all = test::vectors::load(u"validation.json"_s);
    for (const QString &kind : { u"room"_s, u"nickname"_s, u"text"_s }) {
        const QJsonArray cases = all.value(kind).toArray();
        QVERIFY(cases.size() >= 10);
        for (const QJsonValue &value : cases) {
            const QJsonObject vector = value.toObject();
            QTest::addRow("%s: %s", qPrintable(kind), qPrintable(vector.value(u"name").toString()))
                << kind << test::vectors::text(vector.value(u"value"))
                << vector.value(u"problem").toString();
        }
    }
}

void TestValidation::vectors()
{
    QFETCH(QString, kind);
    QFETCH(QString, value);
    QFETCH(QString, problem);
    const Result<void> check = kind == u"room" ? checkRoomName(value)
        : kind == u"nickname"                  ? checkNickname(value)
                                               : checkMessageText(value);
    if (problem.isEmpty()) {
        QVERIFY2(check.ok(), qPrintable(check.error().message));
    } else {
        QVERIFY(!check.ok());
        QCOMPARE(check.error(), (Error { problem, 400 }));
    }
}

void TestValidation::limitsMatchTheVectors()
{
    const QJsonObject limits
        = test::vectors::load(u"validation.json"_s).value(u"limits").toObject();
    QCOMPARE(limits.value(u"room").toInt(), kMaxRoomNameLength);
    QCOMPARE(limits.value(u"nickname").toInt(), kMaxNicknameLength);
    QCOMPARE(limits.value(u"text").toInt(), kMaxMessageLength);
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
