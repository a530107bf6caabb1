@testable import cadctl
import Testing

/// The pure text of the progress display: sizes, rates, ETAs, the transfer bar, the spinner line and the
/// redraw throttle.
@Suite("Progress text")
struct ProgressTextTests {
    @Test func sizesAndRatesReadLikePeopleWriteThem() {
        #expect(ProgressText.bytes(0) == "0 B")
        #expect(ProgressText.bytes(999) == "999 B")
        #expect(ProgressText.bytes(1_500) == "1.5 kB")
        #expect(ProgressText.bytes(12_345_678) == "12.3 MB")
        #expect(ProgressText.bytes(999_990) == "1.0 MB")
        #expect(ProgressText.bytes(2_000_000_000) == "2.0 GB")
        #expect(ProgressText.rate(bytesPerSecond: 850_000) == "850.0 kB/s")
        #expect(ProgressText.rate(bytesPerSecond: 0) == "0 B/s")
        #expect(ProgressText.rate(bytesPerSecond: .nan) == "0 B/s")
    }

    @Test func etaAndClock() {
        #expect(ProgressText.clock(seconds: 7) == "0:07")
        #expect(ProgressText.clock(seconds: 125) == "2:05")
        #expect(ProgressText.clock(seconds: 3_725) == "1:02:05")
        #expect(ProgressText.etaSeconds(done: 500, total: 1_500, bytesPerSecond: 100) == 10)
        #expect(ProgressText.etaSeconds(done: 500, total: 1_501, bytesPerSecond: 100) == 11)
        #expect(ProgressText.etaSeconds(done: 500, total: nil, bytesPerSecond: 100) == nil)
        #expect(ProgressText.etaSeconds(done: 500, total: 1_500, bytesPerSecond: 0) == nil)
    }

    @Test func aTransferWithAKnownSizeDrawsABarWithPercentBytesRateAndETA() {
        let transfer = ProgressText.Transfer(
            verb: "downloading", name: "part.step", done: 1_200_000, total: 2_400_000, bytesPerSecond: 600_000,
            finished: false)
        let line = ProgressText.transferLine(transfer, columns: 120, color: false)
        #expect(line == "downloading part.step [###############...............]   50%  1.2 MB / 2.4 MB  600.0 kB/s  ETA 0:02")
        #expect(line.count <= 119)
        let done = ProgressText.transferLine(
            ProgressText.Transfer(verb: "uploading", name: "a.step", done: 10, total: 10, bytesPerSecond: 5,
                                  finished: true), columns: 80, color: false)
        #expect(done == "uploading a.step [##############################]  100%  10 B / 10 B  5 B/s")
    }

    @Test func anUnknownSizeShowsBytesAndRateOnly() {
        let line = ProgressText.transferLine(
            ProgressText.Transfer(verb: "downloading", name: "x.glb", done: 3_000, total: nil, bytesPerSecond: 1_000,
                                  finished: false), columns: 80, color: false)
        #expect(line == "downloading x.glb  3.0 kB  1.0 kB/s")
    }

    @Test func narrowTerminalsLoseTheBarThenCutTheName() {
        let transfer = ProgressText.Transfer(
            verb: "downloading", name: String(repeating: "n", count: 60) + ".step", done: 1, total: 4,
            bytesPerSecond: 1, finished: false)
        let narrow = ProgressText.transferLine(transfer, columns: 60, color: false)
        #expect(narrow.count <= 59)
        #expect(!narrow.contains("[") && narrow.contains("…") && narrow.hasSuffix("ETA 0:03"), "\(narrow)")
    }

    @Test func colourOnlyWhenAsked() {
        let transfer = ProgressText.Transfer(
            verb: "downloading", name: "p.step", done: 5, total: 10, bytesPerSecond: 1, finished: false)
        #expect(ProgressText.transferLine(transfer, columns: 100, color: true).contains("\u{1B}[32m"))
        #expect(!ProgressText.transferLine(transfer, columns: 100, color: false).contains("\u{1B}"))
        let spin = { (color: Bool) in
            ProgressText.waitLine(frame: 1, provider: "orville", jobID: "cadjob_1", status: "running",
                                  elapsedSeconds: 75, detail: "next check in 5s", columns: 100, color: color)
        }
        #expect(spin(false) == "/ orville cadjob_1: running, 1:15 (next check in 5s)")
        #expect(spin(true) == "\u{1B}[36m/\u{1B}[0m orville cadjob_1: running, 1:15 (next check in 5s)")
    }

    @Test func theSpinnerTurnsAndSaysWaitingBeforeTheFirstPoll() {
        let frames = (0..<5).map {
            ProgressText.waitLine(frame: $0, provider: "makistry", jobID: "pub_1", status: nil, elapsedSeconds: 0,
                                  detail: nil, columns: 80, color: false).first
        }
        #expect(frames == ["|", "/", "-", "\\", "|"])
        #expect(ProgressText.waitLine(frame: 0, provider: "makistry", jobID: "pub_1", status: nil, elapsedSeconds: 3,
                                      detail: nil, columns: 80, color: false) == "| makistry pub_1: waiting, 0:03")
    }

    @Test func redrawsAreThrottledToTenASecondButTheLastAlwaysDraws() {
        var throttle = RedrawThrottle()
        let times = stride(from: 0, through: 1_000, by: 10).map { Duration.milliseconds($0) }
        let drawn = times.filter { throttle.shouldDraw(at: $0) }
        #expect(drawn.count == 11)
        let tooSoon = throttle.shouldDraw(at: .milliseconds(1_050))
        let final = throttle.shouldDraw(at: .milliseconds(1_050), final: true)
        #expect(!tooSoon && final)
    }
}
