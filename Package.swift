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
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.20.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.60.0"),
    ],
    targets: [
        // Shared vocabulary: JSON values, durations, timestamps, ids. No I/O.
        .target(
            name: "KnockCore",
            dependencies: [.product(name: "OrderedCollections", package: "swift-collections")]
        ),
        // The endpoint catalog and the HTTP client for the Knock API.
        .target(
            name: "KnockAPI",
            dependencies: [
                "KnockCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // The knocksh script language: syntax, evaluation, runner and reporters.
        .target(
            name: "KnockScript",
            dependencies: ["KnockCore", .product(name: "OrderedCollections", package: "swift-collections")],
            // The interpreter's frames are confined to one thread; dynamic exclusivity checks on
            // every variable access cost the hot loop time and catch nothing there.
            swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
        ),
        // The system SQLite library (apt: libsqlite3-dev), wrapped by KnockEngine's Store.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // The Knock API as script commands: catalog commands, http, help, waits, targets
        // (embedded engine or a real Knock environment) and secret redaction.
        .target(name: "KnockCommands", dependencies: ["KnockCore", "KnockAPI", "KnockScript"]),
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
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        // libedit, wrapped for Swift (see shared/reference/libedit.md). Only KnockShell imports it.
        .systemLibrary(
            name: "CEditLine", pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"]), .brew(["libedit"])]
        ),
        // The interactive shell: line editor, history, completion, rendering, meta-commands.
        // It evaluates through the ShellEvaluator protocol, so it does not import KnockScript.
        .target(name: "KnockShell", dependencies: ["KnockCore", "CEditLine"]),
        // The shell's evaluator over the script language: the one place KnockShell meets KnockScript.
        .target(name: "KnockShellScript", dependencies: ["KnockShell", "KnockScript", "KnockCore"]),
        // The executable: argument parsing and wiring only.
        .executableTarget(
            name: "knocksh",
            dependencies: [
                "KnockCore", "KnockScript", "KnockAPI", "KnockCommands", "KnockEngine", "KnockServer", "KnockShell", "KnockShellScript",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // In-process benchmark of the workflow runtime (scripts/bench-runtime --in-process): the
        // engine's SQLite store without HTTP, so it builds in release without NIO.
        .executableTarget(name: "knocksh-runtime-bench", dependencies: ["KnockEngine", "KnockCore"]),
        // Test helpers shared by the test targets (Tests/Support): the scripted loopback HTTP
        // server, temporary directories of files.
        .target(
            name: "TestSupport",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/Support"),
        .testTarget(name: "KnockCoreTests", dependencies: ["KnockCore"]),
        // The client tests run against a real loopback HTTP server.
        .testTarget(
            name: "KnockAPITests",
            dependencies: ["KnockAPI", "TestSupport", .product(name: "NIOCore", package: "swift-nio")]
        ),
        .testTarget(name: "KnockScriptTests", dependencies: ["KnockScript", "TestSupport"]),
        // Commands against a loopback fake Knock server, and the knocksh binary end to end.
        .testTarget(
            name: "KnockCommandsTests",
            dependencies: [
                "KnockCommands", "KnockAPI", "KnockScript", "KnockCore", "knocksh", "TestSupport",
            ]
        ),
        .testTarget(name: "KnockEngineTests", dependencies: ["KnockEngine"]),
        // Depends on knocksh so `swift test` builds the binary the tmux tests drive.
        .testTarget(name: "KnockShellTests", dependencies: ["KnockShell", "KnockShellScript", "KnockScript", "KnockCore", "knocksh"]),
        .testTarget(name: "KnockServerTests", dependencies: ["KnockServer", "KnockEngine", "KnockAPI", "KnockCore", "TestSupport"]),
    ]
)
