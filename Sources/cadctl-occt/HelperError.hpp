// The one error type of cadctl-occt: an exit code and a one-line reason for stderr.
#pragma once

#include <string>

namespace cadocct {

/// Exit codes of the protocol (docs/occt-helper.md).
enum ExitCode : int {
    exitOK = 0,
    exitFailure = 1,     // usage errors, unreadable or unwritable paths, anything not caused by the file's content
    exitBadFile = 2,     // the file is not STEP, or is corrupt
};

/// A failure that ends the program with `code` after printing `message` on one line of stderr.
struct HelperError {
    int code;
    std::string message;
};

/// Throws a `HelperError` for a file that is not STEP or is corrupt (exit 2).
[[noreturn]] inline void badFile(const std::string& message) { throw HelperError{exitBadFile, message}; }

/// Throws a `HelperError` for anything else (exit 1).
[[noreturn]] inline void failure(const std::string& message) { throw HelperError{exitFailure, message}; }

}  // namespace cadocct
