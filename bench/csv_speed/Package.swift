// swift-tools-version: 6.1
// The reader side of bench/csv_speed.py: times ShrinkIO's CSVReader on one file. A nested
// package, outside the main build.
import PackageDescription

let package = Package(
    name: "CSVSpeed",
    dependencies: [.package(name: "Shrink", path: "../..")],
    targets: [
        .executableTarget(name: "csv-speed", dependencies: [.product(name: "ShrinkIO", package: "Shrink")]),
    ]
)
