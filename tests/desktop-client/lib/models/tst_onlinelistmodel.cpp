// OnlineListModel: the server's list, kept in nickname order by presence events, and a refresh
// that does not lose the events that cross it.
#include "desktop-client/lib/models/onlinelistmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace chat::desktop;
using namespace Qt::StringLiterals;

namespace {
const QDateTime kSince(QDate(2025, 1, 2), QTime(3, 4, 5), Qt::UTC);
}

class TestOnlineListModel : public QObject
{
    Q_OBJECT
private slots:
    void sortedByNicknameWithRoles();
    void eventsAddAndRemove();
    void eventsDuringARefreshWinOverIt();
    void aRefreshWithTheSamePeopleIsNoReset();
};

void TestOnlineListModel::sortedByNicknameWithRoles()
{
    OnlineListModel model;
    QAbstractItemModelTester tester(&model);
    model.setOwnNickname(u"bob"_s);
    model.reset({ { u"carol"_s, kSince },
                  { u"Zed"_s, kSince },
                  { u"bob"_s, kSince },
                  { u"carol"_s, kSince },
                  { QString(), kSince } });
    // Code unit order, as the server's: upper case before lower case.
    QCOMPARE(model.nicknames(), (QStringList { u"Zed"_s, u"bob"_s, u"carol"_s }));
    QVERIFY(model.index(1).data(OnlineListModel::OwnRole).toBool());
    QVERIFY(!model.index(0).data(OnlineListModel::OwnRole).toBool());
    QCOMPARE(model.index(2).data(Qt::DisplayRole).toString(), u"carol"_s);
    QCOMPARE(model.index(2).data(OnlineListModel::SinceRole).toDateTime(), kSince.toLocalTime());
    QVERIFY(model.index(2).data(Qt::ToolTipRole).toString().startsWith(u"carol, online since"_s));
}

void TestOnlineListModel::eventsAddAndRemove()
{
    OnlineListModel model;
    QAbstractItemModelTester tester(&model);
    model.setOnline(u"dave"_s);
    model.setOnline(u"alice"_s, kSince);
    model.setOnline(u"alice"_s); // again: keeps the first time
    QCOMPARE(model.nicknames(), (QStringList { u"alice"_s, u"dave"_s }));
    QCOMPARE(model.index(0).data(OnlineListModel::SinceRole).toDateTime(), kSince.toLocalTime());
    model.setOffline(u"alice"_s);
    model.setOffline(u"nobody"_s);
    QCOMPARE(model.nicknames(), QStringList { u"dave"_s });
    QVERIFY(model.contains(u"dave"_s));
}

void TestOnlineListModel::eventsDuringARefreshWinOverIt()
{
    OnlineListModel model;
    QAbstractItemModelTester tester(&model);
    model.reset({ { u"alice"_s, kSince }, { u"bob"_s, kSince } });
    model.beginRefresh();
    QVERIFY(model.isRefreshing());
    // While the list is on its way: carol comes, bob goes, erin comes and goes.
    model.setOnline(u"carol"_s);
    model.setOffline(u"bob"_s);
    model.setOnline(u"erin"_s);
    model.setOffline(u"erin"_s);
    QCOMPARE(model.nicknames(), (QStringList { u"alice"_s, u"carol"_s })); // live meanwhile
    // The list was taken before all of that.
    model.finishRefresh({ { u"alice"_s, kSince }, { u"bob"_s, kSince }, { u"dave"_s, kSince } });
    QVERIFY(!model.isRefreshing());
    QCOMPARE(model.nicknames(), (QStringList { u"alice"_s, u"carol"_s, u"dave"_s }));

    // A refresh that fails changes nothing, and later events are not replayed by the next one.
    model.beginRefresh();
    model.setOffline(u"dave"_s);
    model.cancelRefresh();
    model.beginRefresh();
    model.finishRefresh({ { u"dave"_s, kSince } });
    QCOMPARE(model.nicknames(), QStringList { u"dave"_s });
}

void TestOnlineListModel::aRefreshWithTheSamePeopleIsNoReset()
{
    OnlineListModel model;
    model.reset({ { u"alice"_s, kSince } });
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
    model.reset({ { u"alice"_s, kSince.addSecs(1) } });
    QCOMPARE(resets.size(), 0);
    QCOMPARE(changes.size(), 1);
    model.reset({ { u"alice"_s, kSince }, { u"bob"_s, kSince } });
    QCOMPARE(resets.size(), 1);
}

QTEST_GUILESS_MAIN(TestOnlineListModel)
#include "tst_onlinelistmodel.moc"
