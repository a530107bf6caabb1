import CADCrypto
import Foundation

/// Signs and verifies storage URLs: HMAC-SHA256 over method, path and expiry with a server secret.
struct URLSigner: Sendable {
    /// Why a signed URL was refused.
    enum Refusal: Equatable {
        case missing
        case expired
        case badSignature
    }

    private let secret: Data

    init(secret: String) { self.secret = Data(secret.utf8) }

    /// The hex signature for `method path` valid until `expires` (unix seconds).
    func signature(method: String, path: String, expires: Int) -> String {
        let message = Data("\(method)\n\(path)\n\(expires)".utf8)
        return HMACSHA256.authenticationCode(for: message, key: secret).hex
    }

    /// Checks `signature` for `method path` and that `expires` is not before `now` (unix seconds).
    func verify(method: String, path: String, expires: String?, signature: String?, now: Int) -> Refusal? {
        guard let expires, let expiry = Int(expires), let signature else { return .missing }
        guard let given = Self.bytes(fromHex: signature),
            HMACSHA256.isValid(given, for: Data("\(method)\n\(path)\n\(expiry)".utf8), key: secret)
        else { return .badSignature }
        return expiry < now ? .expired : nil
    }

    private static func bytes(fromHex hex: String) -> Data? {
        guard hex.count % 2 == 0 else { return nil }
        var data = Data(capacity: hex.count / 2)
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            data.append(byte)
            index = next
        }
        return data
    }
}
