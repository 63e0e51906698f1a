#include "shared/grip/secretcompare.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

namespace chat {

bool secretsEqual(QByteArrayView presented, QByteArrayView expected)
{
    unsigned char a[SHA256_DIGEST_LENGTH];
    unsigned char b[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char *>(presented.data()), size_t(presented.size()), a);
    SHA256(reinterpret_cast<const unsigned char *>(expected.data()), size_t(expected.size()), b);
    return CRYPTO_memcmp(a, b, SHA256_DIGEST_LENGTH) == 0 && !expected.isEmpty();
}

} // namespace chat
