// swift-tools-version:6.0
// knocksh: a shell, recipe runner and local engine for the Knock API.
// Target graph and import rules: docs/architecture.md.
import PackageDescription

let package = Package(
    name: "knocksh",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "knocksh", targets: ["knocksh"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
    ],
    targets: [
        // Shared vocabulary: JSON values, durations, timestamps, ids. No I/O.
        .target(
            name: "KnockCore",
            dependencies: [.product(name: "OrderedCollections", package: "swift-collections")]
        ),
        // The endpoint catalog and the HTTP client for the Knock API.
        .target(name: "KnockAPI", dependencies: ["KnockCore"]),
        // The knocksh script language: syntax, evaluation, runner and reporters.
        .target(name: "KnockScript", dependencies: ["KnockCore"]),
        // The system SQLite library (apt: libsqlite3-dev), wrapped by KnockEngine's Store.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // The local Knock engine: storage, recipients, workflow runtime, templates, providers, clock.
        // No HTTP types: KnockServer maps HTTP onto it.
        .target(
            name: "KnockEngine",
            dependencies: ["KnockCore", "CSQLite", .product(name: "OrderedCollections", package: "swift-collections")]
        ),
        // The local engine's HTTP face: routes from the catalog, auth, rate limits, error bodies.
        .target(
            name: "KnockServer",
            dependencies: [
                "KnockEngine", "KnockAPI", "KnockCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        // The executable: argument parsing and wiring only.
        .executableTarget(
            name: "knocksh",
            dependencies: [
                "KnockCore", "KnockScript", "KnockEngine", "KnockServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "KnockCoreTests", dependencies: ["KnockCore"]),
        .testTarget(name: "KnockAPITests", dependencies: ["KnockAPI"]),
        .testTarget(name: "KnockScriptTests", dependencies: ["KnockScript"]),
        .testTarget(name: "KnockEngineTests", dependencies: ["KnockEngine"]),
        .testTarget(name: "KnockServerTests", dependencies: ["KnockServer", "KnockEngine", "KnockAPI", "KnockCore"]),
    ]
)
