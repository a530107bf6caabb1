import CADSandbox
import Foundation
import Orville
import Synchronization
import Testing

/// The documented workflow end to end through `OrvilleClient`, the real transport and the sandbox.
@Suite("Orville workflow")
struct OrvilleWorkflowTests {
    @Test func createWaitReviewAndDownloadTheLatestRevision() async throws {
        try await OrvilleTestSandbox.with { sandbox in
            let orville = try sandbox.client()
            let accepted = try await orville.jobs.create(prompt: "A 30x20x5 mounting plate with two holes")
            #expect(accepted.jobID.hasPrefix("cadjob_") && accepted.status == .queued)
            #expect(accepted.pollAfterSeconds == 270 && accepted.requestID?.hasPrefix("req_") == true)

            let job = try await orville.jobs.wait(accepted)
            #expect(job.status == .completed)
            // The hint said 270 s: one status read was enough.
            #expect(sandbox.statusPolls(accepted.jobID) == 1)
            #expect(job.cost == OrvilleCost(currency: "usd", chargedCents: 200))
            let revision = try #require(job.latestRevisionID)
            let artifact = try #require(job.artifacts.first)
            #expect(job.assemblyTree?.artifactID == artifact.id)
            #expect(job.explanation?.isEmpty == false)

            let fetched = try await orville.jobs.get(job.jobID)
            #expect(fetched.latestRevisionID == revision)

            let review = try await orville.jobs.review(
                job.jobID, prompt: "Review for manufacturability", revisionID: revision,
                viewerState: .object(["camera": .object(["position": .array([.number(120), .number(80), .number(90)])])]))
            #expect(review.jobID == job.jobID && review.revisionID == revision)
            #expect(review.review.mode == "review" && review.review.message?.isEmpty == false)

            let directory = try OrvilleFixtures.directory()
            let files = try await orville.jobs.download(job.jobID, into: directory + "/out")
            #expect(files.count == 1)
            let path = try #require(files.first?.path)
            #expect(path == directory + "/out/" + (artifact.filename ?? ""))
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(text.hasPrefix("ISO-10303-21;"))
            // The signed URL lives on the storage port, which never saw a credential.
            #expect(sandbox.inspector.connectionsAccepted(.storage) >= 1)
            #expect(sandbox.inspector.requests.contains { $0.listener == .storage && $0.status == 200 })
            #expect(sandbox.inspector.storageCredentialSightings.isEmpty)
            #expect(sandbox.inspector.requests.contains {
                $0.listener == .api && $0.path.hasSuffix("/download") && $0.status == 302 && $0.keyName != nil
            })
        }
    }

    @Test func signedURLWithoutRedirectPointsAtStorage() async throws {
        try await OrvilleTestSandbox.with { sandbox in
            let orville = try sandbox.client()
            let accepted = try await orville.jobs.create(prompt: "A plate")
            _ = try await orville.jobs.wait(accepted)
            let list = try await orville.artifacts.list(jobID: accepted.jobID)
            let artifact = try #require(list.artifacts.first)
            #expect(list.jobID == accepted.jobID && list.revisionID?.hasPrefix("rev_") == true)
            let signed = try await orville.artifacts.signedURL(artifact.id)
            #expect(signed.artifactID == artifact.id && signed.expiresInSeconds == 900)
            #expect(signed.url.hasPrefix(sandbox.server.storageBaseURL + "/objects/"))
            #expect(signed.filename == artifact.filename)
        }
    }

    @Test func downloadRefusesToOverwriteWithoutPermission() async throws {
        try await OrvilleTestSandbox.with { sandbox in
            let orville = try sandbox.client()
            let accepted = try await orville.jobs.create(prompt: "A plate")
            _ = try await orville.jobs.wait(accepted)
            let directory = try OrvilleFixtures.directory()
            let first = try await orville.jobs.download(accepted.jobID, into: directory)
            let path = try #require(first.first?.path)
            try Data("keep me".utf8).write(to: URL(fileURLWithPath: path))
            let storageBefore = sandbox.inspector.connectionsAccepted(.storage)
            let refusal = await caught(OutputFileExistsError.self) {
                _ = try await orville.jobs.download(accepted.jobID, into: directory)
            }
            #expect(refusal?.path == path && refusal.map { CADError($0).category } == .usage)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "keep me")
            #expect(sandbox.inspector.connectionsAccepted(.storage) == storageBefore)
            _ = try await orville.jobs.download(accepted.jobID, into: directory, overwrite: true)
            #expect(try String(contentsOfFile: path, encoding: .utf8).hasPrefix("ISO-10303-21;"))
        }
    }

    @Test func assemblyJobsDownloadEveryPartAndShowATree() async throws {
        try await OrvilleTestSandbox.with { sandbox in
            let orville = try sandbox.client()
            let accepted = try await orville.jobs.create(prompt: "A hinge assembly of two leaves")
            let job = try await orville.jobs.wait(accepted)
            #expect(job.artifacts.count == 2)
            let tree = try #require(job.assemblyTree)
            #expect(tree.kind == "assembly" && tree.children.count == 2)
            let lines = tree.treeLines()
            #expect(lines.count == 3 && lines[1].hasPrefix("├─ ") && lines[2].hasPrefix("└─ "))
            let directory = try OrvilleFixtures.directory()
            let files = try await orville.jobs.download(job.jobID, into: directory)
            #expect(Set(files.map(\.path)).count == 2)
            for file in files { #expect(FileManager.default.fileExists(atPath: file.path)) }
        }
    }

    @Test func followUpMessagesAndHistory() async throws {
        try await OrvilleTestSandbox.with { sandbox in
            let orville = try sandbox.client()
            let image = try OrvilleImage(path: try OrvilleFixtures.file("sketch.png", OrvilleFixtures.png))
            let sent = Mutex<[TransferProgress]>([])
            let accepted = try await orville.jobs.create(
                prompt: "A plate from this sketch", images: [image],
                progress: { progress in sent.withLock { $0.append(progress) } })
            // The progress observer saw the whole multipart body go out.
            let last = try #require(sent.withLock { $0.last })
            #expect(last.totalBytesToSend.map { $0 > Int64(OrvilleFixtures.png.count) } == true)
            #expect(last.bytesSent == last.totalBytesToSend)
            _ = try await orville.jobs.wait(accepted)

            let markup = try OrvilleImage(data: OrvilleFixtures.jpeg, filename: "markup.jpg")
            let followUp = try await orville.jobs.sendMessage(accepted.jobID, prompt: "Make it 8 mm thick", images: [markup])
            #expect(followUp.jobID == accepted.jobID && followUp.messageID?.isEmpty == false)
            let second = try await orville.jobs.wait(followUp)
            #expect(second.status == .completed)

            let history = try await orville.jobs.messages(accepted.jobID)
            #expect(history.jobID == accepted.jobID)
            #expect(history.messages.map(\.role) == ["user", "assistant", "user", "assistant"])
            #expect(history.messages[0].images.map(\.contentType) == ["image/png"])
            #expect(history.messages[0].images.first?.filename == "sketch.png")
            #expect(history.messages[2].images.map(\.contentType) == ["image/jpeg"])
            #expect(history.messages[1].revision == "A" && history.messages[3].revision == "B")
            #expect(history.messages[3].revisionID == second.latestRevisionID)
            #expect(history.messages[3].artifacts.isEmpty == false)
        }
    }

    @Test(arguments: [
        ("a.png", OrvilleFixtures.png, "image/png"), ("a.gif", OrvilleFixtures.gif, "image/gif"),
        ("a.webp", OrvilleFixtures.webp, "image/webp"), ("a.heic", OrvilleFixtures.heic, "image/heic"),
        ("a.heif", OrvilleFixtures.heif, "image/heif"), ("photo", OrvilleFixtures.jpeg, "image/jpeg"),
    ])
    func everyAcceptedImageTypeIsSentAsMultipart(name: String, data: Data, type: String) async throws {
        try await OrvilleTestSandbox.with { sandbox in
            let orville = try sandbox.client()
            let image = try OrvilleImage(path: try OrvilleFixtures.file(name, data))
            #expect(image.kind.mimeType == type)
            let accepted = try await orville.jobs.create(prompt: "A plate", images: [image])
            let history = try await orville.jobs.messages(accepted.jobID)
            #expect(history.messages.first?.images.map(\.contentType) == [type])
            #expect(history.messages.first?.images.first?.sizeBytes == data.count)
        }
    }

    @Test func listPaginatesAutomaticallyAndSearches() async throws {
        try await OrvilleTestSandbox.with { sandbox in
            let orville = try sandbox.client()
            var created: [String] = []
            for index in 1...5 { created.append(try await orville.jobs.create(prompt: "Bracket number \(index)").jobID) }
            var seen: [OrvilleJobSummary] = []
            for try await job in orville.jobs.list(limit: 2) { seen.append(job) }
            // Five API jobs and the sandbox's one webapp job, newest first, three pages.
            #expect(seen.count == 6)
            #expect(Array(seen.prefix(5).map(\.jobID)) == created.reversed())
            #expect(seen.last?.source == "webapp")
            #expect(sandbox.inspector.requestCount(path: "/orville/api/v1/cad/jobs", method: "GET") == 3)

            let page = try await orville.jobs.page(limit: 2)
            #expect(page.jobs.count == 2 && page.nextCursor != nil)
            var matching: [String] = []
            for try await job in orville.jobs.list(query: "number 3") { matching.append(job.jobID) }
            #expect(matching == [created[2]])
        }
    }

    @Test func balanceReadsBillingStatus() async throws {
        try await OrvilleTestSandbox.with { sandbox in
            let balance = try await sandbox.client().billing.balance()
            #expect(balance.currency == "usd" && balance.availableBalanceCents == 2500 && balance.cadJobHoldCents == 200)
            #expect(balance.requestID?.hasPrefix("req_") == true)
        }
    }
}
