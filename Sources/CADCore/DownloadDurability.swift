/// Whether the ``Downloader`` flushes each finished file, and then its directory, to stable storage
/// (`fsync`) when it names it.
///
/// On by default: a file a command downloads survives a power loss once the command has said it is written.
/// A caller that verifies every file it reads back (a content-addressed cache, whose entries are checked
/// against their SHA-256 before use) can turn it off for its own downloads, for the task and its child tasks:
///
/// ```swift
/// try await DownloadDurability.$flushesToDisk.withValue(false) { try await fetchIntoCache() }
/// ```
///
/// Atomicity does not depend on it: a download is still written to a temporary file and renamed, so a
/// failed or killed download leaves nothing under the final name either way.
public enum DownloadDurability {
    /// Flush each downloaded file and its directory before the download returns (default `true`).
    @TaskLocal public static var flushesToDisk = true
}
