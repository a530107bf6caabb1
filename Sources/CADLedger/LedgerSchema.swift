import GRDB

/// The ledger's tables (created when missing; `user_version` 1).
enum LedgerSchema {
    static func create(in db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS submissions (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                provider TEXT NOT NULL,
                base_url TEXT NOT NULL,
                key_fingerprint TEXT NOT NULL,
                request_fingerprint TEXT NOT NULL,
                idempotency_key TEXT,
                submitted_at REAL NOT NULL,
                job_id TEXT,
                last_status TEXT,
                finished INTEGER NOT NULL DEFAULT 0,
                summary TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS submissions_by_request
                ON submissions (provider, base_url, key_fingerprint, request_fingerprint, finished, submitted_at);
            CREATE INDEX IF NOT EXISTS submissions_by_job ON submissions (provider, job_id);
            CREATE TABLE IF NOT EXISTS statuses (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                submission_id INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
                status TEXT NOT NULL,
                seen_at REAL NOT NULL
            );
            CREATE TABLE IF NOT EXISTS files (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                submission_id INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
                path TEXT NOT NULL,
                bytes INTEGER NOT NULL,
                sha256 TEXT NOT NULL,
                written_at REAL NOT NULL
            );
            PRAGMA user_version = 1;
            """)
    }
}
