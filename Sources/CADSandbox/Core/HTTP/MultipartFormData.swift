import Foundation

/// A strict `multipart/form-data` (RFC 7578) parser for whole bodies held in memory.
enum MultipartFormData {
    /// One part of a form.
    struct Part: Sendable {
        /// The `name` of `Content-Disposition: form-data`.
        var name: String
        /// The `filename`, present for file fields.
        var filename: String?
        /// The part's `Content-Type`, lowercased, without parameters.
        var contentType: String?
        var data: Data

        /// The data as UTF-8 text (for plain fields).
        var text: String? { String(data: data, encoding: .utf8) }
        /// Whether the part is a file field.
        var isFile: Bool { filename != nil }
    }

    /// Why a body is not a valid form.
    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    /// Parses a request whose `Content-Type` is `multipart/form-data; boundary=...`.
    /// - Throws: `ParseError` when the content type is not multipart or the body is malformed.
    static func parse(_ request: SandboxRequest) throws -> [Part] {
        guard let contentType = request.headers["content-type"], request.mediaType == "multipart/form-data" else {
            throw ParseError(description: "Content-Type is not multipart/form-data")
        }
        guard let boundary = parameter("boundary", in: contentType), !boundary.isEmpty, boundary.utf8.count <= 70 else {
            throw ParseError(description: "multipart/form-data without a valid boundary parameter")
        }
        return try parse(body: request.body, boundary: boundary)
    }

    /// Parses `body` delimited by `boundary`.
    static func parse(body: Data, boundary: String) throws -> [Part] {
        let bytes = [UInt8](body)
        let delimiter = Array("--\(boundary)".utf8)
        let crlf: [UInt8] = [13, 10]
        // The first delimiter may be preceded by a preamble; parts are separated by CRLF + delimiter.
        guard var position = find(delimiter, in: bytes, from: 0) else {
            throw ParseError(description: "the body does not contain the boundary")
        }
        position += delimiter.count
        var parts: [Part] = []
        while true {
            // After a delimiter: "--" closes the form, CRLF starts a part.
            if bytes.count >= position + 2, bytes[position] == 45, bytes[position + 1] == 45 {
                return parts
            }
            position = skipTransportPadding(bytes, from: position)
            guard bytes.count >= position + 2, Array(bytes[position..<position + 2]) == crlf else {
                throw ParseError(description: "malformed boundary line")
            }
            position += 2
            // The blank line ending the headers; searching from the boundary line's own CRLF finds it
            // even when a part has no headers at all.
            guard let headerEnd = find([13, 10, 13, 10], in: bytes, from: position - 2) else {
                throw ParseError(description: "a part's headers are not terminated")
            }
            let headerText = headerEnd > position ? String(decoding: bytes[position..<headerEnd], as: UTF8.self) : ""
            let contentStart = headerEnd + 4
            guard let next = find(crlf + delimiter, in: bytes, from: contentStart) else {
                throw ParseError(description: "the closing boundary is missing")
            }
            parts.append(try makePart(headers: headerText, data: Data(bytes[contentStart..<next])))
            position = next + 2 + delimiter.count
        }
    }

    private static func makePart(headers text: String, data: Data) throws -> Part {
        var disposition: String?
        var contentType: String?
        for line in text.components(separatedBy: "\r\n") where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else {
                throw ParseError(description: "malformed part header \"\(line)\"")
            }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if name == "content-disposition" { disposition = value }
            if name == "content-type" {
                contentType = value.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            }
        }
        guard let disposition, disposition.lowercased().hasPrefix("form-data") else {
            throw ParseError(description: "a part lacks Content-Disposition: form-data")
        }
        guard let name = parameter("name", in: disposition) else {
            throw ParseError(description: "a part lacks a name")
        }
        return Part(name: name, filename: parameter("filename", in: disposition), contentType: contentType, data: data)
    }

    /// The value of `name=value` or `name="value"` in a header value's parameters.
    static func parameter(_ name: String, in header: String) -> String? {
        var index = header.startIndex
        while index < header.endIndex {
            guard let semicolon = header[index...].firstIndex(of: ";") else { return nil }
            var cursor = header.index(after: semicolon)
            while cursor < header.endIndex, header[cursor] == " " || header[cursor] == "\t" { cursor = header.index(after: cursor) }
            guard let equals = header[cursor...].firstIndex(of: "=") else { return nil }
            let key = header[cursor..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var valueStart = header.index(after: equals)
            var value = ""
            if valueStart < header.endIndex, header[valueStart] == "\"" {
                valueStart = header.index(after: valueStart)
                var escaped = false
                cursor = valueStart
                while cursor < header.endIndex {
                    let character = header[cursor]
                    if escaped {
                        value.append(character)
                        escaped = false
                    } else if character == "\\" {
                        escaped = true
                    } else if character == "\"" {
                        break
                    } else {
                        value.append(character)
                    }
                    cursor = header.index(after: cursor)
                }
                index = cursor < header.endIndex ? header.index(after: cursor) : cursor
            } else {
                let end = header[valueStart...].firstIndex(of: ";") ?? header.endIndex
                value = header[valueStart..<end].trimmingCharacters(in: .whitespaces)
                index = end
            }
            if key == name.lowercased() { return value }
        }
        return nil
    }

    private static func skipTransportPadding(_ bytes: [UInt8], from start: Int) -> Int {
        var position = start
        while position < bytes.count, bytes[position] == 32 || bytes[position] == 9 { position += 1 }
        return position
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        let first = needle[0]
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first {
                var matched = true
                for offset in 1..<needle.count where haystack[index + offset] != needle[offset] {
                    matched = false
                    break
                }
                if matched { return index }
            }
            index += 1
        }
        return nil
    }
}
