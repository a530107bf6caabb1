import CADCrypto
import Foundation
import Testing

/// `Sources/CADCrypto/CADCrypto.docc/CADCrypto.md`: its snippet as written, checked against known answers.
@Suite("DocC snippets: CADCrypto")
struct CryptoArticleTests {
    @Test func digestsAndHMACAsTheArticleShows() throws {
        // RFC 4231, test case 2.
        let message = "what do ya want for nothing?"
        let secret = "Jefe"
        let receivedMAC = HMACSHA256.authenticationCode(for: Data(message.utf8), key: Data(secret.utf8)).data

        var hasher = SHA256Hasher()
        hasher.update(Data("first chunk".utf8))
        hasher.update(Data("second chunk".utf8))
        print(hasher.finalize().hex)

        let code = HMACSHA256.authenticationCode(for: Data(message.utf8), key: Data(secret.utf8))
        let authentic = HMACSHA256.isValid(receivedMAC, for: Data(message.utf8), key: Data(secret.utf8))  // constant time

        var whole = SHA256Hasher()
        whole.update(Data("first chunksecond chunk".utf8))
        var chunked = SHA256Hasher()
        chunked.update(Data("first chunk".utf8))
        chunked.update(Data("second chunk".utf8))
        #expect(chunked.finalize().hex == whole.finalize().hex)
        #expect(code.hex == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(authentic)
        #expect(!HMACSHA256.isValid(receivedMAC, for: Data("what do ya want for something?".utf8), key: Data(secret.utf8)))
    }
}
