#ifndef CADCTL_CCURL_H
#define CADCTL_CCURL_H

/*
 * The parts of libcurl that Swift cannot call directly: the variadic
 * curl_easy_setopt / curl_easy_getinfo / curl_multi_setopt, typed per argument
 * kind, and the callback function pointer types. Everything else (curl_slist,
 * curl_multi_poll, curl_multi_info_read, ...) is called from Swift as is.
 */
#include <curl/curl.h>
#include <stddef.h>

typedef size_t (*cadcurl_data_callback)(char *buffer, size_t size, size_t count, void *userdata);
typedef int (*cadcurl_seek_callback)(void *userdata, curl_off_t offset, int origin);
typedef int (*cadcurl_xferinfo_callback)(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
                                         curl_off_t ultotal, curl_off_t ulnow);

CURLcode cadcurl_easy_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode cadcurl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
CURLcode cadcurl_easy_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode cadcurl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode cadcurl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode cadcurl_easy_setopt_data_callback(CURL *handle, CURLoption option, cadcurl_data_callback callback);
CURLcode cadcurl_easy_setopt_seek_callback(CURL *handle, cadcurl_seek_callback callback);
CURLcode cadcurl_easy_setopt_xferinfo_callback(CURL *handle, cadcurl_xferinfo_callback callback);

/*
 * CURLOPT_PREREQFUNCTION (data: CURLOPT_PREREQDATA): called once the transfer has its connection (TLS
 * handshake done), just before the request is sent. `cadcurl_easy_alpn` then says what that connection's
 * TLS handshake negotiated: 2 for HTTP/2 ("h2"), 1 for anything else or no ALPN, 0 when unknown (no TLS,
 * or a TLS backend other than OpenSSL).
 */
typedef int (*cadcurl_prereq_callback)(void *userdata, char *primary_ip, char *local_ip, int primary_port,
                                       int local_port);
CURLcode cadcurl_easy_setopt_prereq_callback(CURL *handle, cadcurl_prereq_callback callback);
int cadcurl_easy_alpn(CURL *handle);

CURLcode cadcurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode cadcurl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value);
CURLcode cadcurl_easy_getinfo_string(CURL *handle, CURLINFO info, const char **value);
CURLcode cadcurl_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value);

CURLMcode cadcurl_multi_setopt_long(CURLM *multi, CURLMoption option, long value);

/*
 * A share handle (CURLSH) for DNS entries and TLS sessions, with one pthread mutex per kind of shared
 * data installed as its lock functions, so easy handles on any thread may use it. Returns NULL when
 * libcurl or the allocation fails. `cadcurl_easy_setopt_share` sets CURLOPT_SHARE on an easy handle.
 */
CURLSH *cadcurl_share_new(void);
CURLcode cadcurl_easy_setopt_share(CURL *handle, CURLSH *share);

/* The CURLMsg union member, which Swift imports awkwardly. */
static inline CURLcode cadcurl_msg_result(const CURLMsg *msg) { return msg->data.result; }

/* Bits of libcurl's version information: "8.x.y" and the TLS backend name. */
const char *cadcurl_version_number(void);
const char *cadcurl_ssl_version(void);

#endif
