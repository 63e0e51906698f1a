#pragma once

#include <QByteArrayView>

namespace chat {

// Whether a secret someone presented equals the one we hold, in time that does not depend on
// where they differ or on how long either is (their SHA-256 digests compared with OpenSSL's
// CRYPTO_memcmp): for bearer tokens.
bool secretsEqual(QByteArrayView presented, QByteArrayView expected);

} // namespace chat
