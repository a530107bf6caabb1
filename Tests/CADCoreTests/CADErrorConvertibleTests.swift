import CADCore
import Testing

@Suite("CADErrorConvertible")
struct CADErrorConvertibleTests {
    struct LocalCheckFailed: CADErrorConvertible {
        var cadError: CADError { .usage("steps[0].operation: unknown operation") }
    }

    struct Unclassified: Error {}

    @Test("an error that knows its class keeps it (usage → exit 2); others stay .other (exit 1)")
    func classification() {
        let wrapped = CADError(LocalCheckFailed())
        #expect(wrapped.category == .usage)
        #expect(wrapped.message == "steps[0].operation: unknown operation")
        #expect(CADError(Unclassified()).category == .other)
    }
}
