// swift-tools-version: 6.1
// Performance benchmarks for Shrink, kept in a nested package so that the library itself does not
// depend on the benchmark framework.
//
//   cd Benchmarks && swift package benchmark                       # everything
//   cd Benchmarks && swift package benchmark --filter 'dot.*'      # a subset (regex on names)
//   swift build -c release --package-path Benchmarks --product shrink-bench-fit   # used by bench/compare
import PackageDescription

let package = Package(
    name: "ShrinkBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        // The library under test: the enclosing package, by path (its identity is the folder name,
        // so the product is referenced by that name below; `name:` pins it independent of the clone).
        .package(name: "Shrink", path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Deterministic generator of the Friedman-Hastie-Tibshirani (2010) design, shared by the
        // path benchmarks.
        .target(name: "FHTDesign", path: "Sources/FHTDesign"),
        // Reads a CSV and a lambda list, fits the path with ElasticNet.fit, prints JSON; used by
        // bench/compare so the timed part excludes parsing and CLI handling.
        .executableTarget(
            name: "shrink-bench-fit",
            dependencies: [.product(name: "Shrink", package: "Shrink")],
            path: "Sources/shrink-bench-fit"
        ),
        // Peak memory of one fit on a generated dense design, relative to the design's bytes.
        .executableTarget(name: "shrink-bench-memory", dependencies: [.product(name: "Shrink", package: "Shrink"), "FHTDesign"], path: "Sources/shrink-bench-memory"),
        .executableTarget(
            name: "Kernels",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Shrink", package: "Shrink"),
                "FHTDesign",
            ],
            path: "Benchmarks/Kernels",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "LassoPath",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Shrink", package: "Shrink"),
                "FHTDesign",
            ],
            path: "Benchmarks/LassoPath",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
