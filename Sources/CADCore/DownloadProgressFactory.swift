/// Gives a progress observer for each file of a multi-file download, by the file's name as it will be
/// written (e.g. to draw one progress bar per file); `nil` means that file's progress is not wanted.
public typealias DownloadProgressFactory = @Sendable (_ fileName: String) -> TransferProgressObserver?
