import CADCore
import Testing

@Suite("Retry-After and HTTP-date parsing")
struct RetryAfterTests {
    /// Sun, 06 Nov 1994 08:49:37 GMT, the RFC's example instant.
    let rfcInstant = Date(timeIntervalSince1970: 784_111_777)

    @Test("delta-seconds", arguments: [("0", 0), ("1", 1), ("120", 120), (" 42 ", 42), ("007", 7)])
    func deltaSeconds(text: String, seconds: Int64) {
        #expect(RetryAfter.parse(text, now: rfcInstant) == .seconds(seconds))
    }

    @Test("absurd delta-seconds clamp instead of overflowing")
    func hugeDelta() {
        #expect(RetryAfter.parse("99999999999999999999999999", now: rfcInstant) == RetryAfter.maximum)
    }

    @Test("the three HTTP-date forms name the same instant", arguments: [
        "Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
        "sun, 06 nov 1994 08:49:37 gmt", "Sun, 6 Nov 1994 08:49:37 GMT", "Sun Nov 6 08:49:37 1994",
    ])
    func dateForms(text: String) {
        let now = Date(timeIntervalSince1970: 1_000_000_000)
        #expect(HTTPDate.parse(text, now: now) == rfcInstant)
    }

    @Test("a date in the future is a wait from now; one in the past is zero")
    func relativeToNow() {
        let now = rfcInstant.addingTimeInterval(-90)
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", now: now) == .seconds(90))
        #expect(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", now: rfcInstant.addingTimeInterval(5)) == .zero)
        #expect(RetryAfter.parse("Sunday, 06-Nov-94 08:49:37 GMT", now: now) == .seconds(90))
        #expect(RetryAfter.parse("Sun Nov  6 08:49:37 1994", now: now) == .seconds(90))
    }

    @Test("RFC 850 two-digit years: more than 50 years ahead means the previous century")
    func twoDigitYears() {
        let in2030 = Date(timeIntervalSince1970: 1_893_456_000)  // 2030-01-01
        #expect(HTTPDate.parse("Friday, 01-Jan-60 00:00:00 GMT", now: in2030)
            == Date(timeIntervalSince1970: Double(HTTPDateTestMath.days(2060, 1, 1)) * 86_400))
        #expect(HTTPDate.parse("Thursday, 01-Jan-81 00:00:00 GMT", now: in2030)
            == Date(timeIntervalSince1970: Double(HTTPDateTestMath.days(1981, 1, 1)) * 86_400))
    }

    @Test("garbage is nil", arguments: [
        "", " ", "-1", "1.5", "+5", "0x10", "soon", "12 seconds", "Sun, 06 Nov 1994 08:49:37",
        "Sun, 06 Nov 1994 08:49:37 PST", "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 29 Feb 1995 08:49:37 GMT",
        "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 08:60:00 GMT", "Sun, 06 Foo 1994 08:49:37 GMT",
        "Xyz, 06 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 94 08:49:37 GMT", "Sunday, 06-Nov-994 08:49:37 GMT",
        "Sun Nov  6 08:49:37", "Sun Nov  6 8:49:37 1994", "Sun, 06 Nov 1994 08:49 GMT", "١٢٣",
    ])
    func garbage(text: String) {
        #expect(RetryAfter.parse(text, now: rfcInstant) == nil)
    }

    @Test("leap days and the leap second are accepted where valid")
    func leapDays() {
        #expect(HTTPDate.parse("Thu, 29 Feb 1996 00:00:00 GMT") != nil)
        #expect(HTTPDate.parse("Tue, 29 Feb 2000 00:00:00 GMT") != nil)
        #expect(HTTPDate.parse("Thu, 29 Feb 1900 00:00:00 GMT") == nil)
        #expect(HTTPDate.parse("Wed, 31 Dec 2008 23:59:60 GMT") != nil)
    }

    @Test("format then parse round-trips any whole-second instant", arguments: [1, 2, 3])
    func roundTrip(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<2000 {
            let seconds = Double(Int64.random(in: -2_000_000_000...8_000_000_000, using: &generator))
            let date = Date(timeIntervalSince1970: seconds)
            let text = HTTPDate.format(date)
            #expect(HTTPDate.parse(text) == date, "\(text)")
            #expect(RetryAfter.parse(text, now: date.addingTimeInterval(-10)) == .seconds(10), "\(text)")
        }
    }

    @Test("known weekday formatting")
    func formatting() {
        #expect(HTTPDate.format(rfcInstant) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.format(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 GMT")
    }

    @Test("random strings never trap and digit strings always parse", arguments: [7, 8])
    func fuzz(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let alphabet = Array("0123456789 ,:-GMTSunNovabc\t\u{0}é")
        for _ in 0..<3000 {
            let length = Int.random(in: 0..<40, using: &generator)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator) ?? " " })
            if let delay = RetryAfter.parse(text, now: rfcInstant) {
                #expect(delay >= .zero)
                #expect(delay <= RetryAfter.maximum)
            }
            let digits = String((0..<Int.random(in: 1..<9, using: &generator)).map { _ in
                Character(String(Int.random(in: 0...9, using: &generator)))
            })
            #expect(RetryAfter.parse(digits, now: rfcInstant) == .seconds(Int64(digits) ?? -1))
        }
    }
}

enum HTTPDateTestMath {
    /// Days since 1970-01-01, computed the slow, obvious way for checking.
    static func days(_ year: Int, _ month: Int, _ day: Int) -> Int {
        func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }
        var total = 0
        for y in 1970..<year { total += isLeap(y) ? 366 : 365 }
        let lengths = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        for m in 0..<(month - 1) { total += lengths[m] }
        return total + day - 1
    }
}
