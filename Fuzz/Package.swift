// swift-tools-version: 6.1
// libFuzzer targets for the readers of ShrinkIO (CSV, LIBSVM, model documents). Not part of
// the main package's build or tests: run ../scripts/fuzz.sh, which builds them with
// `-sanitize=fuzzer,address -parse-as-library`.
import PackageDescription

let package = Package(
    name: "ShrinkFuzz",
    dependencies: [.package(name: "Shrink", path: "..")],
    targets: [
        .executableTarget(name: "FuzzCSV", dependencies: [.product(name: "ShrinkIO", package: "Shrink")]),
        .executableTarget(name: "FuzzLIBSVM", dependencies: [.product(name: "ShrinkIO", package: "Shrink")]),
        .executableTarget(name: "FuzzModel", dependencies: [.product(name: "ShrinkIO", package: "Shrink")]),
    ]
)
