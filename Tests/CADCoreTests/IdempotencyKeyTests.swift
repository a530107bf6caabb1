import CADCore
import Testing

@Suite("IdempotencyKey")
struct IdempotencyKeyTests {
    @Test("generated keys are lowercase version-4 UUIDs and differ")
    func generated() {
        var seen = Set<String>()
        for _ in 0..<200 {
            let key = IdempotencyKey().value
            let parts = key.split(separator: "-", omittingEmptySubsequences: false)
            #expect(parts.map(\.count) == [8, 4, 4, 4, 12])
            #expect(key == key.lowercased())
            #expect(parts[2].first == "4")
            #expect(["8", "9", "a", "b"].contains(parts[3].first))
            #expect(IdempotencyKey.problem(with: key) == nil)
            seen.insert(key)
        }
        #expect(seen.count == 200)
    }

    @Test("caller-supplied keys are accepted when 1–160 visible ASCII characters",
          arguments: ["a", "87b5972d-05b9-4f0a-9b68-97c53fd4f840", "deploy:2026-05-20#1", String(repeating: "k", count: 160), "!~"])
    func accepted(value: String) throws {
        #expect(try IdempotencyKey(validating: value).value == value)
    }

    @Test("invalid keys are usage errors that say what is wrong", arguments: [
        ("", "empty"), (String(repeating: "k", count: 161), "161 bytes"), ("has space", "a space"),
        ("tab\there", "U+0009"), ("naïve", "U+00EF"), ("line\n", "U+000A"), ("del\u{7F}", "U+007F"),
    ])
    func rejected(value: String, fragment: String) {
        do {
            _ = try IdempotencyKey(validating: value)
            Issue.record("\(value.debugDescription) should be rejected")
        } catch let error as CADError {
            #expect(error.category == .usage)
            #expect(error.description.contains(fragment), "\(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
