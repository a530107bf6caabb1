#ifndef CADCTL_CCRYPTO_H
#define CADCTL_CCRYPTO_H

/*
 * SHA-256 and HMAC-SHA256 from the system's OpenSSL libcrypto (Debian's libssl-dev), behind opaque
 * handles so that Swift never imports OpenSSL's own headers. Every function returns 1 on success and
 * 0 on failure (out of memory, or libcrypto refused the algorithm).
 */
#include <stddef.h>
#include <stdint.h>

/// The length of a SHA-256 digest and of an HMAC-SHA256 code, in bytes.
#define CADCRYPTO_SHA256_LENGTH 32

/// A streaming SHA-256 computation.
typedef struct cadcrypto_sha256 cadcrypto_sha256;
/// A streaming HMAC-SHA256 computation.
typedef struct cadcrypto_hmac cadcrypto_hmac;

cadcrypto_sha256 *cadcrypto_sha256_new(void);
int cadcrypto_sha256_update(cadcrypto_sha256 *context, const void *bytes, size_t count);
/// Writes 32 bytes to `digest`; the context cannot be updated afterwards.
int cadcrypto_sha256_final(cadcrypto_sha256 *context, uint8_t *digest);
/// A second context in the same state (for a value type's copy-on-write).
cadcrypto_sha256 *cadcrypto_sha256_copy(const cadcrypto_sha256 *context);
void cadcrypto_sha256_free(cadcrypto_sha256 *context);

cadcrypto_hmac *cadcrypto_hmac_new(const void *key, size_t keyCount);
int cadcrypto_hmac_update(cadcrypto_hmac *context, const void *bytes, size_t count);
/// Writes 32 bytes to `code`; the context cannot be updated afterwards.
int cadcrypto_hmac_final(cadcrypto_hmac *context, uint8_t *code);
cadcrypto_hmac *cadcrypto_hmac_copy(const cadcrypto_hmac *context);
void cadcrypto_hmac_free(cadcrypto_hmac *context);

/// 1 when the `count` bytes at `a` and `b` are equal, compared in time that does not depend on where
/// they differ (OpenSSL's CRYPTO_memcmp).
int cadcrypto_equal_constant_time(const void *a, const void *b, size_t count);

#endif
