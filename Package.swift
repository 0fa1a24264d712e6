// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Corridor",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "CorridorKit", targets: ["CorridorKit"]),
        .executable(name: "corridor", targets: ["corridor"]),
        .executable(name: "corridor-example", targets: ["CompareScenarios"]),
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
        .target(name: "CorridorGeo", dependencies: ["CGDAL", "CPROJ"]),
        .target(name: "CorridorGraph"),
        .target(
            name: "CorridorKit",
            dependencies: ["CorridorGeo", "CorridorGraph", .product(name: "Yams", package: "Yams")]),
        .executableTarget(
            name: "corridor",
            dependencies: ["CorridorKit", "CorridorGraph", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // A copyable example of a scripted comparison with the library API.
        .executableTarget(name: "CompareScenarios", dependencies: ["CorridorKit"], path: "Examples/CompareScenarios"),
        .testTarget(name: "CorridorGeoTests", dependencies: ["CorridorGeo", "CorridorGraph"]),
        .testTarget(name: "CorridorGraphTests", dependencies: ["CorridorGraph"]),
        .testTarget(name: "CorridorKitTests", dependencies: ["CorridorKit", "CorridorGeo", "CorridorGraph"]),
        .testTarget(name: "corridorTests", dependencies: ["CorridorKit", "CorridorGeo", "CorridorGraph"]),
    ]
)
