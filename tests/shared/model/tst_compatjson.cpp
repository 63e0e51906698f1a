// compatjson::quote against literal output of Python's json.dumps (ensure_ascii=True).
#include "shared/model/compatjson.h"

#include <QTest>

using namespace Qt::StringLiterals;

class TestCompatJson : public QObject
{
    Q_OBJECT
private slots:
    void quote_data();
    void quote();
    void asciiAsLatin1IsTheSame();
    void appends();
};

void TestCompatJson::quote_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QByteArray>("json");
    // Right-hand sides are what `python3 -c 'import json; print(json.dumps(s))'` prints.
    QTest::newRow("empty") << QString() << QByteArray(R"("")");
    QTest::newRow("ascii") << u"hello world"_s << QByteArray(R"("hello world")");
    QTest::newRow("quotes") << u"say \"hi\" \\o/"_s << QByteArray(R"("say \"hi\" \\o/")");
    QTest::newRow("short escapes") << u"a\nb\rc\td\be\ff"_s << QByteArray(R"("a\nb\rc\td\be\ff")");
    QTest::newRow("controls") << u"\u0001\u001f\u007f"_s << QByteArray(R"("\u0001\u001f\u007f")");
    QTest::newRow("latin") << u"héllo"_s << QByteArray(R"("h\u00e9llo")");
    QTest::newRow("c1") << u"\u0085"_s << QByteArray(R"("\u0085")");
    QTest::newRow("cjk") << u"中文"_s << QByteArray(R"("\u4e2d\u6587")");
    QTest::newRow("emoji") << u"😀"_s << QByteArray(R"("\ud83d\ude00")");
    QTest::newRow("html") << u"<b>&amp;</b>"_s << QByteArray(R"("<b>&amp;</b>")");
    QTest::newRow("percent and slash") << u"100% / 2"_s << QByteArray(R"("100% / 2")");
    QTest::newRow("lone surrogate") << QString(QChar(0xd800)) << QByteArray(R"("\ud800")");
    QTest::newRow("nul") << QString(QChar(0)) << QByteArray(R"("\u0000")");
}

void TestCompatJson::quote()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, json);
    QCOMPARE(chat::compatjson::quote(text), json);
}

// The store hands ASCII column bytes over as Latin-1: every one of them must come out as from
// UTF-16.
void TestCompatJson::asciiAsLatin1IsTheSame()
{
    for (int c = 0; c < 0x80; ++c) {
        const char byte = char(c);
        const QByteArray text = "a" + QByteArray(1, byte) + "z";
        QByteArray viaLatin1;
        chat::compatjson::appendQuoted(viaLatin1, QLatin1StringView(text));
        QCOMPARE(viaLatin1, chat::compatjson::quote(QString::fromLatin1(text)));
    }
}

void TestCompatJson::appends()
{
    QByteArray out = "[";
    chat::compatjson::appendQuoted(out, u"é"_s);
    out += ", ";
    chat::compatjson::appendQuoted(out, QLatin1StringView("x\n"));
    QCOMPARE(out, QByteArray(R"(["\u00e9", "x\n")"));
}

QTEST_APPLESS_MAIN(TestCompatJson)
#include "tst_compatjson.moc"
