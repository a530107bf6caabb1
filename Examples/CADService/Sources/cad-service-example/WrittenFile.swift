/// A file a job's download wrote.
struct WrittenFile: Sendable {
    /// Who made it (`orville`, `makistry`, `bitbybit`).
    var provider: String
    /// Where it was written.
    var path: String
    /// Its size in bytes.
    var bytes: Int64
}
