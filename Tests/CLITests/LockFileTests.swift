@testable import cadctl
import Foundation
import Testing
import CADTestSupport

/// The lock's text, the shard selection and atomic writes, as pure logic.
@Suite("Lock file and shards")
struct LockFileTests {
    @Test func theLockIsDeterministicSortedAndEndsWithANewline() throws {
        var lock = LockFile()
        lock.parts["knob"] = .init(provider: "makistry", id: "pub_1", request: "sha256:ab", generatedAt: "2026-12-05T14:09:00Z",
                                   files: [.init(name: "knob.stl", bytes: 10, sha256: "cd")])
        lock.parts["bracket"] = .init(provider: "orville", id: "cadjob_1", request: "sha256:ef", generatedAt: "2026-12-05T14:09:00Z",
                                      files: [.init(name: "a.step", bytes: 6527, sha256: "01")])
        let text = lock.text
        #expect(text.hasPrefix("{\n  \"parts\": {\n    \"bracket\": {\n      \"files\": [\n        {\n          \"bytes\": 6527,"))
        #expect(text.hasSuffix("\n  },\n  \"version\": 1\n}\n"))
        #expect(text.range(of: "\"bracket\"")!.lowerBound < text.range(of: "\"knob\"")!.lowerBound)
        var reordered = LockFile()
        reordered.parts["bracket"] = lock.parts["bracket"]
        reordered.parts["knob"] = lock.parts["knob"]
        #expect(reordered.text == text)

        let directory = try TestScratch.directory("cadctl-lock").path
        try lock.write(to: directory + "/cadctl.lock")
        #expect(try LockFile.load(directory + "/cadctl.lock") == lock)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["cadctl.lock"])
    }

    @Test func shardsTakeEveryNthNameFromI() throws {
        let names = ["a", "b", "c", "d", "e"]
        #expect(try Shard(parsing: "1/2").select(names) == ["a", "c", "e"])
        #expect(try Shard(parsing: "2/2").select(names) == ["b", "d"])
        #expect(try Shard(parsing: "3/3").select(names) == ["c"])
        #expect(try Shard(parsing: "1/1").select(names) == names)
        for bad in ["0/2", "3/2", "1/0", "x", "1/2/3", ""] {
            #expect(throws: CLIError.self) { try Shard(parsing: bad) }
        }
    }
}
