// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "pipeq",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "pipeq", targets: ["pipeq"]),
        .library(name: "PipeQEngine", targets: ["PipeQEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // Spans, diagnostics, calendar arithmetic: shared by every stage.
        .target(name: "PipeQCore", dependencies: ["CPlatform"]),
        // Typed columns, tables, the catalog, the CSV and .xlsx readers, type inference, pipeline roles.
        .target(name: "PipeQStorage", dependencies: [
            "PipeQCore", "CPlatform", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        // Query text -> tokens -> AST.
        .target(name: "PipeQLanguage", dependencies: ["PipeQCore"]),
        // AST -> bound query -> plan -> evaluation over typed columns.
        .target(name: "PipeQEngine", dependencies: ["PipeQCore", "PipeQStorage", "PipeQLanguage"]),
        // Result tables and diagnostics as text, CSV, JSON, Markdown.
        // The logical plan compiled to SQL (PostgreSQL, DuckDB, SQLite).
        .target(name: "PipeQSQL", dependencies: ["PipeQCore", "PipeQStorage", "PipeQLanguage", "PipeQEngine"]),
        .target(name: "PipeQRender", dependencies: ["PipeQCore", "PipeQStorage", "PipeQEngine"]),
        // Deterministic synthetic pipeline data.
        .target(name: "PipeQGenerate", dependencies: ["PipeQCore"]),
        // GNU readline, linked from the system library (libreadline-dev).
        .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
        // openpty for pseudo-terminal tests.
        .target(name: "CPty"),
        .target(name: "CPlatform"),
        // The commit the binary was built from, for `pipeq --version` (the Makefile writes it in).
        .target(name: "CBuildInfo"),
        // Sessions, scripts, the interactive shell, meta-commands. The only terminal code.
        .target(name: "PipeQShell", dependencies: ["PipeQCore", "PipeQStorage", "PipeQEngine", "PipeQRender", "PipeQSQL", "CReadline"]),
        .executableTarget(name: "pipeq", dependencies: [
            "PipeQShell", "PipeQGenerate", "PipeQRender", "PipeQEngine", "PipeQStorage", "PipeQLanguage", "CBuildInfo",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // libFuzzer targets (scripts/fuzz.sh builds them with -sanitize=fuzzer,address -DFUZZING); built
        // normally they replay the files named on the command line.
        .target(name: "FuzzHarness"),
        .executableTarget(name: "fuzz-query", dependencies: ["FuzzHarness", "PipeQEngine", "PipeQStorage", "PipeQRender"]),
        .executableTarget(name: "fuzz-csv", dependencies: ["FuzzHarness", "PipeQEngine", "PipeQStorage"]),
        .executableTarget(name: "pipeq-bench", dependencies: ["PipeQEngine", "PipeQStorage", "PipeQGenerate", "PipeQRender", "PipeQShell", "PipeQSQL"]),
        // One test target per module, each depending on what its tests import.
        .testTarget(name: "PipeQCoreTests", dependencies: ["PipeQCore"]),
        .testTarget(name: "PipeQStorageTests", dependencies: ["PipeQStorage", "PipeQCore", "CPlatform"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "PipeQGenerateTests", dependencies: ["PipeQGenerate"]),
        .testTarget(name: "PipeQLanguageTests", dependencies: ["PipeQLanguage", "PipeQCore"]),
        .testTarget(name: "PipeQEngineTests", dependencies: [
            "PipeQEngine", "PipeQStorage", "PipeQCore", "PipeQGenerate", "PipeQRender", "PipeQTestSupport",
        ]),
        .testTarget(name: "PipeQRenderTests", dependencies: [
            "PipeQRender", "PipeQEngine", "PipeQStorage", "PipeQCore", "PipeQTestSupport",
        ]),
        .testTarget(name: "PipeQShellTests", dependencies: [
            "PipeQShell", "PipeQEngine", "PipeQStorage", "PipeQRender", "PipeQCore", "PipeQTestSupport",
        ]),
        // Hand-built tables shared by the Engine, Render and Shell tests.
        .target(name: "PipeQTestSupport", dependencies: ["PipeQEngine", "PipeQStorage"],
                path: "Tests/PipeQTestSupport"),
        // Every Cases/*.test file run through the engine and the renderers (the format is described in
        // GoldenFile.swift).
        .testTarget(name: "PipeQGoldenTests", dependencies: ["PipeQEngine", "PipeQStorage", "PipeQRender", "PipeQCore", "PipeQSQL", "PipeQTestSupport"],
                    exclude: ["duckdb-run.py"], resources: [.copy("Cases"), .copy("Data")]),
        // The built `pipeq` binary, run as a process and on a pseudo-terminal.
        .testTarget(name: "PipeQEndToEndTests", dependencies: ["pipeq", "CPty", "PipeQCore"], exclude: ["Golden"]),
    ],
    swiftLanguageModes: [.v6]
)
