#include "shared/model/message.h"

#include "shared/model/compatjson.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <charconv>
#include <cstring>

using namespace Qt::StringLiterals;

namespace chat {

namespace {

// Writes the date into `text` (at least 24 bytes) and returns its length, or 0 when the year is
// outside 1..9999. Digits by hand: QDateTime::toString with a format string cost about 17,000
// instructions a message (callgrind), more than the rest of the JSON; the calendar arithmetic
// (proleptic Gregorian, days from the epoch to year, month, day) replaces QDateTime's as well.
qsizetype writeDate(char *text, qint64 ms)
{
    constexpr qint64 msPerDay = 86'400'000;
    const qint64 days = ms >= 0 ? ms / msPerDay : -((-ms + msPerDay - 1) / msPerDay);
    const qint64 msOfDay = ms - days * msPerDay;
    const qint64 z = days + 719'468; // days since 0000-03-01
    const qint64 era = (z >= 0 ? z : z - 146'096) / 146'097;
    const qint64 dayOfEra = z - era * 146'097;
    const qint64 yearOfEra
        = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36'524 - dayOfEra / 146'096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 shiftedMonth = (5 * dayOfYear + 2) / 153; // from March
    const int day = int(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
    const int month = int(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
    const qint64 year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 1 || year > 9999) // QDate has no year 0: leave the rest to QDateTime
        return 0;
    char *out = text;
    auto digits = [&out](qint64 value, int width) {
        for (int i = width - 1; i >= 0; --i, value /= 10)
            out[i] = char('0' + value % 10);
        out += width;
    };
    digits(year, 4);
    *out++ = '-';
    digits(month, 2);
    *out++ = '-';
    digits(day, 2);
    *out++ = 'T';
    digits(msOfDay / 3'600'000, 2);
    *out++ = ':';
    digits(msOfDay / 60'000 % 60, 2);
    *out++ = ':';
    digits(msOfDay / 1000 % 60, 2);
    if (const qint64 fraction = msOfDay % 1000; fraction != 0) {
        *out++ = '.';
        digits(fraction, 3);
    }
    *out++ = 'Z';
    return out - text;
}

} // namespace

QByteArray Message::formatDate(const QDateTime &date)
{
    return formatDate(date.toMSecsSinceEpoch());
}

QByteArray Message::formatDate(qint64 msSinceEpoch)
{
    char text[32];
    if (const qsizetype size = writeDate(text, msSinceEpoch))
        return QByteArray(text, size);
    // Out of the common range.
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch, Qt::UTC)
        .toString(Qt::ISODateWithMs)
        .toLatin1();
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
    QByteArray out;
    out.reserve(64 + 6 * (from.size() + text.size()));
    appendJson(out, id, QStringView(from), date.toMSecsSinceEpoch(), QStringView(text));
    return out;
}

void Message::appendJson(QByteArray &out, qint64 id, compatjson::Text from, qint64 dateMs,
                         compatjson::Text text)
{
    // Written in one pass into room for the worst case, then trimmed: appending it piece by
    // piece, "{\"id\": " + QByteArray::number(id) + ..., inserted each piece into a new array
    // (callgrind: a third of a history read).
    static constexpr char idKey[] = "{\"id\": ", fromKey[] = ", \"from\": ",
                          dateKey[] = ", \"date\": \"", textKey[] = "\", \"text\": ";
    const auto literal = [](char *o, const auto &piece) {
        std::memcpy(o, piece, sizeof piece - 1);
        return o + sizeof piece - 1;
    };
    char dateText[32];
    qsizetype dateSize = writeDate(dateText, dateMs);
    const QByteArray otherDate = dateSize ? QByteArray() : formatDate(dateMs);
    if (!dateSize)
        dateSize = otherDate.size();
    const qsizetype start = out.size();
    out.resize(start + 64 + dateSize + compatjson::maxQuotedSize(from)
               + compatjson::maxQuotedSize(text));
    char *o = literal(out.data() + start, idKey);
    o = std::to_chars(o, o + 20, id).ptr;
    o = compatjson::writeQuoted(literal(o, fromKey), from);
    o = literal(o, dateKey);
    std::memcpy(o, otherDate.isNull() ? dateText : otherDate.constData(), size_t(dateSize));
    o = compatjson::writeQuoted(literal(o + dateSize, textKey), text);
    *o++ = '}';
    out.truncate(o - out.constData());
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
