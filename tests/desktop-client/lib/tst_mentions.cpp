// mentionsNickname: the nickname as a whole word in any case, wherever it stands in the text.
#include "desktop-client/lib/mentions.h"

#include <QTest>

using namespace chat::desktop;
using namespace Qt::StringLiterals;

class TestMentions : public QObject
{
    Q_OBJECT
private slots:
    void wholeWordAnyCase_data();
    void wholeWordAnyCase();
};

void TestMentions::wholeWordAnyCase_data()
{
    QTest::addColumn<QString>("nickname");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("mentioned");

    QTest::newRow("alone") << u"alice"_s << u"alice"_s << true;
    QTest::newRow("address") << u"alice"_s << u"alice: are you there?"_s << true;
    QTest::newRow("at sign") << u"alice"_s << u"ping @alice"_s << true;
    QTest::newRow("upper case") << u"alice"_s << u"HEY ALICE!"_s << true;
    QTest::newRow("mixed case nickname") << u"Alice"_s << u"thanks alice."_s << true;
    QTest::newRow("possessive") << u"alice"_s << u"that's alice's"_s << true;
    QTest::newRow("new line") << u"alice"_s << u"see\nalice\n"_s << true;
    QTest::newRow("second occurrence") << u"alice"_s << u"malice towards alice"_s << true;
    QTest::newRow("inside a word") << u"alice"_s << u"malice"_s << false;
    QTest::newRow("prefix of a word") << u"alice"_s << u"alicebot says hi"_s << false;
    QTest::newRow("underscore") << u"alice"_s << u"alice_b"_s << false;
    QTest::newRow("digit after") << u"alice"_s << u"alice2"_s << false;
    QTest::newRow("absent") << u"alice"_s << u"hello everyone"_s << false;
    QTest::newRow("empty nickname") << QString() << u"anything"_s << false;
    QTest::newRow("with a space") << u"mary ann"_s << u"hi Mary Ann, welcome"_s << true;
    QTest::newRow("accented") << u"josé"_s << u"JOSÉ, ¿vienes?"_s << true;
    QTest::newRow("accented letter after") << u"jos"_s << u"josé"_s << false;
    QTest::newRow("combining mark after") << u"jose"_s << u"jose\u0301 is here"_s << false;
    QTest::newRow("cyrillic") << u"Саша"_s << u"привет, саша!"_s << true;
    QTest::newRow("greek final sigma folds") << u"ΟΔΥΣΣΕΥΣ"_s << u"ο οδυσσευς ήρθε"_s << true;
    QTest::newRow("emoji neighbour") << u"bob"_s << u"🎉bob🎉"_s << true;
    QTest::newRow("supplementary letter before") << u"bob"_s << u"𐐀bob"_s << false;
    QTest::newRow("punctuation nickname") << u"<i>mallory</i>"_s << u"hi <i>mallory</i>!"_s << true;
    QTest::newRow("punctuation nickname glued")
        << u"<i>mallory</i>"_s << u"x<i>mallory</i>y"_s << true;
    QTest::newRow("ends in punctuation") << u"bob!"_s << u"bob!!!"_s << true;
    QTest::newRow("html is not markup") << u"bob"_s << u"<b>bob</b>"_s << true;
}

void TestMentions::wholeWordAnyCase()
{
    QFETCH(QString, nickname);
    QFETCH(QString, text);
    QFETCH(bool, mentioned);
    QCOMPARE(mentionsNickname(text, nickname), mentioned);
}

QTEST_APPLESS_MAIN(TestMentions)
#include "tst_mentions.moc"
