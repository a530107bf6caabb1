/// Masks secrets in text, headers and URLs before they reach logs, errors, verbose output or recordings.
///
/// What it masks:
/// - credential headers (`Authorization` keeps its scheme: `Bearer ***`; `x-api-key`, `Cookie`,
///   `Set-Cookie`, `Proxy-Authorization`, `X-Amz-Security-Token` become `***`);
/// - signed-URL query parameters (`signature`, `sig`, `X-Amz-Signature`, `X-Amz-Credential`, `token`, …)
///   wherever a URL appears in text; harmless ones such as `expires` are kept;
/// - `Bearer TOKEN` and `x-api-key: VALUE` as they appear in free text;
/// - every registered secret (an API key), wherever it occurs in any text.
///
/// A value type: make one with the keys in use and pass it along.
public struct Redactor: Sendable {
    /// What a masked value is replaced with.
    public static let mask = "***"

    /// Header names (lowercase) whose values are always masked.
    public static let sensitiveHeaderNames: Set<String> = [
        "authorization", "proxy-authorization", "x-api-key", "cookie", "set-cookie", "x-amz-security-token",
    ]

    /// Query parameter names (lowercase) whose values are masked: the signing parts of pre-signed URLs
    /// (AWS, Google Cloud, Azure) and tokens. `expires` and the like are left readable.
    public static let sensitiveQueryParameters: Set<String> = [
        "signature", "sig", "x-amz-signature", "x-amz-credential", "x-amz-security-token",
        "x-goog-signature", "x-goog-credential", "token", "access_token", "api_key", "apikey", "api-key",
        "key-pair-id", "password", "secret", "client_secret",
    ]

    /// Secrets shorter than this are not registered: masking every occurrence of a two-letter string would
    /// ruin the text, and no real key is that short.
    public static let minimumSecretLength = 4

    /// The registered secrets, longest first (so a key containing another is masked whole).
    public private(set) var secrets: [String]

    /// A redactor that also masks each of `secrets` wherever it appears.
    public init(secrets: [String] = []) {
        self.secrets = []
        for secret in secrets { register(secret) }
    }

    /// Adds `secret` to the values masked everywhere (ignored when shorter than `minimumSecretLength`).
    public mutating func register(_ secret: String) {
        let trimmed = secret.trimmingSpaces()
        guard trimmed.count >= Self.minimumSecretLength, !secrets.contains(trimmed) else { return }
        secrets.append(trimmed)
        secrets.sort { $0.utf8.count > $1.utf8.count }
    }

    /// A copy that also masks `secret`.
    public func registering(_ secret: String) -> Redactor {
        var copy = self
        copy.register(secret)
        return copy
    }

    /// `text` with every secret, signed-URL parameter, bearer token and credential header value masked.
    public func redact(_ text: String) -> String {
        var bytes = Array(text.utf8)
        for secret in secrets {
            bytes = Self.replaceOccurrences(of: Array(secret.utf8), in: bytes)
        }
        bytes = Self.maskQueryParameters(in: bytes)
        bytes = Self.maskBearerTokens(in: bytes)
        bytes = Self.maskHeaderLines(in: bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `headers` with credential values masked (the names and order kept).
    public func redact(_ headers: HTTPHeaders) -> HTTPHeaders {
        HTTPHeaders(headers.map { field in (field.name, redactHeader(name: field.name, value: field.value)) })
    }

    /// The value of the header `name` as it may be shown.
    public func redactHeader(name: String, value: String) -> String {
        let lower = name.lowercased()
        if lower == "authorization" || lower == "proxy-authorization" {
            // Keep the scheme (`Bearer`, `Basic`) so a reader can tell which credential was sent.
            let parts = value.split(separator: " ", maxSplits: 1)
            return parts.count == 2 ? "\(parts[0]) \(Self.mask)" : Self.mask
        }
        if Self.sensitiveHeaderNames.contains(lower) { return Self.mask }
        return redact(value)
    }

    /// `url` as text with its password and signed-URL parameters masked.
    public func redact(url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
            return redact(url.absoluteString)
        }
        if components.password != nil { components.password = Self.mask }
        return redact(components.string ?? url.absoluteString)
    }

    /// A key as it may be displayed: its first and last 4 characters (`gcad…ab12`), or `****` when it is
    /// shorter than 16 characters (showing 8 of them would give too much away).
    public static func maskKey(_ key: String) -> String {
        let characters = Array(key)
        guard characters.count >= 16 else { return "****" }
        return String(characters.prefix(4)) + "…" + String(characters.suffix(4))
    }

    // MARK: - Byte-level scanning (ASCII patterns, so masking never splits a UTF-8 sequence)

    private static let maskBytes = Array(mask.utf8)

    private static func lower(_ byte: UInt8) -> UInt8 { (byte >= 65 && byte <= 90) ? byte + 32 : byte }

    private static func replaceOccurrences(of needle: [UInt8], in haystack: [UInt8]) -> [UInt8] {
        guard !needle.isEmpty, haystack.count >= needle.count else { return haystack }
        var result: [UInt8] = []
        result.reserveCapacity(haystack.count)
        var index = 0
        while index < haystack.count {
            if haystack[index] == needle[0], index + needle.count <= haystack.count,
               haystack[index..<(index + needle.count)].elementsEqual(needle) {
                result += maskBytes
                index += needle.count
            } else {
                result.append(haystack[index])
                index += 1
            }
        }
        return result
    }

    /// Whether `bytes[at...]` starts with `pattern` (lowercase ASCII), ignoring ASCII case.
    private static func hasPrefix(_ bytes: [UInt8], at position: Int, _ pattern: [UInt8]) -> Bool {
        guard position + pattern.count <= bytes.count else { return false }
        for offset in 0..<pattern.count where lower(bytes[position + offset]) != pattern[offset] {
            return false
        }
        return true
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
            || byte == 45 || byte == 95 || byte == 46
    }

    /// Where a value in a URL or on a line ends.
    private static func endsValue(_ byte: UInt8) -> Bool {
        switch byte {
        case 38, 35, 34, 39, 60, 62, 32, 9, 10, 13, 41, 93, 44, 125: true  // & # " ' < > SP HT LF CR ) ] , }
        default: false
        }
    }

    private static func maskQueryParameters(in bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            result.append(byte)
            index += 1
            guard byte == 63 || byte == 38 || byte == 59 else { continue }  // ? & ;
            var end = index
            while end < bytes.count, isNameByte(bytes[end]) { end += 1 }
            guard end < bytes.count, bytes[end] == 61, end > index else { continue }  // =
            let name = String(decoding: bytes[index..<end].map(lower), as: UTF8.self)
            guard sensitiveQueryParameters.contains(name) else { continue }
            result += bytes[index...end]
            var valueEnd = end + 1
            while valueEnd < bytes.count, !endsValue(bytes[valueEnd]) { valueEnd += 1 }
            if valueEnd > end + 1 { result += maskBytes }
            index = valueEnd
        }
        return result
    }

    private static let bearer = Array("bearer ".utf8)

    private static func maskBearerTokens(in bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            guard hasPrefix(bytes, at: index, bearer), index == 0 || !isNameByte(bytes[index - 1]) else {
                result.append(bytes[index])
                index += 1
                continue
            }
            result += bytes[index..<(index + bearer.count)]
            var end = index + bearer.count
            while end < bytes.count, !endsValue(bytes[end]) { end += 1 }
            let token = bytes[(index + bearer.count)..<end]
            if token.elementsEqual(maskBytes) || token.isEmpty {
                result += token
            } else {
                result += maskBytes
            }
            index = end
        }
        return result
    }

    private static let headerPatterns: [[UInt8]] = ["x-api-key:", "cookie:", "set-cookie:", "proxy-authorization:",
                                                    "x-amz-security-token:"].map { Array($0.utf8) }

    /// Masks `x-api-key: VALUE` (and the other non-`Authorization` credential headers) written out in text,
    /// up to the end of the line or a closing quote.
    private static func maskHeaderLines(in bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        outer: while index < bytes.count {
            if index == 0 || !isNameByte(bytes[index - 1]) {
                for pattern in headerPatterns where hasPrefix(bytes, at: index, pattern) {
                    result += bytes[index..<(index + pattern.count)]
                    var start = index + pattern.count
                    while start < bytes.count, bytes[start] == 32 || bytes[start] == 9 {
                        result.append(bytes[start])
                        start += 1
                    }
                    var end = start
                    while end < bytes.count, ![10, 13, 34, 39].contains(bytes[end]) { end += 1 }
                    if end > start { result += maskBytes }
                    index = end
                    continue outer
                }
            }
            result.append(bytes[index])
            index += 1
        }
        return result
    }
}
