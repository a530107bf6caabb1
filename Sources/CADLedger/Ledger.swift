import CADCore
import GRDB
#if canImport(Glibc)
import Glibc
#endif

/// The local ledger of paid submissions: an SQLite database (WAL, busy timeout) that several processes may
/// use at once, implementing `SubmissionJournal`.
///
/// It records every submission before its request leaves (provider, base URL, key fingerprint, request
/// fingerprint, idempotency key, time, summary), then its id, each status seen, and every file written. It
/// never holds an API key. The database file is created with mode 0600 in a directory created with mode
/// 0700.
public final class Ledger: SubmissionJournal {
    /// How long an unfinished submission may be resumed.
    public static let resumeWindow: TimeInterval = 24 * 60 * 60

    /// The database file.
    public let path: String
    private let pool: DatabasePool
    private let now: @Sendable () -> Date

    /// Opens (creating when missing) the ledger at `path`.
    ///
    /// - Parameters:
    ///   - path: the database file; its directory is created (mode 0700) when missing.
    ///   - now: the clock submissions are timed by and the resume window is measured with.
    /// - Throws: `CADError.usage` naming the path when the directory or file cannot be created or opened.
    public init(path: String, now: @escaping @Sendable () -> Date = { Date() }) throws {
        self.path = path
        self.now = now
        try Self.prepareFile(at: path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.label = "cadctl.ledger"
        do {
            pool = try Self.whileOpening(path) {
                let pool = try DatabasePool(path: path, configuration: configuration)
                try pool.writeWithoutTransaction { db in
                    try db.inTransaction(.immediate) {
                        try LedgerSchema.create(in: db)
                        return .commit
                    }
                }
                return pool
            }
        } catch let error as CADError {
            throw error
        } catch {
            throw CADError.usage("cannot open the ledger at \(path): \(error); fix its permissions, or set "
                + "CADCTL_STATE_DIR to a writable directory")
        }
        // SQLite gives the -wal and -shm files the database file's mode.
        _ = chmod(path, 0o600)
    }

    /// The ledger at the state directory of `environment` (`$CADCTL_STATE_DIR`, `$XDG_STATE_HOME/cadctl`,
    /// `~/.local/state/cadctl`).
    public convenience init(environment: [String: String], now: @escaping @Sendable () -> Date = { Date() }) throws {
        try self.init(path: LedgerLocation.databasePath(environment: environment), now: now)
    }

    // MARK: - SubmissionJournal

    /// Records `request` and decides how it is sent (the resume rule; see `SubmissionJournal`).
    public func begin(_ request: SubmissionRequest) async throws -> SubmissionDecision {
        let keyFingerprint = RequestFingerprint.key(request.apiKey)
        let requestFingerprint = try RequestFingerprint.request(request)
        let now = self.now()
        let newKey = request.takesIdempotencyKey ? (request.idempotencyKey ?? IdempotencyKey()) : nil
        return try await pool.writeWithoutTransaction { db in
            var decision: SubmissionDecision?
            try db.inTransaction(.immediate) {
                if !request.forceNew, let row = try Row.fetchOne(db, sql: """
                    SELECT id, job_id, last_status, idempotency_key, submitted_at FROM submissions
                    WHERE provider = ? AND base_url = ? AND key_fingerprint = ? AND request_fingerprint = ?
                      AND finished = 0 AND submitted_at > ?
                    ORDER BY submitted_at DESC, id DESC LIMIT 1
                    """, arguments: [request.provider, request.baseURL, keyFingerprint, requestFingerprint,
                                     now.timeIntervalSince1970 - Self.resumeWindow]) {
                    let ticket = SubmissionTicket(rawValue: row["id"])
                    let submittedAt = Date(timeIntervalSince1970: row["submitted_at"])
                    if let jobID: String = row["job_id"] {
                        decision = .resume(ticket, jobID: jobID, status: row["last_status"], submittedAt: submittedAt)
                    } else if let key: String = row["idempotency_key"], let recorded = try? IdempotencyKey(validating: key) {
                        decision = .resend(ticket, idempotencyKey: recorded, submittedAt: submittedAt)
                    } else {
                        decision = .refuse(ticket, submittedAt: submittedAt)
                    }
                    return .commit
                }
                try db.execute(sql: """
                    INSERT INTO submissions (provider, base_url, key_fingerprint, request_fingerprint,
                        idempotency_key, submitted_at, summary, finished)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 0)
                    """, arguments: [request.provider, request.baseURL, keyFingerprint, requestFingerprint,
                                     newKey?.value, now.timeIntervalSince1970, request.summary])
                decision = .sendNew(SubmissionTicket(rawValue: db.lastInsertedRowID), idempotencyKey: newKey)
                return .commit
            }
            guard let decision else { throw CADError.other("the ledger made no decision") }
            return decision
        }
    }

    /// Records the submission's id (and its first status).
    public func recordAnswer(_ ticket: SubmissionTicket, id: String, status: String?) async throws {
        let now = self.now().timeIntervalSince1970
        try await pool.write { db in
            try db.execute(sql: "UPDATE submissions SET job_id = ?, last_status = COALESCE(?, last_status) WHERE id = ?",
                           arguments: [id, status, ticket.rawValue])
            if let status {
                try db.execute(sql: "INSERT INTO statuses (submission_id, status, seen_at) VALUES (?, ?, ?)",
                               arguments: [ticket.rawValue, status, now])
            }
        }
    }

    /// Records a status; a terminal one finishes the submission (it is never resumed again).
    public func recordStatus(_ ticket: SubmissionTicket, status: String, isTerminal: Bool) async throws {
        let now = self.now().timeIntervalSince1970
        try await pool.write { db in
            let last = try String.fetchOne(db, sql: "SELECT last_status FROM submissions WHERE id = ?",
                                           arguments: [ticket.rawValue])
            try db.execute(sql: "UPDATE submissions SET last_status = ?, finished = MAX(finished, ?) WHERE id = ?",
                           arguments: [status, isTerminal ? 1 : 0, ticket.rawValue])
            if last != status {
                try db.execute(sql: "INSERT INTO statuses (submission_id, status, seen_at) VALUES (?, ?, ?)",
                               arguments: [ticket.rawValue, status, now])
            }
        }
    }

    /// Forgets a submission that surely made no job (refused, or never sent).
    public func recordNotSubmitted(_ ticket: SubmissionTicket) async throws {
        try await pool.write { db in
            try db.execute(sql: "DELETE FROM submissions WHERE id = ? AND job_id IS NULL", arguments: [ticket.rawValue])
        }
    }

    /// Records a file written from the submission's results, with its size and SHA-256.
    public func recordFile(_ ticket: SubmissionTicket, path: String) async throws {
        let digest = try SHA256Hex.digest(ofFileAt: path)
        let now = self.now().timeIntervalSince1970
        try await pool.write { db in
            try db.execute(sql: """
                INSERT INTO files (submission_id, path, bytes, sha256, written_at) VALUES (?, ?, ?, ?, ?)
                """, arguments: [ticket.rawValue, path, digest.bytes, digest.sha256, now])
        }
    }

    /// The newest submission that answered `jobID` at `provider`.
    public func ticket(provider: String, jobID: String) async throws -> SubmissionTicket? {
        try await pool.read { db in
            try Int64.fetchOne(db, sql: """
                SELECT id FROM submissions WHERE provider = ? AND job_id = ? ORDER BY submitted_at DESC, id DESC LIMIT 1
                """, arguments: [provider, jobID]).map(SubmissionTicket.init(rawValue:))
        }
    }

    // MARK: - Reading

    /// The submissions, newest first, each with its files.
    ///
    /// - Parameters:
    ///   - provider: only this provider's submissions, when given.
    ///   - limit: at most this many, when given.
    public func history(provider: String? = nil, limit: Int? = nil) async throws -> [LedgerSubmission] {
        try await pool.read { db in
            var sql = "SELECT * FROM submissions"
            var arguments: StatementArguments = []
            if let provider {
                sql += " WHERE provider = ?"
                arguments += [provider]
            }
            sql += " ORDER BY submitted_at DESC, id DESC"
            if let limit {
                sql += " LIMIT ?"
                arguments += [limit]
            }
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                let id: Int64 = row["id"]
                let files = try Row.fetchAll(db, sql: """
                    SELECT path, bytes, sha256 FROM files WHERE submission_id = ? ORDER BY id
                    """, arguments: [id]).map { LedgerFile(path: $0["path"], bytes: $0["bytes"], sha256: $0["sha256"]) }
                let statuses = try String.fetchAll(db, sql: """
                    SELECT status FROM statuses WHERE submission_id = ? ORDER BY id
                    """, arguments: [id])
                return LedgerSubmission(
                    ticket: SubmissionTicket(rawValue: id), provider: row["provider"], baseURL: row["base_url"],
                    keyFingerprint: row["key_fingerprint"], requestFingerprint: row["request_fingerprint"],
                    idempotencyKey: row["idempotency_key"],
                    submittedAt: Date(timeIntervalSince1970: row["submitted_at"]), id: row["job_id"],
                    status: row["last_status"], isFinished: row["finished"], summary: row["summary"],
                    statuses: statuses, files: files)
            }
        }
    }

    /// One submission, or `nil` when the ledger has no such ticket.
    public func submission(_ ticket: SubmissionTicket) async throws -> LedgerSubmission? {
        try await history().first { $0.ticket == ticket }
    }

    // MARK: - Files

    /// Creates the directory (0700) and the database file (0600) when missing, and sets the file's mode.
    /// Runs `body` (opening the database and creating its schema) while holding an exclusive `flock` on a
    /// file beside the database (`PATH.open-lock`).
    ///
    /// The first opening switches a new database to WAL; a second process opening it at that moment gets
    /// SQLITE_BUSY from `PRAGMA journal_mode = WAL` without SQLite calling the busy handler. Openings take
    /// turns instead. The lock is a separate file: closing a descriptor of the database itself would drop
    /// SQLite's own POSIX locks in this process.
    private static func whileOpening<Result>(_ path: String, _ body: () throws -> Result) throws -> Result {
        let lockPath = path + ".open-lock"
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CADError.usage("cannot create \(lockPath): \(String(cString: strerror(errno))); set "
                + "CADCTL_STATE_DIR to a writable directory")
        }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw CADError.usage("cannot lock \(lockPath): \(String(cString: strerror(errno))); set "
                    + "CADCTL_STATE_DIR to a local directory")
            }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }

    private static func prepareFile(at path: String) throws {
        let directory = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        if !directory.isEmpty { try makeDirectory(directory) }
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CADError.usage("cannot create the ledger at \(path): \(String(cString: strerror(errno))); set "
                + "CADCTL_STATE_DIR to a writable directory")
        }
        fchmod(descriptor, 0o600)
        close(descriptor)
    }

    /// Creates `directory` and its missing parents with mode 0700.
    private static func makeDirectory(_ directory: String) throws {
        var isDirectory = stat()
        if stat(directory, &isDirectory) == 0 { return }
        let parent = directory.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        if !parent.isEmpty { try makeDirectory(parent) }
        if mkdir(directory, 0o700) != 0 && errno != EEXIST {
            throw CADError.usage("cannot create the state directory \(directory): \(String(cString: strerror(errno))); "
                + "set CADCTL_STATE_DIR to a writable directory")
        }
        _ = chmod(directory, 0o700)
    }
}
