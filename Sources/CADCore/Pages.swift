/// One page of a cursor-paginated list: its items and the cursor of the next page (`nil` on the last).
public struct CursorPage<Item: Sendable>: Sendable, PageOfItems {
    /// The items on this page.
    public var items: [Item]
    /// The cursor to ask for the next page with, or `nil` when this is the last page.
    public var nextCursor: String?

    /// A page.
    public init(items: [Item], nextCursor: String?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}

/// Every item of a cursor-paginated list (Orville's `next_cursor`, Makistry's job list), fetched a page at a
/// time as the sequence is iterated.
///
/// `fetch` is called with `nil` for the first page (or `startCursor`), then with each page's `nextCursor`
/// until one is `nil` or empty. A server that hands back a cursor it already gave would loop forever; that
/// stops the sequence with an error instead. Use `.pages` to iterate whole pages, `prefix(_:)` to stop early.
public struct CursorPages<Item: Sendable>: AsyncSequence, Sendable {
    /// Each item in turn.
    public typealias Element = Item
    /// Fetches the page after `cursor` (`nil`: the first page).
    public typealias Fetch = @Sendable (_ cursor: String?) async throws -> CursorPage<Item>

    private let pageSequence: PageSequence

    /// Items from the pages `fetch` returns, starting at `startCursor` (the first page when `nil`).
    public init(startCursor: String? = nil, fetch: @escaping Fetch) {
        pageSequence = PageSequence(startCursor: startCursor, fetch: fetch)
    }

    /// The pages themselves rather than their items.
    public var pages: PageSequence { pageSequence }

    /// Iterates the items.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(pages: pageSequence.makeAsyncIterator())
    }

    /// Iterates items, fetching the next page when the current one runs out.
    public typealias AsyncIterator = PageItemsIterator<PageSequence.AsyncIterator>

    /// The pages of a cursor-paginated list.
    public struct PageSequence: AsyncSequence, Sendable {
        /// One page at a time.
        public typealias Element = CursorPage<Item>

        let startCursor: String?
        let fetch: Fetch

        /// Iterates the pages.
        public func makeAsyncIterator() -> AsyncIterator {
            AsyncIterator(cursor: startCursor, fetch: fetch)
        }

        /// Fetches one page per call to `next()`.
        public struct AsyncIterator: AsyncIteratorProtocol {
            var cursor: String?
            let fetch: Fetch
            var finished = false
            var seenCursors: Set<String> = []

            init(cursor: String?, fetch: @escaping Fetch) {
                self.cursor = cursor
                self.fetch = fetch
                if let cursor { seenCursors.insert(cursor) }
            }

            /// The next page, or `nil` after the last.
            public mutating func next() async throws -> CursorPage<Item>? {
                guard !finished else { return nil }
                try Task.checkCancellation()
                let page: CursorPage<Item>
                do {
                    page = try await fetch(cursor)
                } catch {
                    finished = true
                    throw error
                }
                if let next = page.nextCursor, !next.isEmpty {
                    guard seenCursors.insert(next).inserted else {
                        finished = true
                        throw CADError.other(
                            "the server returned the pagination cursor \"\(next)\" twice; stopping to avoid a loop"
                        )
                    }
                    cursor = next
                } else {
                    finished = true
                }
                return page
            }
        }
    }
}

/// One page of a page-numbered list (Bitbybit's `page`, `limit`, `total`).
public struct NumberedPage<Item: Sendable>: Sendable, PageOfItems {
    /// The items on this page.
    public var items: [Item]
    /// This page's number (1-based).
    public var page: Int
    /// The page size the server used.
    public var limit: Int
    /// How many items the whole list holds.
    public var total: Int

    /// A page.
    public init(items: [Item], page: Int, limit: Int, total: Int) {
        self.items = items
        self.page = page
        self.limit = limit
        self.total = total
    }

    /// Whether pages follow this one: more items exist than this page and its predecessors held, and this
    /// page was not empty (a server whose `total` overstates would otherwise be asked forever).
    public var hasNextPage: Bool {
        !items.isEmpty && page * limit < total
    }
}

/// Every item of a page-numbered list, fetching page 1, 2, … of `limit` items until `total` is reached.
///
/// `maximumPage` bounds the walk (Bitbybit accepts pages up to 1000). Use `.pages` to iterate whole pages.
public struct NumberedPages<Item: Sendable>: AsyncSequence, Sendable {
    /// Each item in turn.
    public typealias Element = Item
    /// Fetches page `page` (1-based) of `limit` items.
    public typealias Fetch = @Sendable (_ page: Int, _ limit: Int) async throws -> NumberedPage<Item>

    private let pageSequence: PageSequence

    /// Items from pages `firstPage`, `firstPage + 1`, … of `limit` items, up to `maximumPage`.
    public init(limit: Int, firstPage: Int = 1, maximumPage: Int = 1000, fetch: @escaping Fetch) {
        pageSequence = PageSequence(limit: Swift.max(1, limit), firstPage: Swift.max(1, firstPage), maximumPage: maximumPage,
                                    fetch: fetch)
    }

    /// The pages themselves rather than their items.
    public var pages: PageSequence { pageSequence }

    /// Iterates the items.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(pages: pageSequence.makeAsyncIterator())
    }

    /// Iterates items, fetching the next page when the current one runs out.
    public typealias AsyncIterator = PageItemsIterator<PageSequence.AsyncIterator>

    /// The pages of a page-numbered list.
    public struct PageSequence: AsyncSequence, Sendable {
        /// One page at a time.
        public typealias Element = NumberedPage<Item>

        let limit: Int
        let firstPage: Int
        let maximumPage: Int
        let fetch: Fetch

        /// Iterates the pages.
        public func makeAsyncIterator() -> AsyncIterator {
            AsyncIterator(nextPage: firstPage, limit: limit, maximumPage: maximumPage, fetch: fetch)
        }

        /// Fetches one page per call to `next()`.
        public struct AsyncIterator: AsyncIteratorProtocol {
            var nextPage: Int
            let limit: Int
            let maximumPage: Int
            let fetch: Fetch
            var finished = false

            /// The next page, or `nil` after the last.
            public mutating func next() async throws -> NumberedPage<Item>? {
                guard !finished, nextPage <= maximumPage else { return nil }
                try Task.checkCancellation()
                let page: NumberedPage<Item>
                do {
                    page = try await fetch(nextPage, limit)
                } catch {
                    finished = true
                    throw error
                }
                // Count from the page asked for, not the one echoed, so a server that echoes a wrong number
                // cannot send the walk in circles.
                let size = page.limit > 0 ? page.limit : limit
                if !page.items.isEmpty, nextPage * size < page.total {
                    nextPage += 1
                } else {
                    finished = true
                }
                return page
            }
        }
    }
}

/// A page that carries a list of items.
public protocol PageOfItems {
    /// What the page lists (a job summary, a task, a file).
    associatedtype Item
    /// The items on this page.
    var items: [Item] { get }
}

/// Iterates the items of a sequence of pages, fetching the next page when the current one runs out.
/// Shared by `CursorPages` and `NumberedPages`.
public struct PageItemsIterator<Pages: AsyncIteratorProtocol>: AsyncIteratorProtocol where Pages.Element: PageOfItems {
    var pages: Pages
    var buffer: [Pages.Element.Item] = []
    var position = 0

    init(pages: Pages) { self.pages = pages }

    /// The next item, or `nil` after the last page.
    public mutating func next() async throws -> Pages.Element.Item? {
        while position >= buffer.count {
            guard let page = try await pages.next() else { return nil }
            buffer = page.items
            position = 0
        }
        defer { position += 1 }
        return buffer[position]
    }
}
