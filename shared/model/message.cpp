#include "shared/model/message.h"

#include "shared/model/compatjson.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace chat {

QByteArray Message::formatDate(const QDateTime &date)
{
    // Digits written by hand: QDateTime::toString with a format string cost about 17,000
    // instructions a message (callgrind), more than the rest of the JSON.
    const QDateTime utc = date.toUTC();
    const QDate day = utc.date();
    const QTime time = utc.time();
    char text[32];
    char *out = text;
    auto digits = [&out](int value, int width) {
        for (int i = width - 1; i >= 0; --i, value /= 10)
            out[i] = char('0' + value % 10);
        out += width;
    };
    const int year = day.year();
    if (year < 0 || year > 9999)
        return utc.toString(Qt::ISODateWithMs).toLatin1(); // out of the common range
    digits(year, 4);
    *out++ = '-';
    digits(day.month(), 2);
    *out++ = '-';
    digits(day.day(), 2);
    *out++ = 'T';
    digits(time.hour(), 2);
    *out++ = ':';
    digits(time.minute(), 2);
    *out++ = ':';
    digits(time.second(), 2);
    if (const int ms = time.msec(); ms != 0) {
        *out++ = '.';
        digits(ms, 3);
    }
    *out++ = 'Z';
    return QByteArray(text, out - text);
}

QDateTime Message::parseDate(QStringView text)
{
    static const QRegularExpression pattern(
        uR"(^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?(Z|\+00:00)$)"_s);
    const auto match = pattern.match(text.toString());
    if (!match.hasMatch())
        return {};
    const QDate date(match.capturedView(1).toInt(), match.capturedView(2).toInt(),
                     match.capturedView(3).toInt());
    // The fraction is truncated to milliseconds, as Django's encoder does.
    const QString fraction = (match.captured(7) + u"000"_s).left(3);
    const QTime time(match.capturedView(4).toInt(), match.capturedView(5).toInt(),
                     match.capturedView(6).toInt(), fraction.toInt());
    if (!date.isValid() || !time.isValid())
        return {};
    return QDateTime(date, time, Qt::UTC);
}

QByteArray Message::toJson() const
{
    return "{\"id\": " + QByteArray::number(id) + ", \"from\": " + compatjson::quote(from)
        + ", \"date\": \"" + formatDate(date) + "\", \"text\": " + compatjson::quote(text) + '}';
}

Result<Message> Message::fromJson(const QByteArray &json)
{
    auto fail = [](const QString &why) {
        return Error { why };
    };
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(u"not JSON: %1"_s.arg(parseError.errorString()));
    if (!document.isObject())
        return fail(u"not a JSON object"_s);
    const QJsonObject object = document.object();
    const QJsonValue id = object.value(u"id"_s);
    if (!id.isDouble() || id.toDouble() != double(id.toInteger()))
        return fail(u"'id' must be an integer"_s);
    Message message;
    message.id = id.toInteger();
    for (const auto &[name, field] :
         { std::pair { u"from"_s, &message.from }, std::pair { u"text"_s, &message.text } }) {
        const QJsonValue value = object.value(name);
        if (!value.isString())
            return fail(u"'%1' must be a string"_s.arg(name));
        *field = value.toString();
    }
    message.date = parseDate(object.value(u"date"_s).toString());
    if (!message.date.isValid())
        return fail(u"'date' must be an ISO-8601 UTC time"_s);
    return message;
}

} // namespace chat
