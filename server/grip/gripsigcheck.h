#pragma once

#include "shared/grip/gripconfig.h"

#include <QByteArrayView>
#include <optional>

namespace chat::server {

// Recognises a request that came through the GRIP proxy: its Grip-Sig header is a JWT that
// validates against the key and issuer GRIP_URL configures. Without GRIP_URL, or without a key,
// nothing is from the proxy.
class GripSigCheck
{
public:
    explicit GripSigCheck(std::optional<grip::GripConfig> grip);

    // True when `gripSig` (the header value, empty when absent) validates at `nowSecs`; an
    // invalid one is logged.
    bool passes(QByteArrayView gripSig, qint64 nowSecs) const;
    bool isConfigured() const { return m_grip && m_grip->verifier; }

private:
    std::optional<grip::GripConfig> m_grip;
};

} // namespace chat::server
