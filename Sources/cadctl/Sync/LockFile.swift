import CADCore
import CADLedger
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `cadctl.lock`: what each part was generated as (its job id, its files and their SHA-256), meant to be
/// committed. Written deterministically (sorted keys, two-space indent, trailing newline) and atomically.
struct LockFile: Sendable, Equatable {
    /// One part's entry.
    struct Entry: Sendable, Equatable {
        var provider: String
        var id: String
        var request: String
        var generatedAt: String
        var files: [LockedFile]
    }

    /// A locked file: its name in the part's `out` directory, size and digest.
    struct LockedFile: Sendable, Equatable {
        var name: String
        var bytes: Int64
        var sha256: String
    }

    /// The lock's format version.
    static let version = 1
    /// The lock's file name (beside the manifest).
    static let fileName = "cadctl.lock"

    var parts: [String: Entry] = [:]

    /// Reads the lock at `path`; an absent file is an empty lock.
    ///
    /// - Throws: `CLIError.usage` when it exists but is not a lock this version reads.
    static func load(_ path: String) throws -> LockFile {
        guard FileManager.default.fileExists(atPath: path) else { return LockFile() }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError.usage("cannot read \(path); fix its permissions")
        }
        func broken(_ why: String) -> CLIError {
            CLIError.usage("\(path) is not a valid cadctl.lock (\(why)); restore it from version control or delete it")
        }
        let json: JSONValue
        do { json = try JSONValue(parsing: data) } catch { throw broken("not JSON: \(error)") }
        guard json["version"]?.intValue == version else { throw broken("version must be \(version)") }
        guard let parts = json["parts"]?.objectValue else { throw broken("no \"parts\" object") }
        var lock = LockFile()
        for (name, value) in parts {
            guard let provider = value["provider"]?.stringValue, let id = value["id"]?.stringValue,
                  let request = value["request"]?.stringValue, let files = value["files"]?.arrayValue
            else { throw broken("part \"\(name)\" lacks provider, id, request or files") }
            lock.parts[name] = Entry(
                provider: provider, id: id, request: request,
                generatedAt: value["generated_at"]?.stringValue ?? "",
                files: try files.map { file in
                    guard let fileName = file["name"]?.stringValue, let bytes = file["bytes"]?.numberValue,
                          let sha = file["sha256"]?.stringValue
                    else { throw broken("a file of part \"\(name)\" lacks name, bytes or sha256") }
                    return LockedFile(name: fileName, bytes: Int64(bytes), sha256: sha)
                })
        }
        return lock
    }

    /// The lock as committed text.
    var text: String {
        var parts = JSONObject()
        for (name, entry) in self.parts {
            parts[name] = [
                "files": .array(entry.files.map { file in
                    ["bytes": .number(Double(file.bytes)), "name": .string(file.name), "sha256": .string(file.sha256)]
                }),
                "generated_at": .string(entry.generatedAt),
                "id": .string(entry.id),
                "provider": .string(entry.provider),
                "request": .string(entry.request),
            ]
        }
        let document: JSONValue = ["parts": .object(parts), "version": .number(Double(Self.version))]
        return document.serialized(pretty: true, sortedKeys: true) + "\n"
    }

    /// Writes the lock to `path` atomically: a temporary file beside it, fsynced, renamed over it, and the
    /// directory fsynced, so a reader (or a crash) sees the old lock or the new one, never a mix.
    func write(to path: String) throws {
        try AtomicFile.write(Data(text.utf8), to: path)
    }
}

/// Writing whole files atomically (temp + fsync + rename + directory fsync).
enum AtomicFile {
    static func write(_ data: Data, to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = (directory.isEmpty ? "." : directory) + "/.\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CLIError(status: .failure, message: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        var failed = false
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress?.advanced(by: offset), buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failed = true
                    return
                }
                offset += written
            }
        }
        if fsync(descriptor) != 0 { failed = true }
        close(descriptor)
        guard !failed, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CLIError(status: .failure, message: "cannot write \(path): \(reason)")
        }
        let directoryDescriptor = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }
}

/// The fingerprint of a part's definition: `sha256:` and the SHA-256 of its fields (sorted keys) and of every
/// file it names.
enum PartFingerprint {
    static func of(_ part: ManifestPart, manifest: Manifest) throws -> String {
        var files = JSONObject()
        for file in part.namedFiles {
            let path = manifest.resolve(file)
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw CLIError.usage("\(manifest.path): part \"\(part.name)\" names \(file), which cannot be read")
            }
            files[file] = .string(try SHA256Hex.digest(ofFileAt: path).sha256)
        }
        let document: JSONValue = ["definition": part.definition, "files": .object(files)]
        return "sha256:" + SHA256Hex.digest(of: Array(document.serialized(sortedKeys: true).utf8))
    }
}

/// Writes the lock each time a part is generated (one writer per run), so a run that is killed keeps the
/// entries of the parts it already paid for, and the file is always a whole lock, old or new.
actor LockWriter {
    private let path: String
    private(set) var lock: LockFile

    init(path: String, lock: LockFile) {
        self.path = path
        self.lock = lock
    }

    /// Records `entry` for `part` and rewrites the lock atomically.
    func record(_ entry: LockFile.Entry, for part: String) throws {
        var updated = lock
        updated.parts[part] = entry
        guard updated != lock else { return }
        try updated.write(to: path)
        lock = updated
    }
}
