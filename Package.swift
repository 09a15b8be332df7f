// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Shrink",
    products: [
        .library(name: "Shrink", targets: ["Shrink"]),
        .library(name: "ShrinkIO", targets: ["ShrinkIO"]),
        .library(name: "ShrinkPlot", targets: ["ShrinkPlot"]),
        .executable(name: "shrink", targets: ["shrink"]),
    ],
    traits: [
        .trait(name: "OpenBLAS", description: "Back the symmetric eigensolver and Cholesky with LAPACK and the dense matrix products with BLAS (LAPACKE and CBLAS on OpenBLAS; apt-get install libopenblas-dev liblapacke-dev)."),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // The numerical core: design matrices, families, penalties, solvers, paths. No I/O.
        .target(name: "Shrink", dependencies: [
            "CShrinkKernels", .target(name: "CLAPACK", condition: .when(traits: ["OpenBLAS"])),
        ]),
        // AVX2/FMA register tiles of the dense matrix products, chosen at run time (C: the Swift
        // default target cannot use them); nothing beyond the toolchain.
        // The binomial refresh looks up glibc's vector exp and log1p (libmvec) with dlopen when it
        // loads (libdl: a stub in glibc 2.34 and later and in musl).
        .target(name: "CShrinkKernels", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        // LAPACKE + CBLAS on OpenBLAS (system libraries), linked only with the OpenBLAS trait.
        .systemLibrary(name: "CLAPACK", path: "Sources/CLAPACK"),
        // Reading data (CSV) and model documents (JSON); no terminal output.
        .target(name: "ShrinkIO", dependencies: ["Shrink"]),
        // SVG plots (axes, ticks, lines, legends); no dependencies.
        .target(name: "ShrinkPlot"),
        // The command-line tool.
        .executableTarget(
            name: "shrink",
            dependencies: [
                "Shrink", "ShrinkIO", "ShrinkPlot",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "ShrinkTests", dependencies: ["Shrink"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ShrinkPlotTests", dependencies: ["ShrinkPlot"]),
        .testTarget(name: "ShrinkIOTests", dependencies: ["ShrinkIO", "Shrink"], resources: [.copy("Fixtures")]),
    ]
)
