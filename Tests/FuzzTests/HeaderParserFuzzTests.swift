import CADCore
import Foundation
import PropertyBased
import Testing

@Suite("Fuzz: Retry-After and HTTP-date parsing")
struct HeaderParserFuzzTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    @Test("arbitrary and near-miss text never crashes and never yields a negative wait")
    func arbitraryRetryAfter() async {
        await propertyCheck(count: fuzzCount, input: arbitraryText) { text in
            if let wait = RetryAfter.parse(text, now: Self.now) { #expect(wait >= .zero && wait <= RetryAfter.maximum) }
        }
        await propertyCheck(count: fuzzCount, input: dateLikeText) { text in
            if let wait = RetryAfter.parse(text, now: Self.now) { #expect(wait >= .zero && wait <= RetryAfter.maximum) }
        }
    }

    @Test("delta-seconds are read exactly, clamped at the maximum")
    func deltaSeconds() async {
        await propertyCheck(count: fuzzCount, input: Gen.int64(in: 0...999_999_999_999)) { seconds in
            let expected = min(Duration.seconds(seconds), RetryAfter.maximum)
            #expect(RetryAfter.parse(" \(seconds) ", now: Self.now) == expected)
        }
    }

    @Test("every IMF-fixdate names the instant it was made from, to the second")
    func imfRoundTrip() async {
        await propertyCheck(count: fuzzCount, input: Gen.dateTime(inYear: 1971...2200)) { date in
            let whole = Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
            let parsed = HTTPDate.parse(imfFixdate(whole), now: Self.now)
            #expect(parsed == whole, "\(imfFixdate(whole))")
        }
    }
}
