// chat-test-postgres start|stop <directory>: the private PostgreSQL cluster CTest's `postgres`
// fixture shares between the name_pg tests (each makes a database of its own in it, see
// TestDatabase). `start` makes a fresh cluster in the directory (fsync off: these suites never
// lose the machine) and leaves it running; `stop` stops it by its pid and removes the directory.
#include "tests/support/postgresprocess.h"

#include <QCoreApplication>
#include <QDir>
#include <QTextStream>

using namespace chat::test;
using namespace Qt::StringLiterals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    QTextStream err(stderr);
    if (arguments.size() != 3 || (arguments.at(1) != u"start" && arguments.at(1) != u"stop")) {
        err << "usage: chat-test-postgres start|stop <directory>\n";
        return 2;
    }
    const QString directory = QDir(arguments.at(2)).absolutePath();
    {
        // Whatever an earlier run left behind goes first.
        PostgresProcess leftover({ directory, false, false });
        if (!leftover.stop()) {
            err << "chat-test-postgres: cannot stop the cluster in " << directory << '\n';
            return 1;
        }
    }
    QDir(directory).removeRecursively();
    if (arguments.at(1) == u"stop")
        return 0;
    PostgresProcess cluster({ directory, false, true });
    if (!cluster.start()) {
        err << "chat-test-postgres: " << cluster.lastError() << '\n' << cluster.log() << '\n';
        return 1;
    }
    QTextStream(stdout) << "chat-test-postgres: " << cluster.url() << " (pid " << cluster.pid()
                        << ")\n";
    return 0;
}
