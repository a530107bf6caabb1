import CADCore
import Testing

@Suite("Pages")
struct PagesTests {
    @Test("cursor pages: every item in order, following next cursors until nil")
    func cursor() async throws {
        let asked = Collector<String?>()
        let pages = CursorPages<Int> { cursor in
            asked.append(cursor)
            switch cursor {
            case nil: return CursorPage(items: [1, 2], nextCursor: "c2")
            case "c2": return CursorPage(items: [], nextCursor: "c3")  // an empty page in the middle is skipped
            case "c3": return CursorPage(items: [3], nextCursor: "")  // empty string ends too
            default: throw CADError.other("unexpected cursor")
            }
        }
        var items: [Int] = []
        for try await item in pages { items.append(item) }
        #expect(items == [1, 2, 3])
        #expect(asked.values == [nil, "c2", "c3"])
    }

    @Test("cursor pages fetch lazily: prefix stops early")
    func lazy() async throws {
        let fetches = Collector<Int>()
        let pages = CursorPages<Int> { cursor in
            let page = Int(cursor ?? "0") ?? 0
            fetches.append(page)
            return CursorPage(items: [page * 10, page * 10 + 1], nextCursor: String(page + 1))
        }
        var items: [Int] = []
        for try await item in pages.prefix(3) { items.append(item) }
        #expect(items == [0, 1, 10])
        #expect(fetches.values == [0, 1])
    }

    @Test("a repeated cursor stops the walk with an error instead of looping")
    func loop() async throws {
        let pages = CursorPages<Int>(startCursor: "a") { cursor in
            CursorPage(items: [1], nextCursor: cursor == "a" ? "b" : "a")
        }
        var count = 0
        await #expect(throws: CADError.self) {
            for try await _ in pages { count += 1 }
        }
        #expect(count == 1)
    }

    @Test("whole pages, and errors end the sequence")
    func pagesAndErrors() async throws {
        let pages = CursorPages<String> { cursor in
            if cursor == nil { return CursorPage(items: ["a", "b"], nextCursor: "next") }
            throw APIError(provider: "orville", status: 500, message: "boom", endpoint: "GET /api/v1/cad/jobs")
        }
        var iterator = pages.pages.makeAsyncIterator()
        let first = try await iterator.next()
        #expect(first?.items == ["a", "b"])
        await #expect(throws: APIError.self) { _ = try await iterator.next() }
        #expect(try await iterator.next() == nil)
    }

    @Test("numbered pages: walk until total, counting from the page asked for")
    func numbered() async throws {
        let asked = Collector<[Int]>()
        let all = Array(1...23)
        let pages = NumberedPages<Int>(limit: 10) { page, limit in
            asked.append([page, limit])
            let start = (page - 1) * limit
            let items = Array(all[min(start, all.count)..<min(start + limit, all.count)])
            return NumberedPage(items: items, page: page, limit: limit, total: all.count)
        }
        var items: [Int] = []
        for try await item in pages { items.append(item) }
        #expect(items == all)
        #expect(asked.values == [[1, 10], [2, 10], [3, 10]])
    }

    @Test("numbered pages stop on an empty page, a lying total, or the maximum page")
    func numberedStops() async throws {
        // The server claims 1000 items but runs dry on page 2.
        let liar = NumberedPages<Int>(limit: 5) { page, limit in
            NumberedPage(items: page == 1 ? [1, 2, 3, 4, 5] : [], page: page, limit: limit, total: 1000)
        }
        var count = 0
        for try await _ in liar { count += 1 }
        #expect(count == 5)

        let fetches = Collector<Int>()
        let capped = NumberedPages<Int>(limit: 1, maximumPage: 3) { page, limit in
            fetches.append(page)
            return NumberedPage(items: [page], page: 0, limit: limit, total: 100)  // echoes a wrong page number
        }
        var items: [Int] = []
        for try await item in capped { items.append(item) }
        #expect(items == [1, 2, 3])
        #expect(fetches.values == [1, 2, 3])

        // A server that uses a smaller page size than asked is followed with its own size.
        let smaller = NumberedPages<Int>(limit: 50) { page, _ in
            NumberedPage(items: Array(((page - 1) * 20)..<min(page * 20, 45)), page: page, limit: 20, total: 45)
        }
        var total = 0
        for try await _ in smaller { total += 1 }
        #expect(total == 45)
    }
}
