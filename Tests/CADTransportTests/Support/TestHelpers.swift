import CADTransport
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Resident memory of this process in bytes, from /proc/self/status.
func residentMemoryBytes() -> Int {
    guard let file = fopen("/proc/self/status", "r") else { return 0 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, Int32(line.count), file) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix("VmRSS:") {
            let digits = text.filter(\.isNumber)
            return (Int(digits) ?? 0) * 1024
        }
    }
    return 0
}

/// A fresh directory under /tmp, removed by the caller with `removeTree`.
func makeTemporaryDirectory() -> String {
    var template = Array("/tmp/cadctl-test-XXXXXX".utf8CString)
    let path = template.withUnsafeMutableBufferPointer { buffer -> String in
        guard let result = mkdtemp(buffer.baseAddress!) else { return "/tmp" }
        return String(cString: result)
    }
    return path
}

func removeTree(_ path: String) {
    _ = try? FileManager.default.removeItem(atPath: path)
}

/// Writes `length` bytes of `PatternBytes` to `path` in block-sized writes.
func writePatternFile(_ path: String, length: Int) throws {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard descriptor >= 0 else { throw POSIXFailure(message: "open \(path)") }
    defer { close(descriptor) }
    var remaining = length
    try PatternBytes.block.withUnsafeBytes { block in
        while remaining > 0 {
            let count = min(remaining, block.count)
            guard write(descriptor, block.baseAddress, count) == count else { throw POSIXFailure(message: "write") }
            remaining -= count
        }
    }
}

/// Whether the file at `path` is exactly `length` bytes of `PatternBytes`.
func fileMatchesPattern(_ path: String, length: Int) -> Bool {
    guard let handle = FileHandle(forReadingAtPath: path) else { return false }
    defer { try? handle.close() }
    var offset = 0
    while true {
        guard let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty else { break }
        let matches = chunk.withUnsafeBytes { PatternBytes.matches($0, at: offset) }
        guard matches else { return false }
        offset += chunk.count
    }
    return offset == length
}

func fileSize(_ path: String) -> Int? {
    var info = stat()
    return stat(path, &info) == 0 ? Int(info.st_size) : nil
}

struct POSIXFailure: Error {
    var message: String
}

/// Collects values from `@Sendable` callbacks and lets a test wait for a condition on them.
final class Signal: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1))
    }

    func fire() { continuation.yield() }

    /// Waits until `fire` has been called at least once.
    func wait() async {
        for await _ in stream { return }
    }
}
