/// A minimal XML scanner for 3MF model files: yields start tags (with attributes), end tags, and
/// skips declarations, comments, CDATA and text. Enough for the 3MF core elements, which carry all
/// their data in attributes.
struct XMLTagScanner {
    /// One tag.
    struct Tag {
        /// The local name (namespace prefix removed).
        var name: Substring
        /// Attributes by local name; values with the five predefined entities decoded.
        var attributes: [Substring: String]
        /// `</name>`.
        var isEnd: Bool
        /// `<name … />`.
        var isEmpty: Bool
    }

    let text: Substring.UTF8View
    var position: String.Index

    init(_ text: String) {
        self.text = Substring(text).utf8
        position = self.text.startIndex
    }

    /// The next tag, nil at the end of the document.
    mutating func next() throws -> Tag? {
        while true {
            guard let open = text[position...].firstIndex(of: UInt8(ascii: "<")) else { return nil }
            position = text.index(after: open)
            guard position < text.endIndex else { throw GeometryError.invalid("corrupt 3MF model: XML ends inside a tag") }
            let first = text[position]
            if first == UInt8(ascii: "?") { try skip(past: "?>"); continue }
            if first == UInt8(ascii: "!") {
                if text[position...].starts(with: "!--".utf8) { try skip(past: "-->") }
                else if text[position...].starts(with: "![CDATA[".utf8) { try skip(past: "]]>") }
                else { try skip(past: ">") }
                continue
            }
            return try tag()
        }
    }

    private mutating func skip(past marker: String) throws {
        let bytes = Array(marker.utf8)
        var index = position
        while index < text.endIndex {
            if text[index...].starts(with: bytes) {
                position = text.index(index, offsetBy: bytes.count)
                return
            }
            index = text.index(after: index)
        }
        throw GeometryError.invalid("corrupt 3MF model: XML ends inside a \(marker) section")
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    private mutating func tag() throws -> Tag {
        var isEnd = false
        if text[position] == UInt8(ascii: "/") { isEnd = true; position = text.index(after: position) }
        let nameStart = position
        while position < text.endIndex, !Self.isSpace(text[position]), text[position] != UInt8(ascii: ">"),
              text[position] != UInt8(ascii: "/") {
            position = text.index(after: position)
        }
        let name = Self.local(Substring(text[nameStart..<position]))
        guard !name.isEmpty else { throw GeometryError.invalid("corrupt 3MF model: a tag has no name") }
        var attributes: [Substring: String] = [:]
        while true {
            while position < text.endIndex, Self.isSpace(text[position]) { position = text.index(after: position) }
            guard position < text.endIndex else { throw GeometryError.invalid("corrupt 3MF model: XML ends inside <\(name)>") }
            let byte = text[position]
            if byte == UInt8(ascii: ">") {
                position = text.index(after: position)
                return Tag(name: name, attributes: attributes, isEnd: isEnd, isEmpty: false)
            }
            if byte == UInt8(ascii: "/") {
                position = text.index(after: position)
                guard position < text.endIndex, text[position] == UInt8(ascii: ">") else {
                    throw GeometryError.invalid("corrupt 3MF model: a stray \"/\" in <\(name)>")
                }
                position = text.index(after: position)
                return Tag(name: name, attributes: attributes, isEnd: isEnd, isEmpty: true)
            }
            let keyStart = position
            while position < text.endIndex, text[position] != UInt8(ascii: "="), !Self.isSpace(text[position]),
                  text[position] != UInt8(ascii: ">") {
                position = text.index(after: position)
            }
            let key = Self.local(Substring(text[keyStart..<position]))
            while position < text.endIndex, Self.isSpace(text[position]) { position = text.index(after: position) }
            guard position < text.endIndex, text[position] == UInt8(ascii: "=") else {
                throw GeometryError.invalid("corrupt 3MF model: attribute \(key) of <\(name)> has no value")
            }
            position = text.index(after: position)
            while position < text.endIndex, Self.isSpace(text[position]) { position = text.index(after: position) }
            guard position < text.endIndex, text[position] == UInt8(ascii: "\"") || text[position] == UInt8(ascii: "'") else {
                throw GeometryError.invalid("corrupt 3MF model: attribute \(key) of <\(name)> is not quoted")
            }
            let quote = text[position]
            let valueStart = text.index(after: position)
            guard let valueEnd = text[valueStart...].firstIndex(of: quote) else {
                throw GeometryError.invalid("corrupt 3MF model: XML ends inside an attribute of <\(name)>")
            }
            var value = String(Substring(text[valueStart..<valueEnd]))
            if value.contains("&") {
                value = value.replacingEntities()
            }
            attributes[key] = value
            position = text.index(after: valueEnd)
        }
    }

    private static func local(_ name: Substring) -> Substring {
        if let colon = name.lastIndex(of: ":") { return name[name.index(after: colon)...] }
        return name
    }
}

extension String {
    fileprivate func replacingEntities() -> String {
        var result = ""
        var rest = self[...]
        while let amp = rest.firstIndex(of: "&") {
            result += rest[..<amp]
            rest = rest[amp...]
            let table = [("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"), ("&quot;", "\""), ("&apos;", "'")]
            if let (entity, character) = table.first(where: { rest.hasPrefix($0.0) }) {
                result += character
                rest = rest.dropFirst(entity.count)
            } else {
                result += "&"
                rest = rest.dropFirst()
            }
        }
        return result + rest
    }
}
