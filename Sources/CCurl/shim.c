#include "CCurl.h"
#include <openssl/ssl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

CURLcode cadcurl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode cadcurl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode cadcurl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode cadcurl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode cadcurl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

CURLcode cadcurl_easy_setopt_data_callback(CURL *handle, CURLoption option, cadcurl_data_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

CURLcode cadcurl_easy_setopt_seek_callback(CURL *handle, cadcurl_seek_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_SEEKFUNCTION, callback);
}

CURLcode cadcurl_easy_setopt_xferinfo_callback(CURL *handle, cadcurl_xferinfo_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
}

CURLcode cadcurl_easy_setopt_prereq_callback(CURL *handle, cadcurl_prereq_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_PREREQFUNCTION, callback);
}

int cadcurl_easy_alpn(CURL *handle) {
    struct curl_tlssessioninfo *info = NULL;
    if (curl_easy_getinfo(handle, CURLINFO_TLS_SSL_PTR, &info) != CURLE_OK || !info) return 0;
    if (info->backend != CURLSSLBACKEND_OPENSSL || !info->internals) return 0;
    const unsigned char *protocol = NULL;
    unsigned int length = 0;
    SSL_get0_alpn_selected((SSL *)info->internals, &protocol, &length);
    return (length == 2 && memcmp(protocol, "h2", 2) == 0) ? 2 : 1;
}

CURLcode cadcurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

CURLcode cadcurl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

CURLcode cadcurl_easy_getinfo_string(CURL *handle, CURLINFO info, const char **value) {
    return curl_easy_getinfo(handle, info, value);
}

CURLcode cadcurl_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value) {
    return curl_easy_getinfo(handle, info, value);
}

CURLMcode cadcurl_multi_setopt_long(CURLM *multi, CURLMoption option, long value) {
    return curl_multi_setopt(multi, option, value);
}

const char *cadcurl_version_number(void) {
    return curl_version_info(CURLVERSION_NOW)->version;
}

const char *cadcurl_ssl_version(void) {
    const char *ssl = curl_version_info(CURLVERSION_NOW)->ssl_version;
    return ssl ? ssl : "none";
}

/* One mutex per curl_lock_data value; libcurl passes the kind of data it is about to touch. */
struct cadcurl_share_locks {
    pthread_mutex_t mutexes[CURL_LOCK_DATA_LAST];
};

static void cadcurl_share_lock(CURL *handle, curl_lock_data data, curl_lock_access access, void *userptr) {
    (void)handle;
    (void)access;
    struct cadcurl_share_locks *locks = userptr;
    if (data >= 0 && data < CURL_LOCK_DATA_LAST) pthread_mutex_lock(&locks->mutexes[data]);
}

static void cadcurl_share_unlock(CURL *handle, curl_lock_data data, void *userptr) {
    (void)handle;
    struct cadcurl_share_locks *locks = userptr;
    if (data >= 0 && data < CURL_LOCK_DATA_LAST) pthread_mutex_unlock(&locks->mutexes[data]);
}

CURLSH *cadcurl_share_new(void) {
    struct cadcurl_share_locks *locks = malloc(sizeof *locks);
    if (!locks) return NULL;
    for (int index = 0; index < CURL_LOCK_DATA_LAST; index++) pthread_mutex_init(&locks->mutexes[index], NULL);
    CURLSH *share = curl_share_init();
    if (!share) {
        free(locks);
        return NULL;
    }
    /* The share lives as long as the process: the lock table is never freed. */
    curl_share_setopt(share, CURLSHOPT_LOCKFUNC, cadcurl_share_lock);
    curl_share_setopt(share, CURLSHOPT_UNLOCKFUNC, cadcurl_share_unlock);
    curl_share_setopt(share, CURLSHOPT_USERDATA, locks);
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    return share;
}

CURLcode cadcurl_easy_setopt_share(CURL *handle, CURLSH *share) {
    return curl_easy_setopt(handle, CURLOPT_SHARE, share);
}
