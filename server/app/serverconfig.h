#pragma once

#include "server/app/dotenv.h"
#include "server/app/serversettings.h"
#include "shared/model/result.h"

#include <QString>

class QCommandLineParser;
class QProcessEnvironment;

// chat-server's settings from its command line, the environment and a .env file, in that
// order of precedence, over the defaults of ServerSettings. Every setting is one row of one
// table (serverconfig.cpp): its option, its variable, its help, how its value is read.
namespace chat::server::serverconfig {

// Every setting's option (--port, ...), plus --env-file.
void addOptions(QCommandLineParser &parser);

// The settings, or why not (naming the bad value, its option and its variable).
Result<ServerSettings> resolve(const QCommandLineParser &parser,
                               const QProcessEnvironment &environment,
                               const dotenv::Values &dotEnv);

} // namespace chat::server::serverconfig
