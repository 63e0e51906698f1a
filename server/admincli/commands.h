#pragma once

#include <QString>
#include <QStringList>
#include <optional>

namespace chat::admin {

class AdminClient;

// chat-admin's commands, from the parsed command line to what it prints and its exit code:
// 0 done, 1 the server refused (or could not be reached), 2 a usage error.
struct Invocation
{
    QStringList arguments; // the command and its operands
    std::optional<QString> nickname;
    std::optional<QString> address;
    std::optional<QString> duration; // --for
    QString reason;
    bool json = false; // print the server's JSON as it came
};

struct Outcome
{
    int exitCode = 0;
    QString out;
    QString err;
};

// The usage text's list of commands.
QString commandsHelp();

Outcome run(AdminClient &client, const Invocation &invocation);

} // namespace chat::admin
