@testable import CADTransport
import Testing

/// The byte-level header-line parsing `CurlTransfer` uses for every response.
@Suite struct HeaderLineTests {
    private func withLine<T>(_ text: String, _ body: (UnsafeRawBufferPointer, Int) -> T) -> T {
        var end = text.utf8.count
        let bytes = Array(text.utf8)
        while end > 0, (0x0A...0x0D).contains(bytes[end - 1]) { end -= 1 }
        return bytes.withUnsafeBytes { body($0, end) }
    }

    @Test func statusLinesOfEachVersion() {
        #expect(withLine("HTTP/1.1 200 OK\r\n") { HeaderLine.statusCode($0, end: $1) } == 200)
        #expect(withLine("HTTP/2 404\r\n") { HeaderLine.statusCode($0, end: $1) } == 404)
        #expect(withLine("HTTP/1.0  503  Service Unavailable\r\n") { HeaderLine.statusCode($0, end: $1) } == 503)
        #expect(withLine("HTTP/1.1 2x0 Odd\r\n") { HeaderLine.statusCode($0, end: $1) } == 0)
        #expect(withLine("HTTP/1.1\r\n") { HeaderLine.statusCode($0, end: $1) } == 0)
        #expect(withLine("HTTP/1.1 200 OK\r\n") { HeaderLine.isStatusLine($0, end: $1) })
        #expect(!withLine("Content-Type: text/plain\r\n") { HeaderLine.isStatusLine($0, end: $1) })
        #expect(!withLine("HTTP\r\n") { HeaderLine.isStatusLine($0, end: $1) })
    }

    @Test func namesAndValuesLoseSurroundingSpacesAndTabs() {
        let text = "X-Request-Id: \t req_1 \t\r\n"
        let colon = Array(text.utf8).firstIndex(of: UInt8(ascii: ":")) ?? 0
        #expect(withLine(text) { line, _ in HeaderLine.trimmedText(line, 0, colon) } == "X-Request-Id")
        #expect(withLine(text) { HeaderLine.trimmedText($0, colon + 1, $1) } == "req_1")
        #expect(withLine("Empty:\r\n") { HeaderLine.trimmedText($0, 6, $1) } == "")
        #expect(withLine("Name: café\r\n") { HeaderLine.trimmedText($0, 5, $1) } == "café")
    }
}
