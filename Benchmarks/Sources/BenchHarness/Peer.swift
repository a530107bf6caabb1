/// One client measured by the benchmark.
struct Peer: Sendable, Hashable {
    /// Short id, used on the command line and in JSON.
    var id: String
    /// How the report names it.
    var title: String

    static let curlTransport = Peer(id: "curl-transport", title: "CurlTransport (cadctl)")
    /// CurlTransport with the request loop on `transport.executor` (workload 1 only).
    static let curlTransportOnExecutor = Peer(
        id: "curl-transport-executor", title: "CurlTransport, loop on `transport.executor`")
    /// CurlTransport under the SDK's own request loop, `APIClientCore.send` with JSON decoding, nothing
    /// opted into (workloads 1 and 6).
    static let curlTransportSDK = Peer(
        id: "curl-transport-sdk", title: "SDK default path (`APIClientCore.send` + decode on CurlTransport)")
    static let cFloor = Peer(id: "c-floor", title: "C, libcurl easy API (floor)")
    static let urlSession = Peer(id: "urlsession", title: "URLSession (FoundationNetworking)")
    static let asyncHTTPClient = Peer(id: "ahc", title: "AsyncHTTPClient 1.37")
    /// The client workload name for a sequential-GET row of this peer (workloads 1 and 6).
    var sequentialWorkload: String {
        switch self {
        case .curlTransportOnExecutor: "sequential-executor"
        case .curlTransportSDK: "sequential-sdk"
        default: "sequential"
        }
    }

    static let curlCommand = Peer(id: "curl", title: "`curl` command")
    static let cadctl = Peer(id: "cadctl", title: "`cadctl` (release)")
}

/// One run of one peer in one workload.
struct RunResult: Sendable {
    /// Seconds the workload itself took (as the client timed it; curl's own `time_total` for the command).
    var seconds: Double
    var wallSeconds: Double
    var succeeded: Int
    var failed: Int
    var bytes: Int64
    var peakThreads: Int
    var peakRSSKiB: Int
}

/// All runs of one peer in one workload.
struct PeerResults: Sendable {
    var peer: Peer
    var runs: [RunResult] = []
    /// Why the peer has no figures, if it failed.
    var failure: String?

    func summary(_ figure: (RunResult) -> Double) -> Summary? { Summary(runs.map(figure)) }
}
