/// Makes a server-supplied file name safe to create in a chosen directory.
///
/// The result is a single path component that cannot escape the directory or hide what it is:
/// - `/` and `\` become `_` (no path separators, so no `../` traversal);
/// - control characters, Unicode format characters (bidirectional overrides such as U+202E, zero-width
///   characters), line and paragraph separators and private-use or unassigned code points become `_`;
/// - runs of dots collapse to one (no `..`), and leading dots and spaces are dropped (no hidden files, no
///   `.`/`..`); trailing dots and spaces are dropped too;
/// - the name is cut to `maximumBytes` of UTF-8 (keeping its extension) so the temporary file beside it
///   still fits the file system's 255-byte limit;
/// - if nothing usable is left, `fallback` is used (itself sanitised; `download` if that fails too).
public enum FileNameSanitizer {
    /// The longest name produced, in UTF-8 bytes. Leaves room for the temporary-file decoration
    /// (`.NAME.cadctl-partial-XXXXXXXX`) under the usual 255-byte limit.
    public static let maximumBytes = 200

    /// A safe version of `name`, or of `fallback` when `name` has nothing usable.
    public static func sanitize(_ name: String, fallback: String = "download") -> String {
        if let clean = clean(name) { return clean }
        if let clean = clean(fallback) { return clean }
        return "download"
    }

    private static func clean(_ name: String) -> String? {
        isAlreadyClean(name) ? name : cleanScalars(name)
    }

    /// The general case of `clean(_:)`, scalar by scalar.
    static func cleanScalars(_ name: String) -> String? {
        // Each scalar with whether it replaced an unsafe one, so leading replacements can be dropped while
        // a name's own leading underscores (`__init__.py`) are kept.
        var scalars: [(scalar: Unicode.Scalar, replaced: Bool)] = []
        for scalar in name.unicodeScalars {
            let unsafe = isUnsafe(scalar)
            let value: Unicode.Scalar = unsafe ? "_" : scalar
            if value == ".", scalars.last?.scalar == "." { continue }
            scalars.append((value, unsafe))
        }
        while let first = scalars.first, first.scalar == "." || first.scalar == " " || first.replaced {
            scalars.removeFirst()
        }
        while let last = scalars.last, last.scalar == "." || last.scalar == " " {
            scalars.removeLast()
        }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: scalars.map(\.scalar))
        let result = String(text)
        guard result.contains(where: { $0 != "_" && $0 != " " && $0 != "." }) else { return nil }
        return truncate(result, toBytes: maximumBytes)
    }

    /// Whether `name` is one `cleanScalars(_:)` returns unchanged, decided on its bytes without Unicode
    /// property lookups: printable ASCII other than the space, the slash and the backslash; not starting or
    /// ending with `.`; no `..`; something besides `_` and `.`; within ``maximumBytes``. Most names servers
    /// send are such names.
    static func isAlreadyClean(_ name: String) -> Bool {
        name.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard !bytes.isEmpty, bytes.count <= maximumBytes, bytes.first != 0x2E, bytes.last != 0x2E else {
                return false
            }
            var previous: UInt8 = 0
            var meaningful = false
            for byte in bytes {
                guard (0x21...0x7E).contains(byte), byte != 0x2F, byte != 0x5C else { return false }
                if byte == 0x2E, previous == 0x2E { return false }
                if byte != 0x2E, byte != 0x5F { meaningful = true }
                previous = byte
            }
            return meaningful
        } ?? false
    }

    private static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "/" || scalar == "\\" { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .surrogate, .unassigned:
            return true
        default:
            return false
        }
    }

    /// `text` cut to at most `limit` UTF-8 bytes on a character boundary, keeping a short extension.
    static func truncate(_ text: String, toBytes limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        var stem = text
        var suffix = ""
        if let dot = text.lastIndex(of: "."), dot != text.startIndex {
            let candidate = String(text[dot...])
            if candidate.utf8.count <= 16 {
                suffix = candidate
                stem = String(text[..<dot])
            }
        }
        let budget = limit - suffix.utf8.count
        var result = ""
        var used = 0
        for character in stem {
            let size = String(character).utf8.count
            if used + size > budget { break }
            result.append(character)
            used += size
        }
        while result.hasSuffix(".") || result.hasSuffix(" ") { result.removeLast() }
        if result.isEmpty {
            // One enormous character (a base with hundreds of combining marks): cut by scalars instead.
            var scalars = String.UnicodeScalarView()
            for scalar in stem.unicodeScalars {
                if String(scalars).utf8.count + String(scalar).utf8.count > budget { break }
                scalars.append(scalar)
            }
            result = String(scalars)
        }
        return result + suffix
    }
}
