import Foundation
import PropertyBased

/// How many cases each property runs: a few hundred in `make test`, many more under `make fuzz`
/// (`CADCTL_FUZZ_COUNT`).
let fuzzCount: Int = ProcessInfo.processInfo.environment["CADCTL_FUZZ_COUNT"].flatMap(Int.init) ?? 300

/// Arbitrary bytes, up to 200.
let arbitraryBytes = Gen.uint8().array(of: 0...200)

/// Arbitrary text: up to 120 bytes decoded as UTF-8 (invalid sequences become U+FFFD), so control
/// characters, slashes, quotes and non-ASCII all occur.
let arbitraryText = Gen.uint8().array(of: 0...120).map { String(decoding: $0, as: UTF8.self) }

/// Text made of the characters HTTP-dates and numbers are built from, so parsers get near misses.
let dateLikeText = Gen.int(in: 0..<dateAlphabet.count).array(of: 0...40).map { String($0.map { dateAlphabet[$0] }) }
let dateAlphabet = Array("0123456789 ,:-GMTUCSunMonTueWedThuFriSatJanFebMarAprMayJunJulAugSepOctNovDec\t")

/// `date` as an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), written by hand so the parser is checked
/// against an independent formatter.
func imfFixdate(_ date: Date) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "GMT") ?? .current
    let parts = calendar.dateComponents([.weekday, .day, .month, .year, .hour, .minute, .second], from: date)
    let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
    return "\(days[(parts.weekday ?? 1) - 1]), \(two(parts.day)) \(months[(parts.month ?? 1) - 1]) "
        + "\(String(format: "%04d", parts.year ?? 0)) \(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)) GMT"
}
