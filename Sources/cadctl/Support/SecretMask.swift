/// Masks a secret for display: its first 4 and last 4 characters, or all of it when short.
enum SecretMask {
    static func mask(_ secret: String) -> String {
        guard secret.count >= 12 else { return String(repeating: "*", count: max(secret.count, 4)) }
        return "\(secret.prefix(4))…\(secret.suffix(4))"
    }
}
