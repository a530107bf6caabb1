// Turns a crash inside OpenCASCADE (a hostile file can make it dereference garbage or recurse without end)
// into a one-line reason on stderr and a chosen exit code, instead of a core dump.
#pragma once

namespace cadocct {

/// Installs handlers for SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGABRT on an alternate stack (so a stack
/// overflow is caught too). Call once, first thing in `main`.
void installSignalGuard();

/// What a crash from now on means: `reason` (static storage) is printed after the signal's name, and the
/// process exits with `exitCode`. For example `("corrupt STEP file: OpenCASCADE crashed reading it", 2)`.
void setCrashMeaning(const char* reason, int exitCode);

/// A file the handler removes before exiting (the temporary file of an atomic write); `nullptr` for none.
/// The path is copied into a fixed buffer; paths longer than 4095 bytes are not registered.
void setFileToRemoveOnCrash(const char* path);

}  // namespace cadocct
