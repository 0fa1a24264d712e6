// swift-tools-version:6.0
import PackageDescription

// Modules and the imports each may use: docs/ARCHITECTURE.md (checked by Tests/corridorTests/ImportRulesTests.swift).
let package = Package(
    name: "Corridor",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "CorridorKit", targets: ["CorridorKit"]),
        .executable(name: "corridor", targets: ["corridor"]),
        .executable(name: "corridor-example", targets: ["CompareScenarios"]),
        .executable(name: "corridor-fuzz", targets: ["CorridorFuzzDriver"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CGDAL", path: "Sources/CGDAL", pkgConfig: "gdal",
            providers: [.apt(["libgdal-dev"])]),
        .systemLibrary(
            name: "CPROJ", path: "Sources/CPROJ", pkgConfig: "proj",
            providers: [.apt(["libproj-dev"])]),
        // COIN-OR CLP (linear programs) and CBC (mixed-integer programs), EPL-2.0, reached only through CorridorSolver.
        .systemLibrary(
            name: "CCLP", path: "Sources/CCLP", pkgConfig: "clp",
            providers: [.apt(["coinor-libclp-dev"])]),
        .systemLibrary(
            name: "CCBC", path: "Sources/CCBC", pkgConfig: "cbc",
            providers: [.apt(["coinor-libcbc-dev"])]),
        // Bottom: error protocol and exit statuses, the number format, name matching, atomic files.
        .target(name: "CorridorCore"),
        .target(name: "CorridorGeo", dependencies: ["CGDAL", "CPROJ", "CorridorCore"]),
        .target(name: "CorridorSolver", dependencies: ["CCLP", "CCBC"]),
        .target(name: "CorridorGraph"),
        .target(name: "CorridorYAML", dependencies: ["CorridorCore", .product(name: "Yams", package: "Yams")]),
        // Stage modules: Load → Network ← Analysis ← Output.
        .target(name: "CorridorNetwork", dependencies: ["CorridorCore", "CorridorGeo", "CorridorGraph"]),
        .target(
            name: "CorridorLoad",
            dependencies: ["CorridorCore", "CorridorGeo", "CorridorNetwork", "CorridorYAML",
                           .product(name: "Yams", package: "Yams")]),
        .target(
            name: "CorridorAnalysis",
            dependencies: ["CorridorCore", "CorridorGeo", "CorridorGraph", "CorridorNetwork", "CorridorSolver", "CorridorYAML",
                           .product(name: "Yams", package: "Yams")]),
        .target(name: "CorridorOutput", dependencies: ["CorridorCore", "CorridorGeo", "CorridorNetwork", "CorridorAnalysis"]),
        // The umbrella: re-exports the public API of every module above.
        .target(
            name: "CorridorKit",
            dependencies: ["CorridorCore", "CorridorGeo", "CorridorGraph", "CorridorNetwork", "CorridorLoad",
                           "CorridorAnalysis", "CorridorOutput", "CorridorSolver"]),
        .executableTarget(
            name: "corridor",
            dependencies: ["CorridorKit", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // Fuzz targets (Tools/fuzz): the harness as a library (replayed by the tests), and the libFuzzer driver.
        .target(name: "CorridorFuzz", dependencies: ["CorridorKit"]),
        .executableTarget(name: "CorridorFuzzDriver", dependencies: ["CorridorFuzz"], path: "Tools/fuzzing/Driver"),
        // A copyable example of a scripted comparison with the library API.
        .executableTarget(name: "CompareScenarios", dependencies: ["CorridorKit"], path: "Examples/CompareScenarios"),
        // Helpers shared by the stage modules' tests (public API only).
        .target(name: "CorridorTestSupport", dependencies: ["CorridorKit"], path: "Tests/CorridorTestSupport"),
        // Runs the Python peers of Tools/crosscheck for the test targets of the modules they check.
        .target(name: "PythonPeers", path: "Tests/PythonPeers"),
        .testTarget(name: "CorridorCoreTests", dependencies: ["CorridorCore"]),
        .testTarget(name: "CorridorFuzzTests", dependencies: ["CorridorFuzz"]),
        .testTarget(name: "CorridorGeoTests", dependencies: ["CorridorGeo", "CorridorGraph"]),
        .testTarget(name: "CorridorGraphTests", dependencies: ["CorridorGraph", "PythonPeers"]),
        .testTarget(name: "CorridorSolverTests", dependencies: ["CorridorSolver", "PythonPeers"]),
        .testTarget(name: "CorridorNetworkTests", dependencies: ["CorridorNetwork", "CorridorKit", "CorridorTestSupport"]),
        .testTarget(name: "CorridorLoadTests", dependencies: ["CorridorLoad", "CorridorKit", "CorridorTestSupport"]),
        .testTarget(name: "CorridorAnalysisTests", dependencies: ["CorridorAnalysis", "CorridorKit", "CorridorTestSupport", "PythonPeers"]),
        .testTarget(name: "CorridorOutputTests", dependencies: ["CorridorOutput", "CorridorKit", "CorridorTestSupport"]),
        .testTarget(name: "corridorTests", dependencies: ["CorridorKit"]),
    ]
)
