// TypingState on an injected clock: who counts as typing, for how long, what the line says, and
// that a message or leaving ends it; never our own nickname.
#include "desktop-client/lib/models/typingstate.h"

#include <QSignalSpy>
#include <QTest>

using namespace chat::desktop;
using namespace Qt::StringLiterals;

class TestTypingState : public QObject
{
    Q_OBJECT
private slots:
    void init();
    void expiresFiveSecondsAfterTheLastEvent();
    void aMessageOrLeavingEndsIt();
    void neverOurselves();
    void describesEveryCount_data();
    void describesEveryCount();
    void theTimerExpiresByItself();

private:
    std::unique_ptr<TypingState> m_state;
    qint64 m_now = 0;
};

void TestTypingState::init()
{
    m_now = 1'000'000;
    m_state = std::make_unique<TypingState>();
    m_state->setClock([this] { return m_now; });
    m_state->setOwnNickname(u"me"_s);
}

void TestTypingState::expiresFiveSecondsAfterTheLastEvent()
{
    QSignalSpy changed(m_state.get(), &TypingState::changed);
    QCOMPARE(m_state->msUntilNextExpiry(), -1);
    m_state->noteTyping(u"alice"_s);
    QCOMPARE(m_state->text(), u"alice is typing…"_s);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(m_state->msUntilNextExpiry(), 5000);

    m_now += 2000;
    m_state->noteTyping(u"bob"_s);
    QCOMPARE(m_state->text(), u"alice and bob are typing…"_s);
    m_now += 2000;
    m_state->noteTyping(u"alice"_s); // still typing: her deadline moves, the line stays
    QCOMPARE(changed.size(), 2);
    QCOMPARE(m_state->nicknames(), (QStringList { u"alice"_s, u"bob"_s }));
    QCOMPARE(m_state->msUntilNextExpiry(), 3000); // bob's, 5 s after his only event

    m_now += 2999;
    m_state->expire();
    QCOMPARE(m_state->nicknames().size(), 2);
    m_now += 1;
    m_state->expire();
    QCOMPARE(m_state->nicknames(), QStringList { u"alice"_s });
    QCOMPARE(changed.size(), 3);
    m_now += 1999;
    m_state->expire();
    QCOMPARE(m_state->text(), u"alice is typing…"_s);
    m_now += 1;
    m_state->expire();
    QVERIFY(m_state->isEmpty());
    QCOMPARE(m_state->text(), QString());
    QCOMPARE(changed.size(), 4);
    m_state->expire(); // nothing left: no signal
    QCOMPARE(changed.size(), 4);
}

void TestTypingState::aMessageOrLeavingEndsIt()
{
    m_state->noteTyping(u"alice"_s);
    m_state->noteTyping(u"bob"_s);
    m_state->noteStopped(u"alice"_s); // her message arrived
    QCOMPARE(m_state->text(), u"bob is typing…"_s);
    m_state->noteStopped(u"carol"_s); // was not typing: nothing changes
    QCOMPARE(m_state->nicknames(), QStringList { u"bob"_s });
    m_state->clear();
    QVERIFY(m_state->isEmpty());
}

void TestTypingState::neverOurselves()
{
    QSignalSpy changed(m_state.get(), &TypingState::changed);
    m_state->noteTyping(u"me"_s); // our own event comes back on the stream
    m_state->noteTyping(QString());
    QVERIFY(m_state->isEmpty());
    QCOMPARE(changed.size(), 0);
    m_state->noteTyping(u"Me"_s); // another nickname (they are case-sensitive)
    QCOMPARE(m_state->nicknames(), QStringList { u"Me"_s });
}

void TestTypingState::describesEveryCount_data()
{
    QTest::addColumn<QStringList>("nicknames");
    QTest::addColumn<QString>("text");
    QTest::newRow("nobody") << QStringList {} << QString();
    QTest::newRow("one") << QStringList { u"alice"_s } << u"alice is typing…"_s;
    QTest::newRow("two") << QStringList { u"alice"_s, u"bob"_s } << u"alice and bob are typing…"_s;
    QTest::newRow("three") << QStringList { u"alice"_s, u"bob"_s, u"carol"_s }
                           << u"alice, bob and carol are typing…"_s;
    QTest::newRow("four") << QStringList { u"alice"_s, u"bob"_s, u"carol"_s, u"dave"_s }
                          << u"alice, bob and 2 others are typing…"_s;
    // A nickname that looks like a placeholder stays what it is.
    QTest::newRow("placeholders") << QStringList { u"%2"_s, u"%1 <b>"_s }
                                  << u"%2 and %1 <b> are typing…"_s;
}

void TestTypingState::describesEveryCount()
{
    QFETCH(QStringList, nicknames);
    QFETCH(QString, text);
    QCOMPARE(TypingState::describe(nicknames), text);
}

void TestTypingState::theTimerExpiresByItself()
{
    // The real clock: someone who typed once is gone 5 s later without anyone asking.
    TypingState state;
    QSignalSpy changed(&state, &TypingState::changed);
    state.noteTyping(u"alice"_s);
    QCOMPARE(changed.size(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(state.isEmpty(), 7000);
    QCOMPARE(changed.size(), 2);
}

QTEST_GUILESS_MAIN(TestTypingState)
#include "tst_typingstate.moc"
