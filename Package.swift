// swift-tools-version:6.1
import PackageDescription

/// Every Swift target is built in the Swift 6 language mode (complete concurrency checking).
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

/// The modules of this package and the ones of ours each imports directly.
///
/// SwiftPM recompiles a target when the module file of a dependency it *lists* changes, but not when one it
/// only reaches through another changes (swiftlang/swift-package-manager#10502). Non-resilient modules bake
/// the layout of each other's structs into their code, so after a stored property is added to `APIClientCore`
/// (CADCore), a target listing only `Bitbybit` keeps objects compiled against the old layout, and the linked
/// tests crash in `swift_release`. Every target therefore lists every module of ours it reaches: `ours(_:)`
/// expands names into that closure.
let ourModuleGraph: [String: [String]] = [
    "CCurl": [],
    "CCrypto": [],
    "CADCrypto": ["CCrypto"],
    "CADTransport": ["CCurl"],
    "CADCore": ["CADTransport"],
    "CADRecording": ["CADCore", "CADCrypto"],
    "CADLedger": ["CADCore", "CADCrypto"],
    "Bitbybit": ["CADCore", "CADCrypto"],
    "Orville": ["CADCore"],
    "Makistry": ["CADCore", "CADCrypto"],
    "CADSandbox": ["CADRecording", "CADCrypto"],
    "cad-sandbox": ["CADSandbox"],
    "CADObservability": ["CADCore"],
    "CADCLICore": ["CADCore", "CADGeometry", "CADLedger"],
    "CADMCP": ["CADCLICore", "Bitbybit", "Orville", "Makistry", "CADGeometry", "CADLedger"],
    "cadctl": ["Bitbybit", "Orville", "Makistry", "CADRecording", "CADLedger", "CADGeometry", "CADCLICore", "CADMCP"],
    "CADTestSupport": [],
    "CADZlib": [],
    "CADGeometry": ["CADZlib"],
    "cadctl-occt": [],
]

/// `names` and every module of ours they reach, each listed directly (see `ourModuleGraph`).
func ours(_ names: String...) -> [Target.Dependency] {
    var reached: [String] = []
    func visit(_ name: String) {
        guard !reached.contains(name) else { return }
        reached.append(name)
        for dependency in ourModuleGraph[name] ?? [] { visit(dependency) }
    }
    names.forEach(visit)
    return reached.map { .byName(name: $0) }
}

/// The OpenCASCADE 7.6 toolkits `cadctl-occt` links (Debian's libocct-*-dev packages).
let occtLibraries = [
    "TKernel", "TKMath", "TKG2d", "TKG3d", "TKGeomBase", "TKBRep", "TKGeomAlgo", "TKTopAlgo", "TKPrim", "TKBO",
    "TKShHealing", "TKMesh", "TKXSBase", "TKSTEPBase", "TKSTEPAttr", "TKSTEP209", "TKSTEP",
]

let package = Package(
    name: "cadctl",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "CADTransport", targets: ["CADTransport"]),
        .library(name: "CADCore", targets: ["CADCore"]),
        .library(name: "Bitbybit", targets: ["Bitbybit"]),
        .library(name: "Orville", targets: ["Orville"]),
        .library(name: "Makistry", targets: ["Makistry"]),
        .library(name: "CADObservability", targets: ["CADObservability"]),
        .library(name: "CADRecording", targets: ["CADRecording"]),
        .library(name: "CADLedger", targets: ["CADLedger"]),
        .library(name: "CADSandbox", targets: ["CADSandbox"]),
        .library(name: "CADGeometry", targets: ["CADGeometry"]),
        .executable(name: "cadctl", targets: ["cadctl"]),
        .executable(name: "cad-sandbox", targets: ["cad-sandbox"]),
        .executable(name: "cadctl-occt", targets: ["cadctl-occt"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", exact: "0.12.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // C shim over Debian's libcurl4-openssl-dev: only the variadic and callback parts, and the ALPN a
        // connection negotiated (libssl-dev's OpenSSL, which that libcurl uses).
        .target(
            name: "CCurl",
            linkerSettings: [.linkedLibrary("curl"), .linkedLibrary("ssl")]
        ),
        // C shim over the system's OpenSSL libcrypto (Debian's libssl-dev): SHA-256, HMAC-SHA256 and a
        // constant-time compare behind opaque handles; `CADCrypto` is its Swift face.
        .target(
            name: "CCrypto",
            linkerSettings: [.linkedLibrary("crypto")]
        ),
        .target(
            name: "CADCrypto",
            dependencies: ours("CCrypto"),
            swiftSettings: strictSettings
        ),
        .target(
            name: "CADTransport",
            dependencies: ours("CCurl"),
            swiftSettings: strictSettings
        ),
        .target(
            name: "CADCore",
            dependencies: ours("CADTransport") + [
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // swift-metrics and swift-distributed-tracing behind `RequestInstrumentation`: a product of its own,
        // so the provider products never pull either in.
        .target(
            name: "CADObservability",
            dependencies: ours("CADCore") + [
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "CADRecording",
            dependencies: ours("CADCore", "CADCrypto"),
            swiftSettings: strictSettings
        ),
        // The local ledger of paid submissions (SQLite through GRDB, on Debian's libsqlite3-dev). Provider
        // modules do not depend on it: it implements CADCore's `SubmissionJournal`.
        .target(
            name: "CADLedger",
            dependencies: ours("CADCore", "CADCrypto") + [
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Bitbybit",
            dependencies: ours("CADCore", "CADCrypto") + [
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [
                .copy("Resources/bitbybit-operations.json"),
                .copy("Resources/bitbybit-openapi.json"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Orville",
            dependencies: ours("CADCore") + [.product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Makistry",
            dependencies: ours("CADCore", "CADCrypto") + [
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The sandbox must share no decoding code with the client modules: it depends on none of them.
        .target(
            name: "CADSandbox",
            dependencies: ours("CADRecording") + [
                .product(name: "Hummingbird", package: "hummingbird"),
                // A channel handler drops connections and truncates bodies for the fault plan.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                // Runs both listeners as one service group that shuts down gracefully.
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            exclude: ["Bitbybit/README.md"],
            resources: [.copy("Resources/bitbybit-openapi.json")],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "cad-sandbox",
            dependencies: ours("CADSandbox") + [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // What the CLI and its MCP server share: settings and key resolution, provider choice, error facts.
        .target(
            name: "CADCLICore",
            dependencies: ours("CADCore", "CADGeometry", "CADLedger") + [.product(name: "TOMLKit", package: "TOMLKit")],
            swiftSettings: strictSettings
        ),
        // `cadctl mcp`: the Model Context Protocol server over the SDK clients.
        .target(
            name: "CADMCP",
            dependencies: ours("CADCLICore", "Bitbybit", "Orville", "Makistry", "CADGeometry", "CADLedger") + [
                .product(name: "MCP", package: "swift-sdk"),
            ],
            swiftSettings: strictSettings
        ),
        // Debian's zlib1g-dev: deflate and CRC-32 for the PNG writer.
        .systemLibrary(name: "CADZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Mesh readers, measures and the software renderer; no provider product depends on it.
        .target(
            name: "CADGeometry",
            dependencies: ours("CADZlib") + [.product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "cadctl",
            dependencies: ours("Bitbybit", "Orville", "Makistry", "CADRecording", "CADLedger", "CADGeometry", "CADCLICore", "CADMCP") + [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: strictSettings
        ),
        // The OpenCASCADE helper (C++): measures and tessellates STEP files for `cadctl inspect` and `preview`
        // in a process of its own, so cadctl never links OpenCASCADE (docs/occt-helper.md). Debian's
        // headers live in /usr/include/opencascade, reached through the SystemHeaders/opencascade symlink
        // (a header search path must lie inside the package; unsafe flags would bar the package as a
        // dependency).
        .executableTarget(
            name: "cadctl-occt",
            cxxSettings: [.headerSearchPath("../../SystemHeaders/opencascade")],
            linkerSettings: (occtLibraries + ["m"]).map { .linkedLibrary($0) }
        ),
        // Helpers shared by test targets (child processes without Foundation's `Process`).
        .target(
            name: "CADTestSupport",
            path: "Tests/TestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CADTransportTests",
            dependencies: ours("CADTransport", "CADTestSupport") + [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // SHA-256 and HMAC-SHA256 checked against the `openssl` command line.
        .testTarget(
            name: "CADCryptoTests",
            dependencies: ours("CADCrypto", "CADTestSupport"),
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CADObservabilityTests",
            dependencies: ours("CADObservability") + [
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CADCoreTests",
            dependencies: ours("CADCore", "CADTestSupport") + [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CADSandboxTests",
            dependencies: ours("CADSandbox", "CADTransport", "CADTestSupport"),
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CADRecordingTests",
            dependencies: ours("CADRecording", "CADSandbox", "CADTestSupport"),
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ReliabilityTests",
            dependencies: ours("Orville", "Makistry", "Bitbybit", "CADSandbox", "CADRecording") + [
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // Every cassette under Recordings/ replayed through the typed SDK clients (no network).
        .testTarget(
            name: "CassetteReplayTests",
            dependencies: ours("CADRecording", "Orville", "Makistry", "Bitbybit", "CADTestSupport"),
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "FuzzTests",
            dependencies: ours("CADCore", "Bitbybit", "CADRecording", "CADGeometry", "CADTestSupport") + [
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DocSnippetTests",
            dependencies: ours("CADSandbox", "CADRecording", "CADLedger", "CADCrypto", "CADTransport", "Orville"),
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CADLedgerTests",
            dependencies: ours("CADLedger", "CADTestSupport"),
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "BitbybitTests",
            dependencies: ours("Bitbybit", "CADSandbox"),
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "OrvilleTests",
            dependencies: ours("Orville", "CADSandbox", "CADTestSupport"),
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "MakistryTests",
            dependencies: ours("Makistry", "CADSandbox"),
            swiftSettings: strictSettings
        ),
        // Runs the built cadctl-occt on reference solids, corrupt files and the sandbox's STEP.
        .testTarget(
            name: "OCCTHelperTests",
            dependencies: ours("CADSandbox", "CADTestSupport"),
            swiftSettings: strictSettings
        ),
        // `cadctl mcp` over stdio, driven by the MCP Swift SDK's client and by the Python SDK's.
        .testTarget(
            name: "MCPTests",
            dependencies: ours("CADMCP", "CADSandbox", "CADTestSupport") + [
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CADGeometryTests",
            dependencies: ours("CADGeometry", "CADZlib", "CADTestSupport") + [
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ours("cadctl", "CADSandbox", "CADTransport", "CADRecording", "CADTestSupport"),
            swiftSettings: strictSettings
        ),
    ],
    cxxLanguageStandard: .cxx17
)
