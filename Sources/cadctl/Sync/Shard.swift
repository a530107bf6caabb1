/// `--shard I/N`: the parts whose position in the name-sorted list, counted from 0, is congruent to I−1
/// modulo N.
struct Shard: Sendable, Equatable {
    var index: Int
    var count: Int

    /// Parses `I/N` (1 ≤ I ≤ N).
    init(parsing text: String) throws {
        let pieces = text.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count == 2, let index = Int(pieces[0]), let count = Int(pieces[1]), count >= 1,
              (1...count).contains(index)
        else {
            throw CLIError.usage("--shard \(text) is not I/N with 1 ≤ I ≤ N, e.g. --shard 2/4")
        }
        self.index = index
        self.count = count
    }

    /// The names of `sorted` this shard takes.
    func select<T>(_ sorted: [T]) -> [T] {
        sorted.enumerated().filter { $0.offset % count == index - 1 }.map(\.element)
    }
}
