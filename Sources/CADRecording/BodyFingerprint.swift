import Foundation
import CADTransport
import CADCrypto

/// What a cassette keeps of a request body, and the digest replays match on.
///
/// Multipart bodies carry a random boundary, so the boundary (read from `Content-Type`) is replaced by a
/// fixed token before hashing and storing: the same form sent twice has the same fingerprint. File parts
/// are read from disk in chunks, never whole.
public struct BodyFingerprint: Sendable, Hashable {
    /// Lowercase hex SHA-256 of the normalised body.
    public var sha256: String
    /// The body's size in bytes.
    public var size: Int
    /// The normalised body as text, when it is UTF-8 and at most `textLimit` bytes.
    public var text: String?

    /// The boundary text stored in place of a multipart boundary.
    public static let boundaryPlaceholder = "cadctl-boundary"
    /// Bodies larger than this keep only their digest.
    public static let textLimit = 256 * 1024

    /// The fingerprint of `body` as sent with `contentType`.
    public static func of(_ body: RequestBody, contentType: String?) throws -> BodyFingerprint {
        let boundary = contentType.flatMap(multipartBoundary)
        var hasher = SHA256Hasher()
        var size = 0
        var kept = Data()
        var keepText = true
        func take(_ chunk: Data) {
            size += chunk.count
            hasher.update(chunk)
            if keepText {
                if kept.count + chunk.count <= textLimit { kept.append(chunk) } else { keepText = false; kept = Data() }
            }
        }
        if let boundary {
            // Boundaries only sit in the in-memory parts the SDK writes around file parts.
            for part in body.parts {
                switch part {
                case .bytes(let data): take(replace(Array(boundary.utf8), with: Array(boundaryPlaceholder.utf8), in: data))
                case .file(let path): try readFile(path, take)
                }
            }
        } else {
            for part in body.parts {
                switch part {
                case .bytes(let data): take(data)
                case .file(let path): try readFile(path, take)
                }
            }
        }
        let digest = hasher.finalize().hex
        let text = keepText ? String(validating: kept, as: UTF8.self) : nil
        return BodyFingerprint(sha256: digest, size: size, text: text)
    }

    /// The fingerprint of bytes in memory.
    public static func of(_ data: Data, contentType: String?) -> BodyFingerprint {
        // In-memory bodies cannot fail to read.
        (try? of(.bytes(data), contentType: contentType)) ?? BodyFingerprint(sha256: "", size: data.count, text: nil)
    }

    /// The `boundary` parameter of a `multipart/…` content type.
    static func multipartBoundary(_ contentType: String) -> String? {
        guard contentType.lowercased().hasPrefix("multipart/") else { return nil }
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// `contentType` with its multipart boundary replaced by the placeholder.
    static func normalisedContentType(_ contentType: String) -> String {
        guard let boundary = multipartBoundary(contentType) else { return contentType }
        return contentType.replacingOccurrences(of: boundary, with: boundaryPlaceholder)
    }

    private static func readFile(_ path: String, _ take: (Data) -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CassetteError(path: path, problem: "(a request body file) cannot be read to fingerprint it")
        }
        defer { try? handle.close() }
        while let chunk = try handle.read(upToCount: 1 << 16), !chunk.isEmpty { take(chunk) }
    }

    private static func replace(_ needle: [UInt8], with replacement: [UInt8], in data: Data) -> Data {
        let bytes = [UInt8](data)
        guard !needle.isEmpty, bytes.count >= needle.count else { return data }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if index + needle.count <= bytes.count, bytes[index] == needle[0],
                Array(bytes[index..<(index + needle.count)]) == needle
            {
                result.append(contentsOf: replacement)
                index += needle.count
            } else {
                result.append(bytes[index])
                index += 1
            }
        }
        return Data(result)
    }
}
