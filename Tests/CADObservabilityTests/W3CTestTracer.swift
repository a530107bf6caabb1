import InMemoryTracing
import Synchronization
import Tracing

/// A tracer for tests that propagates in the W3C Trace Context format: spans are swift-distributed-tracing's
/// `InMemorySpan`s (recorded by an `InMemoryTracer` with 32-hex trace ids and 16-hex span ids), and
/// `inject` writes `traceparent: 00-{trace id}-{span id}-01` as a W3C tracer (swift-otel) does.
struct W3CTestTracer: Tracer {
    let recorder: InMemoryTracer

    init() {
        let ids = HexIDs()
        recorder = InMemoryTracer(idGenerator: .init(nextTraceID: { "4bf92f3577b34da6" + ids.next() },
                                                     nextSpanID: { ids.next() }))
    }

    func startSpan<Instant: TracerInstant>(
        _ operationName: String, context: @autoclosure () -> InstrumentationContext, ofKind kind: SpanKind,
        at instant: @autoclosure () -> Instant, function: String, file fileID: String, line: UInt
    ) -> InMemorySpan {
        recorder.startSpan(operationName, context: context(), ofKind: kind, at: instant(), function: function,
                           file: fileID, line: line)
    }

    func forceFlush() { recorder.forceFlush() }

    func inject<Carrier, Inject: Injector>(
        _ context: InstrumentationContext, into carrier: inout Carrier, using injector: Inject
    ) where Carrier == Inject.Carrier {
        guard let span = context.inMemorySpanContext else { return }
        injector.inject("00-\(span.traceID)-\(span.spanID)-01", forKey: "traceparent", into: &carrier)
    }

    func extract<Carrier, Extract: Extractor>(
        _ carrier: Carrier, into context: inout InstrumentationContext, using extractor: Extract
    ) where Carrier == Extract.Carrier {}
}

/// Distinct 16-hex-digit ids, never all zeros.
private final class HexIDs: Sendable {
    private let counter = Mutex<UInt64>(0)

    func next() -> String {
        let value = counter.withLock { value in
            value += 1
            return value
        }
        let hex = String(value &* 0x9E37_79B9_7F4A_7C15, radix: 16)
        return String(repeating: "0", count: max(0, 16 - hex.count)) + hex
    }
}
