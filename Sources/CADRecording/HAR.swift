import Foundation
/// The HAR 1.2 document model (http://www.softwareishard.com/blog/har-12-spec/) that cassettes are
/// stored in, so browsers, proxies, Polly.js and other HAR readers can open them.
///
/// HAR has no place for a binary request body, a body digest or cassette-level facts; those use custom
/// fields prefixed with `_`, as the format allows.
public enum HAR {
    /// The top-level document: `{"log": …}`.
    public struct Document: Codable, Sendable, Equatable {
        /// The log.
        public var log: Log
        /// A document around `log`.
        public init(log: Log) { self.log = log }
    }

    /// The log: the creator, the entries in the order they happened, and cadctl's metadata.
    public struct Log: Codable, Sendable, Equatable {
        /// The HAR version, `1.2`.
        public var version: String
        /// The program that wrote the file.
        public var creator: Creator
        /// The exchanges, in the order they happened.
        public var entries: [Entry]
        /// What the cassette is, where and how it was made (`_cadctl`).
        public var cassette: CassetteMetadata?

        /// A log of `entries` written by `creator`.
        public init(version: String = "1.2", creator: Creator, entries: [Entry], cassette: CassetteMetadata?) {
            self.version = version
            self.creator = creator
            self.entries = entries
            self.cassette = cassette
        }

        enum CodingKeys: String, CodingKey {
            case version, creator, entries
            case cassette = "_cadctl"
        }
    }

    /// The program that wrote the file.
    public struct Creator: Codable, Sendable, Equatable {
        /// The program's name (`cadctl`).
        public var name: String
        /// Its version.
        public var version: String
        /// A creator named `name` at `version`.
        public init(name: String, version: String) {
            self.name = name
            self.version = version
        }
    }

    /// One request and its response.
    public struct Entry: Codable, Sendable, Equatable {
        /// ISO 8601 time the request started.
        public var startedDateTime: String
        /// Milliseconds the exchange took.
        public var time: Double
        /// The request as sent (credentials scrubbed).
        public var request: Request
        /// The response as received (secrets scrubbed).
        public var response: Response
        /// Always empty: HAR requires the field.
        public var cache: Cache
        /// How the time divided (cadctl records the whole exchange as `wait`).
        public var timings: Timings
        /// A note on the exchange (`_comment`), e.g. which published example it reproduces.
        public var comment: String?

        /// An entry for one exchange.
        public init(startedDateTime: String, time: Double, request: Request, response: Response, comment: String? = nil) {
            self.startedDateTime = startedDateTime
            self.time = time
            self.request = request
            self.response = response
            self.cache = Cache()
            self.timings = Timings(send: 0, wait: time, receive: 0)
            self.comment = comment
        }

        enum CodingKeys: String, CodingKey {
            case startedDateTime, time, request, response, cache, timings
            case comment = "_comment"
        }
    }

    /// A request as sent (secrets scrubbed).
    public struct Request: Codable, Sendable, Equatable {
        /// The method (`POST`).
        public var method: String
        /// The full URL, query included (signed-URL parameters scrubbed).
        public var url: String
        /// `HTTP/1.1`.
        public var httpVersion: String
        /// Always empty: cadctl records no cookies.
        public var cookies: [Cookie]
        /// The request headers, credentials replaced by `[REDACTED]`.
        public var headers: [Header]
        /// The query parameters, also in `url`.
        public var queryString: [Header]
        /// The body, when there is one.
        public var postData: PostData?
        /// `-1`: not recorded.
        public var headersSize: Int
        /// The body's size in bytes (`0` when none).
        public var bodySize: Int

        /// A recorded request.
        public init(method: String, url: String, headers: [Header], queryString: [Header], postData: PostData?, bodySize: Int) {
            self.method = method
            self.url = url
            self.httpVersion = "HTTP/1.1"
            self.cookies = []
            self.headers = headers
            self.queryString = queryString
            self.postData = postData
            self.headersSize = -1
            self.bodySize = bodySize
        }
    }

    /// A request body: its text when it is small UTF-8, else only its digest (`_sha256`) and size.
    public struct PostData: Codable, Sendable, Equatable {
        /// The body's media type.
        public var mimeType: String
        /// The body as text; empty when the body is binary or large (`omitted`).
        public var text: String
        /// Lowercase hex SHA-256 of the body as sent (multipart boundaries replaced, see `BodyFingerprint`).
        public var sha256: String
        /// Whether `text` was left out.
        public var omitted: Bool?

        /// A body: its text (JSON or form text), its SHA-256, and whether the text was left out.
        public init(mimeType: String, text: String, sha256: String, omitted: Bool?) {
            self.mimeType = mimeType
            self.text = text
            self.sha256 = sha256
            self.omitted = omitted
        }

        enum CodingKeys: String, CodingKey {
            case mimeType, text
            case sha256 = "_sha256"
            case omitted = "_omitted"
        }
    }

    /// A response as received (secrets scrubbed; content decoded, so no `Content-Encoding`).
    public struct Response: Codable, Sendable, Equatable {
        /// The HTTP status.
        public var status: Int
        /// The reason phrase (`OK`).
        public var statusText: String
        /// `HTTP/1.1`.
        public var httpVersion: String
        /// Always empty: cadctl records no cookies.
        public var cookies: [Cookie]
        /// The response headers, secrets replaced.
        public var headers: [Header]
        /// The body.
        public var content: Content
        /// The `Location` of a redirect, else empty.
        public var redirectURL: String
        /// `-1`: not recorded.
        public var headersSize: Int
        /// The body's size in bytes.
        public var bodySize: Int

        /// A recorded response.
        public init(status: Int, headers: [Header], content: Content, redirectURL: String) {
            self.status = status
            self.statusText = ""
            self.httpVersion = "HTTP/1.1"
            self.cookies = []
            self.headers = headers
            self.content = content
            self.redirectURL = redirectURL
            self.headersSize = -1
            self.bodySize = content.size
        }
    }

    /// A response body: text, base64 (`encoding`), or only a digest when it was too large to keep.
    public struct Content: Codable, Sendable, Equatable {
        /// The body's size in bytes.
        public var size: Int
        /// Its media type.
        public var mimeType: String
        /// The body as text (base64 when `encoding` says so); `nil` when left out.
        public var text: String?
        /// `base64` for binary bodies.
        public var encoding: String?
        /// Lowercase hex SHA-256 of the body.
        public var sha256: String?
        /// Whether the body was too large to keep (`text` absent).
        public var omitted: Bool?

        /// A response body and how it is stored.
        public init(size: Int, mimeType: String, text: String?, encoding: String?, sha256: String?, omitted: Bool?) {
            self.size = size
            self.mimeType = mimeType
            self.text = text
            self.encoding = encoding
            self.sha256 = sha256
            self.omitted = omitted
        }

        enum CodingKeys: String, CodingKey {
            case size, mimeType, text, encoding
            case sha256 = "_sha256"
            case omitted = "_omitted"
        }
    }

    /// A name–value pair (headers, query parameters).
    public struct Header: Codable, Sendable, Equatable {
        /// The header or parameter name.
        public var name: String
        /// Its value.
        public var value: String
        /// A name–value pair.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// HAR's cookie record; cassettes never keep cookies (they are credentials), so lists stay empty.
    public struct Cookie: Codable, Sendable, Equatable {
        /// The cookie's name.
        public var name: String
        /// Its value.
        public var value: String
    }

    /// HAR's cache record; always empty.
    public struct Cache: Codable, Sendable, Equatable {
        /// The empty cache object HAR requires.
        public init() {}
    }

    /// HAR's timings, in milliseconds; cassettes keep only the total as `wait`.
    public struct Timings: Codable, Sendable, Equatable {
        /// Milliseconds sending (0: not measured).
        public var send: Double
        /// Milliseconds from sent to the whole response.
        public var wait: Double
        /// Milliseconds receiving (0: not measured).
        public var receive: Double
    }
}

/// What a cassette is, stored under `log._cadctl`.
public struct CassetteMetadata: Codable, Sendable, Equatable {
    /// Where the exchanges came from.
    public enum Source: String, Codable, Sendable {
        /// Recorded from the provider's live service.
        case live
        /// Built by hand from the examples in the provider's published documentation.
        case publishedExamples = "published-examples"
        /// Recorded from the local sandbox.
        case sandbox
    }

    /// `bitbybit`, `orville` or `makistry` (or `mixed`).
    public var provider: String
    /// The API version the exchanges follow (`v1`, `1.1.1`).
    public var apiVersion: String?
    /// Where the exchanges came from.
    public var source: Source
    /// ISO 8601 time the cassette was made.
    public var recordedAt: String
    /// How it was made: the command line or the document it reproduces.
    public var how: String
    /// Anything a reader should know.
    public var notes: String?

    /// Metadata for a cassette.
    public init(provider: String, apiVersion: String?, source: Source, recordedAt: String, how: String, notes: String? = nil) {
        self.provider = provider
        self.apiVersion = apiVersion
        self.source = source
        self.recordedAt = recordedAt
        self.how = how
        self.notes = notes
    }
}
