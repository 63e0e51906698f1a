// The one strict integer parser: digits only, a '-' only where negatives are allowed, bounds.
#include "shared/text/integers.h"

#include <QTest>

#include <limits>

using namespace chat;
using namespace Qt::StringLiterals;

namespace {
constexpr qint64 kMin = std::numeric_limits<qint64>::min();
constexpr qint64 kMax = std::numeric_limits<qint64>::max();
} // namespace

class TestIntegers : public QObject
{
    Q_OBJECT
private slots:
    void parse_data();
    void parse();
};

void TestIntegers::parse_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<qint64>("min");
    QTest::addColumn<qint64>("max");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<qint64>("value");
    QTest::newRow("zero") << QByteArray("0") << qint64(0) << kMax << true << qint64(0);
    QTest::newRow("leading zeros") << QByteArray("007") << qint64(0) << kMax << true << qint64(7);
    QTest::newRow("bounds inclusive")
        << QByteArray("200") << qint64(1) << qint64(200) << true << qint64(200);
    QTest::newRow("above max") << QByteArray("201") << qint64(1) << qint64(200) << false
                               << qint64(0);
    QTest::newRow("below min") << QByteArray("0") << qint64(1) << qint64(200) << false << qint64(0);
    QTest::newRow("qint64 max") << QByteArray("9223372036854775807") << qint64(0) << kMax << true
                                << kMax;
    QTest::newRow("overflow") << QByteArray("9223372036854775808") << qint64(0) << kMax << false
                              << qint64(0);
    QTest::newRow("qint64 min") << QByteArray("-9223372036854775808") << kMin << kMax << true
                                << kMin;
    QTest::newRow("negative overflow")
        << QByteArray("-9223372036854775809") << kMin << kMax << false << qint64(0);
    QTest::newRow("negative allowed") << QByteArray("-3") << kMin << kMax << true << qint64(-3);
    QTest::newRow("negative refused")
        << QByteArray("-3") << qint64(0) << kMax << false << qint64(0);
    QTest::newRow("minus zero refused")
        << QByteArray("-0") << qint64(0) << kMax << false << qint64(0);
    QTest::newRow("plus") << QByteArray("+3") << kMin << kMax << false << qint64(0);
    QTest::newRow("empty") << QByteArray("") << kMin << kMax << false << qint64(0);
    QTest::newRow("lone minus") << QByteArray("-") << kMin << kMax << false << qint64(0);
    QTest::newRow("space before") << QByteArray(" 3") << kMin << kMax << false << qint64(0);
    QTest::newRow("space after") << QByteArray("3 ") << kMin << kMax << false << qint64(0);
    QTest::newRow("hex") << QByteArray("0x10") << kMin << kMax << false << qint64(0);
    QTest::newRow("fraction") << QByteArray("1.0") << kMin << kMax << false << qint64(0);
    QTest::newRow("exponent") << QByteArray("1e3") << kMin << kMax << false << qint64(0);
}

void TestIntegers::parse()
{
    QFETCH(QByteArray, text);
    QFETCH(qint64, min);
    QFETCH(qint64, max);
    QFETCH(bool, ok);
    QFETCH(qint64, value);
    const auto fromBytes = parseInteger(QByteArrayView(text), min, max);
    const auto fromText = parseInteger(QStringView(QString::fromLatin1(text)), min, max);
    QCOMPARE(fromBytes.has_value(), ok);
    QCOMPARE(fromText, fromBytes);
    if (ok)
        QCOMPARE(*fromBytes, value);
    // Digits outside ASCII are never digits.
    QVERIFY(!parseInteger(QStringView(u"١٢"), kMin, kMax));
}

QTEST_APPLESS_MAIN(TestIntegers)
#include "tst_integers.moc"
