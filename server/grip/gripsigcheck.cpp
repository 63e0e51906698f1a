#include "server/grip/gripsigcheck.h"

#include "shared/grip/jwt.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcGripSig, "chat.grip.sig")

namespace chat::server {

GripSigCheck::GripSigCheck(std::optional<grip::GripConfig> grip)
    : m_grip(std::move(grip))
{ }

bool GripSigCheck::passes(QByteArrayView gripSig, qint64 nowSecs) const
{
    if (!isConfigured() || gripSig.isEmpty())
        return false;
    const auto verified = jwt::verify(gripSig, *m_grip->verifier, nowSecs, m_grip->verifyIssuer);
    if (!verified)
        qCInfo(lcGripSig).noquote()
            << "Grip-Sig rejected (" << verified.error().message << "): serving a direct stream";
    return verified.ok();
}

} // namespace chat::server
