// The frames of a room's event stream, byte for byte: messages with their ids, the control
// frames, and the ephemeral events, which carry no id line.
#include "shared/sse/roomevents.h"
#include "shared/sse/sseparser.h"

#include <QTest>

using namespace chat;
using namespace Qt::StringLiterals;

class TestRoomEvents : public QObject
{
    Q_OBJECT
private slots:
    void message();
    void controlFrames();
    void ephemeralFramesHaveNoId();
    void removals();
};

void TestRoomEvents::message()
{
    StoredMessage stored { { 42, u"café"_s, u"alice"_s, u"hi"_s,
                             QDateTime(QDate(2025, 1, 2), QTime(3, 4, 5, 678), Qt::UTC) },
                           7 };
    QCOMPARE(roomevents::messageFrame(stored),
             "event: message\nid: room-caf%C3%A9:7\ndata: {\"id\": 42, \"from\": \"alice\", "
             "\"date\": \"2025-01-02T03:04:05.678Z\", \"text\": \"hi\"}\n\n");
}

void TestRoomEvents::controlFrames()
{
    QCOMPARE(roomevents::streamReset(u"a b"_s, 9),
             "event: stream-reset\nid: room-a%20b:9\ndata: {\"channels\": [\"room-a b\"]}\n\n");
    QCOMPARE(roomevents::streamError(u"bad-request"_s, u"no \"good\""_s),
             "event: stream-error\nid: error\ndata: {\"condition\": \"bad-request\", \"text\": "
             "\"no \\\"good\\\"\"}\n\n");
}

void TestRoomEvents::ephemeralFramesHaveNoId()
{
    QCOMPARE(roomevents::presenceFrame(u"Zoë"_s, true),
             "event: presence\ndata: {\"from\": \"Zo\\u00eb\", \"status\": \"online\"}\n\n");
    QCOMPARE(roomevents::presenceFrame(u"bob"_s, false),
             "event: presence\ndata: {\"from\": \"bob\", \"status\": \"offline\"}\n\n");
    QCOMPARE(roomevents::typingFrame(u"bob"_s), "event: typing\ndata: {\"from\": \"bob\"}\n\n");
    // After a message with an id, an ephemeral event leaves the last event id as it was.
    SseParser parser;
    StoredMessage stored { { 1, u"r"_s, u"a"_s, u"x"_s, QDateTime::currentDateTimeUtc() }, 3 };
    const auto events
        = parser.feed(roomevents::messageFrame(stored) + roomevents::typingFrame(u"bob"_s)
                      + roomevents::presenceFrame(u"bob"_s, true));
    QCOMPARE(events.size(), 3);
    QCOMPARE(parser.lastEventId(), "room-r:3");
    QCOMPARE(events.at(1).id, "room-r:3"); // the stream's last id, unchanged by the typing event
}

void TestRoomEvents::removals()
{
    StoredMessage removal;
    removal.message.room = u"r"_s;
    removal.eventNumber = 8;
    removal.removes = 5;
    QCOMPARE(roomevents::removalFrame(removal),
             "event: message-deleted\nid: room-r:8\ndata: {\"id\": 5}\n\n");
    QCOMPARE(roomevents::frameFor(removal), roomevents::removalFrame(removal));

    StoredMessage message { { 5, u"r"_s, u"a"_s, u"x"_s, QDateTime::currentDateTimeUtc() }, 4 };
    QCOMPARE(roomevents::frameFor(message), roomevents::messageFrame(message));
    message.removed = true; // a tombstone is never sent
    QCOMPARE(roomevents::frameFor(message), QByteArray());
}

QTEST_APPLESS_MAIN(TestRoomEvents)
#include "tst_roomevents.moc"
