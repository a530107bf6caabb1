import Synchronization
import Bitbybit
import CADSandbox
import CADTransport
import Foundation
import Testing

@Suite("BitbybitClient: tasks (pages, wait, failures, cancel, retry) and POST retries")
struct ClientTasksTests {
    static let box = ExecuteBody(operation: "occt.shapes.solid.createBox",
                                 params: ["width": 10, "length": 20, "height": 30, "center": [0, 0, 0]])

    /// Makes the next `count` tasks of the default workspace fail with `message`.
    func failNextTasks(_ fixture: ClientFixture, count: Int, message: String) async throws {
        let url = try #require(URL(string: fixture.server.bitbybitBaseURL + "/_sandbox/fail-next-tasks"))
        let body = Data(#"{"count":\#(count),"message":"\#(message)"}"#.utf8)
        let response = try await fixture.transport.send(HTTPRequest(
            method: .post, url: url,
            headers: ["x-api-key": SandboxKey.bitbybitDefault.key, "Content-Type": "application/json"],
            body: .bytes(body)))
        #expect(response.status < 300)
    }

    @Test("list walks page/limit/total as an AsyncSequence, with status and kind filters")
    func pagination() async throws {
        try await withClient { fixture in
            let client = fixture.client
            var ids: [String] = []
            for _ in 0..<5 { ids.append(try await client.cad.execute(Self.box).taskID) }
            ids.append(try await client.models.run("phone-nest").taskID)
            var seen: [String] = []
            for try await task in client.tasks.list(pageSize: 2) { seen.append(task.taskID) }
            #expect(Set(seen) == Set(ids) && seen.count == 6)
            #expect(fixture.server.inspector.requestCount(path: "/bitbybit/api/v1/tasks", method: "GET") == 3)

            var models: [TaskDetail] = []
            for try await task in client.tasks.list(kind: .model) { models.append(task) }
            #expect(models.map(\.taskID) == [ids[5]])
            var queued = 0
            for try await task in client.tasks.list(status: .queued, kind: .cad) {
                #expect(task.status == .queued && task.kind == .cad)
                queued += 1
            }
            #expect(queued == 5)
            let page = try await client.tasks.page(2, limit: 4)
            #expect(page.total == 6 && page.tasks.count == 2)
        }
    }

    @Test("a failed task ends the wait with JobFailedError carrying its message (exit 4); retry re-queues it")
    func failedAndRetried() async throws {
        try await withClient { fixture in
            let client = fixture.client
            try await failNextTasks(fixture, count: 1, message: "kernel exploded")
            let accepted = try await client.cad.execute(Self.box)
            do {
                _ = try await client.tasks.wait(accepted.taskID)
                Issue.record("the failed task was reported as done")
            } catch let error as JobFailedError {
                #expect(error.jobID == accepted.taskID && error.status == "failed")
                #expect(error.message?.contains("kernel exploded") == true)
                #expect(CADError(error).category == .jobFailed)
            }
            let retried = try await client.tasks.retry(accepted.taskID)
            #expect(retried.taskID == accepted.taskID)
            #expect(try await client.tasks.wait(accepted.taskID).status == .completed)
            let results = try await client.tasks.results(accepted.taskID)
            #expect(results.downloads.contains { $0.format == "metadata" })
            // A completed task cannot be retried: 409.
            await #expect(throws: APIError.self) { _ = try await client.tasks.retry(accepted.taskID) }
        }
    }

    @Test("cancel stops a queued task; waiting on it reports the cancellation")
    func cancel() async throws {
        try await withClient { fixture in
            let client = fixture.client
            let accepted = try await client.cad.execute(Self.box)
            let result = try await client.tasks.cancel(accepted.taskID)
            #expect(result.cancelled && result.previousStatus == .queued)
            await #expect(throws: JobFailedError.self) { _ = try await client.tasks.wait(accepted.taskID) }
            #expect(try await client.tasks.get(accepted.taskID).status == .cancelled)
        }
    }

    @Test("wait gives up at its timeout with WaitTimeoutError naming the task (exit 5), reporting each poll")
    func timeout() async throws {
        try await withClient { fixture in
            let client = fixture.client
            let accepted = try await client.cad.execute(Self.box)
            let events = EventLog()
            do {
                _ = try await client.tasks.wait(accepted.taskID, timeout: .seconds(5), observer: { events.add($0) })
                Issue.record("a 10 s task finished within 5 s")
            } catch let error as WaitTimeoutError {
                #expect(error.jobID == accepted.taskID)
                #expect(CADError(error).category == .waitTimedOut)
            }
            let seen = events.all
            #expect(seen.first?.status == "queued")
            #expect(seen.contains { $0.status == "processing" })
            // Every poll 2 s after the last.
            for (earlier, later) in zip(seen, seen.dropFirst()) where later.elapsed < .seconds(5) {
                #expect(later.elapsed - earlier.elapsed == .seconds(2))
            }
        }
    }

    @Test("waiting is cancellable")
    func cancellation() async throws {
        try await withClient { fixture in
            let accepted = try await fixture.client.cad.execute(Self.box)
            let client = fixture.client
            let waiting = Task { try await client.tasks.wait(accepted.taskID, timeout: .seconds(3600)) }
            waiting.cancel()
            await #expect(throws: CancellationError.self) { _ = try await waiting.value }
        }
    }

    @Test("a POST refused without acting (503) is retried; one that may have been acted on is not")
    func postRetries() async throws {
        try await withClient { fixture in
            let client = fixture.client
            let path = "/bitbybit/api/v1/cad/execute"
            fixture.server.faults.inject(.status(503), on: "POST \(path)", count: 2)
            let accepted = try await client.cad.execute(Self.box)
            #expect(fixture.server.inspector.requestCount(path: path, method: "POST") == 3)
            _ = accepted

            fixture.server.faults.inject(.closeAfterProcessing, on: "POST \(path)", count: 1)
            do {
                _ = try await client.cad.execute(Self.box)
                Issue.record("a dropped POST succeeded")
            } catch let error as TransportError {
                #expect(error.requestMayHaveBeenSent)
                #expect(CADError(error).category == .network)
            }
            // Sent once: the task it created exists, and no duplicate was made.
            #expect(fixture.server.inspector.requestCount(path: path, method: "POST") == 4)
            #expect(try await client.tasks.page(1, limit: 50).total == 2)


            // A 429 is a refusal without effect: retried after the Retry-After it asked for (on the client's clock).
            let modelPath = "/bitbybit/api/v1/models/phone-nest"
            fixture.server.faults.inject(.status(429, retryAfter: .seconds(7)), on: "POST \(modelPath)", count: 1)
            let before = fixture.clock.elapsed
            _ = try await client.models.run("phone-nest")
            #expect(fixture.server.inspector.requestCount(path: modelPath, method: "POST") == 2)
            #expect(fixture.clock.elapsed - before >= .seconds(7))

            // GETs are retried through a dropped connection.
            fixture.server.faults.inject(.closeAfterProcessing, on: "GET /bitbybit/api/v1/tasks", count: 1)
            #expect(try await client.tasks.page().total == 3)
        }
    }
}

/// Collects poll events from the observer (called on the waiting task).
final class EventLog: Sendable {
    private let events = Mutex<[PollEvent]>([])
    func add(_ event: PollEvent) { events.withLock { $0.append(event) } }
    var all: [PollEvent] { events.withLock { $0 } }
}
