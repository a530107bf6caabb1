@testable import CADCore
import Testing

/// The byte-level fast path of `FileNameSanitizer` must accept only names the scalar-by-scalar path returns
/// unchanged.
@Suite struct FileNameSanitizerFastPathTests {
    @Test func typicalServerNamesTakeTheFastPath() {
        for name in ["dragon-cup.glb", "part_01.step", "model.stl", "__init__.py", "a", "x.y.z"] {
            #expect(FileNameSanitizer.isAlreadyClean(name), "\(name)")
            #expect(FileNameSanitizer.sanitize(name) == name)
        }
    }

    @Test func namesNeedingCleaningDoNot() {
        for name in ["", ".hidden", "trailing.", "a..b", "a b", "a/b", "a\\b", "___", "._.", "é.glb", "tab\tname",
                     String(repeating: "x", count: FileNameSanitizer.maximumBytes + 1)] {
            #expect(!FileNameSanitizer.isAlreadyClean(name), "\(name)")
        }
    }

    /// Every short name over a small alphabet with the awkward characters: where the fast path says "already
    /// clean", the general path agrees.
    @Test func fastPathAgreesWithTheGeneralPath() {
        let alphabet: [Character] = ["a", "_", ".", "-", " ", "/", "Z"]
        var names: [String] = [""]
        var checked = 0
        for _ in 0..<5 {
            names = names.flatMap { prefix in alphabet.map { prefix + String($0) } }
            for name in names where FileNameSanitizer.isAlreadyClean(name) {
                #expect(FileNameSanitizer.cleanScalars(name) == name, "\(name)")
                checked += 1
            }
        }
        #expect(checked > 1_000)
    }
}
