#include "CCrypto.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

struct cadcrypto_sha256 {
    EVP_MD_CTX *md;
};

struct cadcrypto_hmac {
    EVP_MAC_CTX *mac;
};

cadcrypto_sha256 *cadcrypto_sha256_new(void) {
    cadcrypto_sha256 *context = OPENSSL_zalloc(sizeof *context);
    if (context == NULL) return NULL;
    context->md = EVP_MD_CTX_new();
    if (context->md == NULL || EVP_DigestInit_ex(context->md, EVP_sha256(), NULL) != 1) {
        cadcrypto_sha256_free(context);
        return NULL;
    }
    return context;
}

int cadcrypto_sha256_update(cadcrypto_sha256 *context, const void *bytes, size_t count) {
    if (count == 0) return 1;
    return EVP_DigestUpdate(context->md, bytes, count) == 1;
}

int cadcrypto_sha256_final(cadcrypto_sha256 *context, uint8_t *digest) {
    unsigned int length = 0;
    return EVP_DigestFinal_ex(context->md, digest, &length) == 1 && length == CADCRYPTO_SHA256_LENGTH;
}

cadcrypto_sha256 *cadcrypto_sha256_copy(const cadcrypto_sha256 *context) {
    cadcrypto_sha256 *copy = OPENSSL_zalloc(sizeof *copy);
    if (copy == NULL) return NULL;
    copy->md = EVP_MD_CTX_new();
    if (copy->md == NULL || EVP_MD_CTX_copy_ex(copy->md, context->md) != 1) {
        cadcrypto_sha256_free(copy);
        return NULL;
    }
    return copy;
}

void cadcrypto_sha256_free(cadcrypto_sha256 *context) {
    if (context == NULL) return;
    EVP_MD_CTX_free(context->md);
    OPENSSL_free(context);
}

cadcrypto_hmac *cadcrypto_hmac_new(const void *key, size_t keyCount) {
    cadcrypto_hmac *context = OPENSSL_zalloc(sizeof *context);
    if (context == NULL) return NULL;
    EVP_MAC *mac = EVP_MAC_fetch(NULL, OSSL_MAC_NAME_HMAC, NULL);
    if (mac == NULL) {
        OPENSSL_free(context);
        return NULL;
    }
    context->mac = EVP_MAC_CTX_new(mac);
    EVP_MAC_free(mac); /* the context keeps its own reference */
    char digest[] = "SHA256";
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
        OSSL_PARAM_construct_end(),
    };
    /* An empty key is a valid HMAC key; libcrypto wants a non-NULL pointer for it. */
    static const unsigned char empty = 0;
    const unsigned char *keyBytes = keyCount == 0 ? &empty : key;
    if (context->mac == NULL || EVP_MAC_init(context->mac, keyBytes, keyCount, params) != 1) {
        cadcrypto_hmac_free(context);
        return NULL;
    }
    return context;
}

int cadcrypto_hmac_update(cadcrypto_hmac *context, const void *bytes, size_t count) {
    if (count == 0) return 1;
    return EVP_MAC_update(context->mac, bytes, count) == 1;
}

int cadcrypto_hmac_final(cadcrypto_hmac *context, uint8_t *code) {
    size_t length = 0;
    return EVP_MAC_final(context->mac, code, &length, CADCRYPTO_SHA256_LENGTH) == 1
        && length == CADCRYPTO_SHA256_LENGTH;
}

cadcrypto_hmac *cadcrypto_hmac_copy(const cadcrypto_hmac *context) {
    cadcrypto_hmac *copy = OPENSSL_zalloc(sizeof *copy);
    if (copy == NULL) return NULL;
    copy->mac = EVP_MAC_CTX_dup(context->mac);
    if (copy->mac == NULL) {
        OPENSSL_free(copy);
        return NULL;
    }
    return copy;
}

void cadcrypto_hmac_free(cadcrypto_hmac *context) {
    if (context == NULL) return;
    EVP_MAC_CTX_free(context->mac);
    OPENSSL_free(context);
}

int cadcrypto_equal_constant_time(const void *a, const void *b, size_t count) {
    return CRYPTO_memcmp(a, b, count) == 0;
}
