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
        .target(
            name: "KnockScript",
            dependencies: ["KnockCore", .product(name: "OrderedCollections", package: "swift-collections")],
            // The interpreter's frames are confined to one thread; dynamic exclusivity checks on
            // every variable access cost the hot loop time and catch nothing there.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        // The local Knock engine: storage, recipients, workflow runtime, templates, providers, clock.
        .target(name: "KnockEngine", dependencies: ["KnockCore"]),
        // The executable: argument parsing and wiring only.
        .executableTarget(
            name: "knocksh",
            dependencies: [
                "KnockCore", "KnockScript",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "KnockCoreTests", dependencies: ["KnockCore"]),
        .testTarget(name: "KnockAPITests", dependencies: ["KnockAPI"]),
        .testTarget(name: "KnockScriptTests", dependencies: ["KnockScript"]),
        .testTarget(name: "KnockEngineTests", dependencies: ["KnockEngine"]),
    ]
)
