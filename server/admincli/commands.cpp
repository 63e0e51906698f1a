#include "server/admincli/commands.h"

#include "server/admincli/adminclient.h"
#include "server/admincli/duration.h"
#include "shared/model/compatjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace chat::admin {

namespace {

Outcome usage(const QString &problem)
{
    return { 2, {}, problem + u"\n(chat-admin --help lists the commands)"_s };
}

Outcome refused(const AdminClient::Reply &reply)
{
    return { 1, {}, u"the server answered %1: %2"_s.arg(reply.status).arg(reply.errorMessage()) };
}

QString describeBan(const QJsonObject &ban)
{
    const bool nickname = ban.contains(u"nickname"_s);
    QString line = u"%1\t%2 %3\tuntil %4"_s.arg(ban.value(u"id"_s).toInteger())
                       .arg(nickname ? u"nickname"_s : u"address"_s,
                            ban.value(nickname ? u"nickname"_s : u"address"_s).toString(),
                            ban.value(u"until"_s).toString());
    const QString reason = ban.value(u"reason"_s).toString();
    if (!reason.isEmpty())
        line += u"\t"_s + reason;
    return line;
}

QByteArray encoded(const QString &segment)
{
    return QUrl::toPercentEncoding(segment);
}

Outcome removeMessage(AdminClient &client, const Invocation &invocation)
{
    if (invocation.arguments.size() != 3)
        return usage(u"remove takes a room and a message id: chat-admin remove <room> <id>"_s);
    const QString &room = invocation.arguments.at(1);
    const QString &id = invocation.arguments.at(2);
    const auto reply
        = client.send("DELETE", "/rooms/" + encoded(room) + "/messages/" + encoded(id));
    if (!reply)
        return { 1, {}, reply.error().message };
    if (reply->status != 200)
        return refused(*reply);
    if (invocation.json)
        return { 0, QString::fromUtf8(reply->body).trimmed(), {} };
    return { 0, u"removed message %1 of room %2"_s.arg(id, room), {} };
}

Outcome ban(AdminClient &client, const Invocation &invocation)
{
    if (invocation.arguments.size() != 1)
        return usage(u"ban takes options only: --nickname or --address, --for, --reason"_s);
    if (bool(invocation.nickname) == bool(invocation.address))
        return usage(u"ban needs either --nickname or --address"_s);
    if (!invocation.duration)
        return usage(u"ban needs --for, such as --for 30m, 12h, 7d"_s);
    const auto seconds = parseDuration(*invocation.duration);
    if (!seconds)
        return usage(u"--for '%1': expected a duration such as 90s, 30m, 12h, 7d or 2w"_s.arg(
            *invocation.duration));
    const bool nickname = bool(invocation.nickname);
    const QByteArray body = "{\"" + QByteArray(nickname ? "nickname" : "address")
        + "\": " + compatjson::quote(nickname ? *invocation.nickname : *invocation.address)
        + ", \"seconds\": \"" + QByteArray::number(*seconds) + '"' // fields are strings
        + ", \"reason\": " + compatjson::quote(invocation.reason) + "}";
    const auto reply = client.send("POST", "/admin/bans/", body);
    if (!reply)
        return { 1, {}, reply.error().message };
    if (reply->status != 201)
        return refused(*reply);
    if (invocation.json)
        return { 0, QString::fromUtf8(reply->body).trimmed(), {} };
    return { 0, u"banned: "_s + describeBan(QJsonDocument::fromJson(reply->body).object()), {} };
}

Outcome listBans(AdminClient &client, const Invocation &invocation)
{
    if (invocation.arguments.size() != 1)
        return usage(u"bans takes no operands"_s);
    const auto reply = client.send("GET", "/admin/bans/");
    if (!reply)
        return { 1, {}, reply.error().message };
    if (reply->status != 200)
        return refused(*reply);
    if (invocation.json)
        return { 0, QString::fromUtf8(reply->body).trimmed(), {} };
    const QJsonArray bans
        = QJsonDocument::fromJson(reply->body).object().value(u"bans"_s).toArray();
    if (bans.isEmpty())
        return { 0, u"no bans in force"_s, {} };
    QStringList lines;
    for (const QJsonValue &ban : bans)
        lines.append(describeBan(ban.toObject()));
    return { 0, lines.join(u'\n'), {} };
}

Outcome unban(AdminClient &client, const Invocation &invocation)
{
    if (invocation.arguments.size() != 2)
        return usage(u"unban takes a ban id: chat-admin unban <id> (chat-admin bans lists them)"_s);
    const QString &id = invocation.arguments.at(1);
    const auto reply = client.send("DELETE", "/admin/bans/" + encoded(id));
    if (!reply)
        return { 1, {}, reply.error().message };
    if (reply->status != 204)
        return refused(*reply);
    return { 0, u"lifted ban %1"_s.arg(id), {} };
}

} // namespace

QString commandsHelp()
{
    return u"Commands:\n"
           "  remove <room> <id>   remove a message (everyone's clients drop it)\n"
           "  ban --nickname <name> | --address <ip> --for <duration> [--reason <text>]\n"
           "                       ban posting for 90s, 30m, 12h, 7d, 2w...\n"
           "  bans                 list the bans in force\n"
           "  unban <id>           lift a ban"_s;
}

Outcome run(AdminClient &client, const Invocation &invocation)
{
    if (invocation.arguments.isEmpty())
        return usage(u"name a command: remove, ban, bans or unban"_s);
    const QString &command = invocation.arguments.first();
    if (command == u"remove")
        return removeMessage(client, invocation);
    if (command == u"ban")
        return ban(client, invocation);
    if (command == u"bans")
        return listBans(client, invocation);
    if (command == u"unban")
        return unban(client, invocation);
    return usage(u"unknown command '%1'"_s.arg(command));
}

} // namespace chat::admin
