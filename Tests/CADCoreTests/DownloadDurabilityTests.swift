import CADCore
import Testing

/// Downloads with `DownloadDurability.flushesToDisk` off (as `cadctl sync` makes them) are as exact and as atomic
/// as flushed ones: only the `fsync`s are skipped.
@Suite("Downloads without flushing")
struct DownloadDurabilityTests {
    @Test("the flag is on by default and off only inside withValue")
    func scoped() async {
        #expect(DownloadDurability.flushesToDisk)
        await DownloadDurability.$flushesToDisk.withValue(false) {
            #expect(!DownloadDurability.flushesToDisk)
            await Task { #expect(!DownloadDurability.flushesToDisk) }.value
        }
        #expect(DownloadDurability.flushesToDisk)
    }

    @Test("an unflushed download writes the exact file and leaves no temporary file")
    func exact() async throws {
        let server = try await TestHTTPServer.start { _ in .respond(status: 200, body: fileContent) }
        defer { Task { await server.stop() } }
        let directory = try TemporaryDirectory()
        let result = try await DownloadDurability.$flushesToDisk.withValue(false) {
            try await downloader().download(HTTPRequest(url: server.url("/files/cup.glb")), to: directory.path + "/cup.glb")
        }
        #expect(result.size == Int64(fileContent.count))
        #expect(directory.entries() == ["cup.glb"])
        #expect(directory.read("cup.glb") == fileContent)
    }

    @Test("an unflushed download that breaks for good leaves nothing under the final name")
    func atomic() async throws {
        let server = try await TestHTTPServer.start { _ in
            .truncated(status: 200, announced: fileContent.count, body: Array(fileContent[0..<1_000]))
        }
        defer { Task { await server.stop() } }
        let directory = try TemporaryDirectory()
        await #expect(throws: (any Error).self) {
            try await DownloadDurability.$flushesToDisk.withValue(false) {
                try await downloader().download(HTTPRequest(url: server.url("/files/cup.glb")),
                                                to: directory.path + "/cup.glb",
                                                options: DownloadOptions(maxResumes: 1))
            }
        }
        #expect(directory.entries().isEmpty)
    }
}
