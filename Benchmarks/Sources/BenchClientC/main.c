// The floor: libcurl's easy API with one reused handle, no language runtime in between.
// Same command line and JSON line as the Swift clients (see BenchSupport):
//   bench-client-c --workload sequential|download|upload --url URL [--count N] [--file PATH]
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static double now(void) {
    struct timespec spec;
    clock_gettime(CLOCK_MONOTONIC, &spec);
    return (double)spec.tv_sec + (double)spec.tv_nsec / 1e9;
}

// Collects a small response body in memory, as an API client does.
struct memory { char *data; size_t size; };

static size_t collect(char *bytes, size_t size, size_t count, void *user) {
    struct memory *memory = user;
    size_t length = size * count;
    char *grown = realloc(memory->data, memory->size + length + 1);
    if (!grown) return 0;
    memcpy(grown + memory->size, bytes, length);
    memory->data = grown;
    memory->size += length;
    return length;
}

static int succeeded(CURL *easy, CURLcode code) {
    long status = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    return code == CURLE_OK && status >= 200 && status < 300;
}

static const char *argument(int argc, char **argv, const char *name, const char *fallback) {
    for (int index = 1; index + 1 < argc; index += 2)
        if (strcmp(argv[index], name) == 0) return argv[index + 1];
    return fallback;
}

int main(int argc, char **argv) {
    const char *workload = argument(argc, argv, "--workload", NULL);
    const char *url = argument(argc, argv, "--url", NULL);
    const char *file = argument(argc, argv, "--file", "");
    long count = atol(argument(argc, argv, "--count", "1"));
    if (!workload || !url) {
        fprintf(stderr, "usage: %s --workload sequential|download|upload --url URL [--count N] [--file PATH]\n", argv[0]);
        return 2;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURL *easy = curl_easy_init();
    curl_easy_setopt(easy, CURLOPT_URL, url);
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_TCP_NODELAY, 1L);
    const char *cacert = argument(argc, argv, "--cacert", "");
    if (cacert[0]) curl_easy_setopt(easy, CURLOPT_CAINFO, cacert);

    long ok = 0, failed = 0;
    long long bytes = 0;
    double seconds = 0;
    if (strcmp(workload, "sequential") == 0) {
        struct memory memory = {0};
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(easy, CURLOPT_WRITEDATA, &memory);
        curl_easy_perform(easy);  // opens the keep-alive connection
        double start = now();
        for (long index = 0; index < count; index++) {
            memory.size = 0;
            if (succeeded(easy, curl_easy_perform(easy))) ok++; else failed++;
        }
        seconds = now() - start;
        free(memory.data);
    } else if (strcmp(workload, "download") == 0) {
        double start = now();
        FILE *out = fopen(file, "wb");
        if (!out) { perror(file); return 1; }
        curl_easy_setopt(easy, CURLOPT_WRITEDATA, out);  // default write function: fwrite
        if (succeeded(easy, curl_easy_perform(easy))) ok++; else failed++;
        fclose(out);
        seconds = now() - start;
        curl_off_t received = 0;
        curl_easy_getinfo(easy, CURLINFO_SIZE_DOWNLOAD_T, &received);
        bytes = received;
    } else if (strcmp(workload, "upload") == 0) {
        struct memory memory = {0};
        double start = now();
        FILE *in = fopen(file, "rb");
        if (!in) { perror(file); return 1; }
        struct stat info;
        fstat(fileno(in), &info);
        curl_easy_setopt(easy, CURLOPT_UPLOAD, 1L);  // PUT
        curl_easy_setopt(easy, CURLOPT_READDATA, in);  // default read function: fread
        curl_easy_setopt(easy, CURLOPT_INFILESIZE_LARGE, (curl_off_t)info.st_size);
        curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(easy, CURLOPT_WRITEDATA, &memory);
        if (succeeded(easy, curl_easy_perform(easy))) ok++; else failed++;
        fclose(in);
        seconds = now() - start;
        curl_off_t sent = 0;
        curl_easy_getinfo(easy, CURLINFO_SIZE_UPLOAD_T, &sent);
        bytes = sent;
        free(memory.data);
    } else {
        fprintf(stderr, "%s: workload %s is not implemented by the C floor\n", argv[0], workload);
        return 2;
    }
    curl_easy_cleanup(easy);
    curl_global_cleanup();
    printf("{\"seconds\":%.9f,\"succeeded\":%ld,\"failed\":%ld,\"bytes\":%lld}\n", seconds, ok, failed, bytes);
    return 0;
}
