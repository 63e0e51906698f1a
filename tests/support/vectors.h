#pragma once

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

// The test vectors in tests/vectors/, which the C++ tests and the page's JavaScript tests both
// check, so that a rule written in both languages cannot drift on one side.
namespace chat::test::vectors {

inline QJsonObject load(const QString &name)
{
    QFile file(QStringLiteral(CHAT_VECTORS_DIR "/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read the test vectors %s", qPrintable(file.fileName()));
    return QJsonDocument::fromJson(file.readAll()).object();
}

// A value as tests/vectors/validation.json writes one: a string, {"repeat": s, "times": n},
// {"utf16": [code units]}, or an array of those joined.
inline QString text(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    if (value.isArray()) {
        QString joined;
        for (const QJsonValue &part : value.toArray())
            joined += text(part);
        return joined;
    }
    const QJsonObject object = value.toObject();
    if (object.contains(QStringLiteral("utf16"))) {
        QString units;
        for (const QJsonValue &unit : object.value(QStringLiteral("utf16")).toArray())
            units += QChar(char16_t(unit.toInt()));
        return units;
    }
    return object.value(QStringLiteral("repeat"))
        .toString()
        .repeated(object.value(QStringLiteral("times")).toInt());
}

} // namespace chat::test::vectors
