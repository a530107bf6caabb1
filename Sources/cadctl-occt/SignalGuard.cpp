#include "SignalGuard.hpp"

#include <csignal>
#include <initializer_list>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace cadocct {

namespace {

// Read by the signal handler: plain globals written only by the main thread before the risky work.
const char* volatile crashReason = "cadctl-occt crashed";
volatile int crashExitCode = 1;
char fileToRemove[4096] = {0};

void writeAll(const char* text) {
    size_t length = std::strlen(text);
    while (length > 0) {
        ssize_t written = ::write(STDERR_FILENO, text, length);
        if (written <= 0) return;
        text += written;
        length -= static_cast<size_t>(written);
    }
}

const char* signalName(int signal) {
    switch (signal) {
    case SIGSEGV: return "SIGSEGV";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGILL: return "SIGILL";
    case SIGABRT: return "SIGABRT";
    default: return "a fatal signal";
    }
}

// Only async-signal-safe calls: write, unlink, _exit.
void onFatalSignal(int signal) {
    if (fileToRemove[0] != 0) ::unlink(fileToRemove);
    writeAll(crashReason);
    writeAll(" (");
    writeAll(signalName(signal));
    writeAll(")\n");
    ::_exit(crashExitCode);
}

}  // namespace

void installSignalGuard() {
    // An alternate stack, so that a stack overflow (deep recursion on a hostile file) reaches the handler.
    static char alternateStack[1 << 16];
    stack_t stack{};
    stack.ss_sp = alternateStack;
    stack.ss_size = sizeof(alternateStack);
    stack.ss_flags = 0;
    ::sigaltstack(&stack, nullptr);

    struct sigaction action {};
    action.sa_handler = onFatalSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_ONSTACK | SA_RESETHAND;
    for (int signal : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) ::sigaction(signal, &action, nullptr);
}

void setCrashMeaning(const char* reason, int exitCode) {
    crashReason = reason;
    crashExitCode = exitCode;
}

void setFileToRemoveOnCrash(const char* path) {
    if (path == nullptr || std::strlen(path) >= sizeof(fileToRemove)) {
        fileToRemove[0] = 0;
        return;
    }
    std::strcpy(fileToRemove, path);
}

}  // namespace cadocct
