// swift-tools-version:6.1
import PackageDescription

// A service that uses the SDK as a consumer does: a package of its own, depending on the repository by path
// and only on the products it imports. `make example` (and `make test`) builds and runs it against the sandbox.
let package = Package(
    name: "CADService",
    platforms: [.macOS(.v14)],
    dependencies: [
        // A path dependency's identity is its folder's name, which depends on the checkout ("cadctl",
        // "wt-examples", …); `name:` fixes the name `package:` below refers to.
        .package(name: "cadctl", path: "../.."),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "cad-service-example",
            dependencies: [
                .product(name: "Orville", package: "cadctl"),
                .product(name: "Makistry", package: "cadctl"),
                .product(name: "Bitbybit", package: "cadctl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        // The Swift snippets of the DocC articles, as written there (scripts/check-doc-snippets.py checks it).
        .executableTarget(
            name: "doc-snippets",
            dependencies: [
                .product(name: "Orville", package: "cadctl"),
                .product(name: "Makistry", package: "cadctl"),
                .product(name: "Bitbybit", package: "cadctl"),
                .product(name: "CADObservability", package: "cadctl"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
    ]
)
