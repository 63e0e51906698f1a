// MessageListModel: id order whatever the arrival order, each id once, our sends' life cycle.
#include "desktop-client/lib/models/messagelistmodel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace chat;
using namespace chat::desktop;

namespace {
Message message(qint64 id, const QString &from = QStringLiteral("bob"),
                const QString &text = QStringLiteral("hi"))
{
    Message m;
    m.id = id;
    m.from = from;
    m.text = text;
    m.date = QDateTime(QDate(2025, 1, 2), QTime(3, 4, 5), Qt::UTC);
    return m;
}
} // namespace

class TestMessageListModel : public QObject
{
    Q_OBJECT
private slots:
    void keepsIdOrderAndDropsDuplicates();
    void historyPagesGoAbove();
    void pendingThenSent();
    void sentAfterTheStreamBroughtIt();
    void failedThenRetried();
    void rolesCarryPlainTextAndLocalTime();
    void removedMessagesGoAndStayGone();
};

void TestMessageListModel::keepsIdOrderAndDropsDuplicates()
{
    MessageListModel model;
    QAbstractItemModelTester tester(&model);
    QCOMPARE(model.addMessages({ message(5), message(3), message(4) }), 3);
    QVERIFY(!model.addMessage(message(4))); // history and stream overlap
    QCOMPARE(model.addMessages({ message(4), message(5), message(6) }), 1);
    QCOMPARE(model.ids(), (QList<qint64> { 3, 4, 5, 6 }));
    QCOMPARE(model.oldestId(), 3);
    QCOMPARE(model.newestId(), 6);
    QVERIFY(!model.addMessage(message(0))); // not a stored message
}

void TestMessageListModel::historyPagesGoAbove()
{
    MessageListModel model;
    model.addMessages({ message(60), message(59) });
    model.addMessages({ message(10), message(9) }); // an older page, newest first
    QCOMPARE(model.ids(), (QList<qint64> { 9, 10, 59, 60 }));
}

void TestMessageListModel::pendingThenSent()
{
    MessageListModel model;
    QAbstractItemModelTester tester(&model);
    model.setOwnNickname(QStringLiteral("alice"));
    model.addMessage(message(1));
    const int local = model.addPending(QStringLiteral("alice"), QStringLiteral("mine"));
    model.addMessage(message(2)); // someone else's, while ours is in flight: it goes above
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(1).data(MessageListModel::IdRole).toLongLong(), 2);
    QCOMPARE(
        model.index(2).data(MessageListModel::DeliveryRole).value<MessageListModel::Delivery>(),
        MessageListModel::Delivery::Pending);
    QVERIFY(model.index(2).data(MessageListModel::OwnRole).toBool());
    model.markSent(local, message(3, QStringLiteral("alice"), QStringLiteral("mine")));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.ids(), (QList<qint64> { 1, 2, 3 }));
    QCOMPARE(
        model.index(2).data(MessageListModel::DeliveryRole).value<MessageListModel::Delivery>(),
        MessageListModel::Delivery::Stored);
}

void TestMessageListModel::sentAfterTheStreamBroughtIt()
{
    MessageListModel model;
    QAbstractItemModelTester tester(&model);
    const int local = model.addPending(QStringLiteral("alice"), QStringLiteral("mine"));
    model.addMessage(message(7, QStringLiteral("alice"), QStringLiteral("mine")));
    QCOMPARE(model.rowCount(), 2);
    model.markSent(local, message(7, QStringLiteral("alice"), QStringLiteral("mine")));
    QCOMPARE(model.rowCount(), 1); // exactly once
    QCOMPARE(model.ids(), QList<qint64> { 7 });
}

void TestMessageListModel::failedThenRetried()
{
    MessageListModel model;
    QAbstractItemModelTester tester(&model);
    const int local = model.addPending(QStringLiteral("alice"), QStringLiteral("mine"));
    model.markFailed(local, QStringLiteral("text is too long"));
    const QModelIndex row = model.index(0);
    QCOMPARE(row.data(MessageListModel::DeliveryRole).value<MessageListModel::Delivery>(),
             MessageListModel::Delivery::Failed);
    QCOMPARE(row.data(MessageListModel::ErrorRole).toString(), QStringLiteral("text is too long"));
    QCOMPARE(row.data(MessageListModel::LocalIdRole).toInt(), local);
    model.markPending(local);
    QCOMPARE(row.data(MessageListModel::DeliveryRole).value<MessageListModel::Delivery>(),
             MessageListModel::Delivery::Pending);
    QVERIFY(row.data(MessageListModel::ErrorRole).toString().isEmpty());
}

void TestMessageListModel::rolesCarryPlainTextAndLocalTime()
{
    MessageListModel model;
    const QString html = QStringLiteral("<b>bold</b> &amp; <img src=x>");
    model.addMessage(message(1, QStringLiteral("<i>eve</i>"), html));
    const QModelIndex row = model.index(0);
    QCOMPARE(row.data(MessageListModel::TextRole).toString(), html);
    QCOMPARE(row.data(Qt::DisplayRole).toString(), html);
    QCOMPARE(row.data(MessageListModel::FromRole).toString(), QStringLiteral("<i>eve</i>"));
    const QDateTime date = row.data(MessageListModel::DateRole).toDateTime();
    QCOMPARE(date.timeSpec(), Qt::LocalTime);
    QCOMPARE(date.toUTC(), message(1).date);
}

void TestMessageListModel::removedMessagesGoAndStayGone()
{
    MessageListModel model;
    QAbstractItemModelTester tester(&model);
    model.setOwnNickname(QStringLiteral("alice"));
    model.addMessages({ message(3), message(4), message(5) });
    const int pending = model.addPending(QStringLiteral("alice"), QStringLiteral("mine"));
    QVERIFY(model.removeMessage(4));
    QCOMPARE(model.ids(), (QList<qint64> { 3, 5 }));
    QCOMPARE(model.rowCount(), 3); // the pending row stays
    QVERIFY(!model.removeMessage(4));
    QVERIFY(!model.addMessage(message(4))); // a history page that still had it
    QVERIFY(!model.removeMessage(99)); // not shown, but kept out if it comes
    QVERIFY(!model.addMessage(message(99)));
    // Our own message, removed before its answer came: the answer does not bring it back.
    model.removeMessage(6);
    model.markSent(pending, message(6, QStringLiteral("alice"), QStringLiteral("mine")));
    QCOMPARE(model.ids(), (QList<qint64> { 3, 5 }));
    QCOMPARE(model.rowCount(), 2);
}

QTEST_GUILESS_MAIN(TestMessageListModel)
#include "tst_messagelistmodel.moc"
