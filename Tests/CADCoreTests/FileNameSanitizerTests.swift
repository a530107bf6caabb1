import CADCore
import Testing

@Suite("FileNameSanitizer")
struct FileNameSanitizerTests {
    @Test("ordinary names pass unchanged", arguments: [
        "449_mounting_plate.step", "model.glb", "Part A (v2).3mf", "__init__.py", "ünïcødé-名前.stl", "a.b.c",
    ])
    func unchanged(name: String) {
        #expect(FileNameSanitizer.sanitize(name) == name)
    }

    @Test("nasty names become one safe component", arguments: [
        ("../../etc/passwd", "etc_passwd"),
        ("..\\..\\windows\\system32", "windows_system32"),
        ("/absolute/path.step", "absolute_path.step"),
        ("..", "download"),
        (".", "download"),
        ("...", "download"),
        ("", "download"),
        ("   ", "download"),
        (".hidden", "hidden"),
        ("..hidden.step", "hidden.step"),
        ("a..b.step", "a.b.step"),
        ("name.", "name"),
        ("tab\there.step", "tab_here.step"),
        ("new\nline.step", "new_line.step"),
        ("nul\u{0}byte.step", "nul_byte.step"),
        ("evil\u{202E}pets.step", "evil_pets.step"),
        ("zero\u{200B}width.step", "zero_width.step"),
        ("bell\u{7}.stl", "bell_.stl"),
        ("/", "download"),
        ("////", "download"),
        ("\u{1}\u{2}\u{3}", "download"),
    ])
    func nasty(name: String, expected: String) {
        let clean = FileNameSanitizer.sanitize(name)
        #expect(clean == expected, "\(name.debugDescription) → \(clean.debugDescription)")
    }

    @Test("the fallback is used, and sanitised, when nothing is left")
    func fallback() {
        #expect(FileNameSanitizer.sanitize("../", fallback: "result.glb") == "result.glb")
        #expect(FileNameSanitizer.sanitize("", fallback: "../x.step") == "x.step")
        #expect(FileNameSanitizer.sanitize("", fallback: "..") == "download")
    }

    @Test("long names are cut to the byte limit, keeping the extension and whole characters")
    func length() {
        let long = String(repeating: "a", count: 400) + ".step"
        let cut = FileNameSanitizer.sanitize(long)
        #expect(cut.utf8.count <= FileNameSanitizer.maximumBytes)
        #expect(cut.hasSuffix(".step"))
        let wide = String(repeating: "名", count: 200) + ".glb"
        let wideCut = FileNameSanitizer.sanitize(wide)
        #expect(wideCut.utf8.count <= FileNameSanitizer.maximumBytes)
        #expect(wideCut.hasSuffix(".glb"))
        #expect(wideCut.dropLast(4).allSatisfy { $0 == "名" })
    }

    @Test("fuzzed names are always a single safe component", arguments: [31, 32, 33])
    func fuzz(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let pieces = ["a", ".", "..", "/", "\\", " ", "\u{0}", "\n", "\u{202E}", "é", "名", "_", "-", "step", "\u{FEFF}", "\u{E000}"]
        for _ in 0..<3000 {
            var name = ""
            for _ in 0..<Int.random(in: 0..<30, using: &generator) { name += pieces.randomElement(using: &generator) ?? "" }
            let clean = FileNameSanitizer.sanitize(name)
            #expect(!clean.isEmpty)
            #expect(!clean.contains("/") && !clean.contains("\\"))
            #expect(!clean.contains(".."))
            #expect(!clean.hasPrefix(".") && !clean.hasPrefix(" "))
            #expect(clean.utf8.count <= FileNameSanitizer.maximumBytes)
            #expect(clean.unicodeScalars.allSatisfy { scalar in
                switch scalar.properties.generalCategory {
                case .control, .format, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator: false
                default: true
                }
            }, "\(name.debugDescription) → \(clean.debugDescription)")
            #expect(FileNameSanitizer.sanitize(clean) == clean)
        }
    }
}
