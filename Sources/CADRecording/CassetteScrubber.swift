import CADCore
import CADTransport
import Foundation

/// Removes secrets from what a cassette keeps, at record time: credential headers (`Authorization`,
/// `x-api-key`, cookies), signed-URL parameters in URLs and bodies, JSON fields holding secrets
/// (`signing_secret`, `api_key`, …), and every registered secret (the key in use) wherever it occurs.
///
/// A value type; `registering(_:)` adds secrets.
public struct CassetteScrubber: Sendable {
    /// JSON field names (lowercase) whose string values are replaced.
    public static let defaultSecretFields: Set<String> = [
        "signing_secret", "signingsecret", "secret", "api_key", "apikey", "password", "client_secret",
        "access_token", "refresh_token", "token",
    ]

    /// Response headers not kept: cookies and transport framing that no longer applies to the decoded body.
    static let droppedHeaders: Set<String> = ["set-cookie", "cookie", "content-encoding", "transfer-encoding", "connection", "keep-alive"]

    /// Masks registered secrets (API keys) wherever they appear in text.
    public var redactor: Redactor
    /// JSON field names whose values are always replaced (`api_key`, `token`, …), compared without case.
    public var secretFields: Set<String>

    /// A scrubber that also removes each of `secrets` (API keys, webhook secrets) wherever it appears.
    public init(secrets: [String] = [], secretFields: Set<String> = CassetteScrubber.defaultSecretFields) {
        redactor = Redactor(secrets: secrets)
        self.secretFields = secretFields
    }

    /// A copy that also removes `secret`.
    public func registering(_ secret: String) -> CassetteScrubber {
        var copy = self
        copy.redactor.register(secret)
        return copy
    }

    /// A URL as kept: signed-URL parameters and registered secrets masked.
    public func url(_ url: URL) -> String { redactor.redact(url: url) }

    /// Headers as kept: credential values masked, cookies dropped.
    public func headers(_ headers: HTTPHeaders, dropping dropped: Set<String> = []) -> [HAR.Header] {
        headers.compactMap { field in
            let lower = field.name.lowercased()
            if dropped.contains(lower) || lower == "cookie" || lower == "set-cookie" { return nil }
            return HAR.Header(name: field.name, value: redactor.redactHeader(name: field.name, value: field.value))
        }
    }

    /// Body text as kept: secret JSON fields blanked, then the redactor's masking.
    public func text(_ text: String) -> String {
        redactor.redact(maskSecretFields(in: text))
    }

    /// Replaces the string value of every `"field": "value"` whose field is a secret field.
    func maskSecretFields(in text: String) -> String {
        guard !secretFields.isEmpty, text.contains("\"") else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var scalars = Array(text.unicodeScalars)[...]
        var lastKey: String?
        while let scalar = scalars.first {
            guard scalar == "\"" else {
                result.unicodeScalars.append(scalar)
                scalars = scalars.dropFirst()
                if scalar != ":" && !scalar.properties.isWhitespace { lastKey = nil }
                continue
            }
            let (literal, rest) = Self.stringLiteral(scalars)
            scalars = rest
            let afterSpaces = rest.drop { $0.properties.isWhitespace }
            if afterSpaces.first == ":" {
                // A key: remember it and copy it.
                lastKey = String(String.UnicodeScalarView(literal.dropFirst().dropLast())).lowercased()
                result.unicodeScalars.append(contentsOf: literal)
                continue
            }
            if let key = lastKey, secretFields.contains(key) {
                result += "\"\(Redactor.mask)\""
            } else {
                result.unicodeScalars.append(contentsOf: literal)
            }
            lastKey = nil
        }
        return result
    }

    /// A JSON string literal starting at the opening quote, and what follows it.
    private static func stringLiteral(_ scalars: ArraySlice<Unicode.Scalar>)
        -> (ArraySlice<Unicode.Scalar>, ArraySlice<Unicode.Scalar>)
    {
        var index = scalars.index(after: scalars.startIndex)
        while index < scalars.endIndex {
            if scalars[index] == "\\" {
                index = scalars.index(index, offsetBy: 2, limitedBy: scalars.endIndex) ?? scalars.endIndex
                continue
            }
            if scalars[index] == "\"" {
                let end = scalars.index(after: index)
                return (scalars[scalars.startIndex..<end], scalars[end...])
            }
            index = scalars.index(after: index)
        }
        return (scalars, scalars[scalars.endIndex...])
    }
}
