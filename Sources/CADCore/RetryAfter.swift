/// Reads the `Retry-After` response header (RFC 9110 §10.2.3): either delta-seconds (`120`) or an
/// HTTP-date in any of its three forms.
public enum RetryAfter {
    /// The longest wait this parser reports; larger values are clamped to it (they exceed any retry cap, so
    /// the error surfaces with this delay).
    public static let maximum: Duration = .seconds(10 * 365 * 24 * 3600)

    /// The wait `value` asks for, measured from `now`; `nil` when `value` is neither delta-seconds nor an
    /// HTTP-date. A date in the past means "now" (`.zero`).
    public static func parse(_ value: String, now: Date) -> Duration? {
        let text = value.trimmingSpaces()
        guard !text.isEmpty else { return nil }
        if text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            // Delta-seconds: digits only. Clamp absurd values instead of overflowing.
            let limit = maximum.components.seconds
            var seconds: Int64 = 0
            for byte in text.utf8 {
                seconds = seconds * 10 + Int64(byte - 0x30)
                if seconds >= limit { return maximum }
            }
            return .seconds(seconds)
        }
        guard let date = HTTPDate.parse(text, now: now) else { return nil }
        let interval = date.timeIntervalSince(now)
        guard interval > 0 else { return .zero }
        let milliseconds = (interval * 1000).rounded(.up)
        guard milliseconds < Double(maximum.components.seconds) * 1000 else { return maximum }
        return .milliseconds(Int64(milliseconds))
    }
}

/// Parses HTTP-dates (RFC 9110 §5.6.7): IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, the obsolete RFC 850
/// form `Sunday, 06-Nov-94 08:49:37 GMT` and asctime `Sun Nov  6 08:49:37 1994`.
///
/// Lenient where the RFC asks recipients to be (day names in either length and any case, one-digit days,
/// `UTC` for `GMT`), strict about the numbers: an impossible date or time is `nil`, not a guess.
public enum HTTPDate {
    /// The instant `text` names, or `nil` when it is not an HTTP-date.
    ///
    /// - Parameters:
    ///   - text: the header value, such as `Sun, 06 Nov 1994 08:49:37 GMT`.
    ///   - now: decides the century of an RFC 850 two-digit year: a year that would be more than
    ///     50 years after `now` is taken from the previous century.
    public static func parse(_ text: String, now: Date = Date()) -> Date? {
        let tokens = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let first = tokens.first else { return nil }
        if first.hasSuffix(",") {
            guard isDayName(String(first.dropLast())) else { return nil }
            if tokens.count == 6 {
                // IMF-fixdate: day, DD Mon YYYY HH:MM:SS GMT
                guard isGMT(tokens[5]), let day = number(tokens[1], digits: 1...2),
                      let month = month(tokens[2]), let year = number(tokens[3], digits: 4...4)
                else { return nil }
                return make(year: year, month: month, day: day, time: tokens[4])
            }
            if tokens.count == 4 {
                // RFC 850: Weekday, DD-Mon-YY HH:MM:SS GMT
                let parts = tokens[1].split(separator: "-", omittingEmptySubsequences: false).map(String.init)
                guard isGMT(tokens[3]), parts.count == 3, let day = number(parts[0], digits: 1...2),
                      let month = month(parts[1]), let rawYear = number(parts[2], digits: 2...4), parts[2].count != 3
                else { return nil }
                let year = parts[2].count == 2 ? fullYear(twoDigit: rawYear, now: now) : rawYear
                return make(year: year, month: month, day: day, time: tokens[2])
            }
            return nil
        }
        // asctime: Wkd Mon D HH:MM:SS YYYY (the day is space-padded, which the split absorbs)
        guard tokens.count == 5, isDayName(first), let month = month(tokens[1]),
              let day = number(tokens[2], digits: 1...2), let year = number(tokens[4], digits: 4...4)
        else { return nil }
        return make(year: year, month: month, day: day, time: tokens[3])
    }

    private static let shortDays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    private static let longDays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    private static func isDayName(_ text: String) -> Bool {
        let lower = text.lowercased()
        return shortDays.contains(lower) || longDays.contains(lower)
    }

    private static func isGMT(_ text: String) -> Bool {
        let upper = text.uppercased()
        return upper == "GMT" || upper == "UTC"
    }

    private static func month(_ text: String) -> Int? {
        months.firstIndex(of: text.lowercased()).map { $0 + 1 }
    }

    /// `text` as a number when it is only ASCII digits and has a length in `digits`.
    private static func number(_ text: String, digits: ClosedRange<Int>) -> Int? {
        guard digits.contains(text.utf8.count), text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return nil
        }
        return text.utf8.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    private static func fullYear(twoDigit: Int, now: Date) -> Int {
        let currentYear = civil(fromDays: Int((now.timeIntervalSince1970 / 86_400).rounded(.down))).year
        var year = currentYear - currentYear % 100 + twoDigit
        if year > currentYear + 50 { year -= 100 }
        return year
    }

    private static func make(year: Int, month: Int, day: Int, time: String) -> Date? {
        let parts = time.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3,
              let hour = number(parts[0], digits: 2...2), hour < 24,
              let minute = number(parts[1], digits: 2...2), minute < 60,
              let second = number(parts[2], digits: 2...2), second <= 60,
              day >= 1, day <= daysIn(month: month, year: year)
        else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Double(days) * 86_400 + Double(hour * 3600 + minute * 60 + second)
        return Date(timeIntervalSince1970: seconds)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01.
    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// `date` as an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), for tests and servers.
    public static func format(_ date: Date) -> String {
        let total = Int(date.timeIntervalSince1970.rounded(.down))
        let days = Int((Double(total) / 86_400).rounded(.down))
        let secondsOfDay = total - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        let weekday = ((days % 7) + 7 + 3) % 7  // 1970-01-01 was a Thursday; index 0 is Monday
        let names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let yearText = String(repeating: "0", count: max(0, 4 - String(year).count)) + String(year)
        return "\(names[weekday]), \(two(day)) \(monthNames[month - 1]) \(yearText) "
            + "\(two(secondsOfDay / 3600)):\(two(secondsOfDay % 3600 / 60)):\(two(secondsOfDay % 60)) GMT"
    }
}
