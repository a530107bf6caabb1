// swift-tools-version:6.1
import PackageDescription

// The benchmark package for cadctl's transport (`make bench`). It is its own package so that the root
// package's `make test` never builds the peers (AsyncHTTPClient, the C floor) or the load server.
//
// Every client is its own executable, so each one's peak threads and peak RSS are measured in a process
// that holds only that client; the harness (`cadctl-bench`) starts the server and the clients, samples
// them from outside, and writes BENCHMARKS.md at the repository root.
let package = Package(
    name: "cadctl-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "cadctl", path: ".."),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.27.0"),
    ],
    targets: [
        // What every Swift client shares: the command line it is given and the JSON line it prints.
        .target(name: "BenchSupport"),
        // The loopback HTTP/1.1 server every client talks to, in its own process.
        .executableTarget(
            name: "bench-server",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Sources/BenchServer"
        ),
        // cadctl's transport.
        .executableTarget(
            name: "bench-client-transport",
            dependencies: [
                "BenchSupport",
                .product(name: "CADTransport", package: "cadctl"),
                .product(name: "CADCore", package: "cadctl"),
            ],
            path: "Sources/BenchClientTransport"
        ),
        // Foundation's URLSession (FoundationNetworking, itself on libcurl on Linux).
        .executableTarget(
            name: "bench-client-urlsession",
            dependencies: ["BenchSupport"],
            path: "Sources/BenchClientURLSession"
        ),
        // AsyncHTTPClient on SwiftNIO.
        .executableTarget(
            name: "bench-client-ahc",
            dependencies: [
                "BenchSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            path: "Sources/BenchClientAHC"
        ),
        // The floor: a C program on libcurl's easy API with one reused handle.
        .executableTarget(
            name: "bench-client-c",
            path: "Sources/BenchClientC",
            linkerSettings: [.linkedLibrary("curl")]
        ),
        // Workload 5: the CADCore Poller on each provider's schedule against the sandbox.
        .executableTarget(
            name: "bench-poll",
            dependencies: [
                .product(name: "CADCore", package: "cadctl"),
                .product(name: "CADTransport", package: "cadctl"),
            ],
            path: "Sources/BenchPoll"
        ),
        // The harness: runs every workload for every peer, repeatedly, and writes BENCHMARKS.md.
        .executableTarget(
            name: "cadctl-bench",
            path: "Sources/BenchHarness"
        ),
    ]
)
