@testable import cadctl
import CADTestSupport
import Foundation
import Testing

/// `FileClone`: `copy` never shares an inode; `share` hard links where reflinks are known to fail, falls back to a
/// copy across file systems, and leaves nothing behind when it fails.
@Suite("FileClone")
struct FileCloneTests {
    /// A scratch directory with one file of known bytes, removed afterwards.
    static func withSource(_ body: (_ directory: String, _ source: String) throws -> Void) throws {
        try TestScratch.withDirectory("fileclone") { directory in
            let source = directory + "/source.bin"
            try Data((0..<5_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(to: URL(fileURLWithPath: source))
            try body(directory, source)
        }
    }

    static func inode(_ path: String) -> UInt64? {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(info.st_ino) : nil
    }

    static func device(_ path: String) -> UInt64? {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(info.st_dev) : nil
    }

    /// A memory that has seen a reflink fail, whatever the scratch file system is.
    static func failedMemory(_ directory: String) -> FileClone.ReflinkMemory {
        let memory = FileClone.ReflinkMemory(fileSystemOf: directory)
        memory.recordFailure()
        return memory
    }

    @Test func shareHardLinksOnceReflinksAreKnownToFail() throws {
        try Self.withSource { directory, source in
            let destination = directory + "/linked.bin"
            let method = try FileClone.share(source, to: destination, reflinks: Self.failedMemory(directory))
            #expect(method == .hardLink)
            #expect(Self.inode(destination) == Self.inode(source))
            #expect(FileManager.default.contents(atPath: destination) == FileManager.default.contents(atPath: source))
        }
    }

    @Test func copyNeverSharesTheInode() throws {
        try Self.withSource { directory, source in
            let destination = directory + "/copied.bin"
            let method = try FileClone.copy(source, to: destination)
            #expect(method != .hardLink)
            #expect(Self.inode(destination) != Self.inode(source))
            #expect(FileManager.default.contents(atPath: destination) == FileManager.default.contents(atPath: source))
        }
    }

    @Test func ext4AndTmpfsAreKnownToLackReflinksFromTheirType() throws {
        // /dev/shm is tmpfs on Linux; a path below it that does not exist is judged by its nearest parent.
        #expect(FileClone.ReflinkMemory(fileSystemOf: "/dev/shm/cadctl-missing/child").hasFailed)
        #expect(!FileClone.ReflinkMemory(fileSystemOf: "/proc").hasFailed)
    }

    @Test(.enabled(if: device("/dev/shm") != device(NSTemporaryDirectory()), "/dev/shm and the scratch directory share a file system"))
    func shareCopiesAcrossFileSystems() throws {
        try Self.withSource { directory, source in
            let destination = "/dev/shm/cadctl-fileclone-\(UUID().uuidString)"
            defer { unlink(destination) }
            let method = try FileClone.share(source, to: destination, reflinks: Self.failedMemory(directory))
            #expect(method == .copyFileRange || method == .readWrite)
            #expect(FileManager.default.contents(atPath: destination) == FileManager.default.contents(atPath: source))
        }
    }

    @Test func aFailedShareLeavesNothingAtTheDestination() throws {
        try Self.withSource { directory, _ in
            let destination = directory + "/never.bin"
            #expect(throws: CLIError.self) {
                try FileClone.share(directory + "/missing.bin", to: destination, reflinks: Self.failedMemory(directory))
            }
            #expect(!FileManager.default.fileExists(atPath: destination))
        }
    }
}
