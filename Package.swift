// swift-tools-version:6.1
import PackageDescription

/// Every Swift target is built in the Swift 6 language mode (complete concurrency checking).
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
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
        .library(name: "CADRecording", targets: ["CADRecording"]),
        .library(name: "CADSandbox", targets: ["CADSandbox"]),
        .executable(name: "cadctl", targets: ["cadctl"]),
        .executable(name: "cad-sandbox", targets: ["cad-sandbox"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // C shim over Debian's libcurl4-openssl-dev: only the variadic and callback parts.
        .target(
            name: "CCurl",
            linkerSettings: [.linkedLibrary("curl")]
        ),
        .target(
            name: "CADTransport",
            dependencies: ["CCurl"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "CADCore",
            dependencies: [
                "CADTransport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "CADRecording",
            dependencies: ["CADCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Bitbybit",
            dependencies: [
                "CADCore", .product(name: "Crypto", package: "swift-crypto"),
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
            dependencies: ["CADCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Makistry",
            dependencies: [
                "CADCore", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // The sandbox must share no decoding code with the client modules: it depends on none of them.
        .target(
            name: "CADSandbox",
            dependencies: [
                "CADRecording",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
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
            dependencies: [
                "CADSandbox",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "cadctl",
            dependencies: [
                "Bitbybit", "Orville", "Makistry", "CADRecording",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CADTransportTests",
            dependencies: [
                "CADTransport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CADCoreTests",
            dependencies: [
                "CADCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CADSandboxTests",
            dependencies: ["CADSandbox", "CADTransport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CADRecordingTests",
            dependencies: ["CADRecording", "CADSandbox"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ReliabilityTests",
            dependencies: [
                "Orville", "Makistry", "Bitbybit", "CADSandbox", "CADRecording",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // Every cassette under Recordings/ replayed through the typed SDK clients (no network).
        .testTarget(
            name: "CassetteReplayTests",
            dependencies: ["CADRecording", "Orville", "Makistry", "Bitbybit"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "FuzzTests",
            dependencies: [
                "CADCore", "Bitbybit", "CADRecording",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "BitbybitTests",
            dependencies: ["Bitbybit", "CADSandbox"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "OrvilleTests",
            dependencies: ["Orville", "CADSandbox"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "MakistryTests",
            dependencies: ["Makistry", "CADSandbox"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["cadctl", "CADSandbox", "CADTransport", "CADRecording"],
            swiftSettings: strictSettings
        ),
    ]
)
