import Foundation

/// The driver both fuzz targets share. Built with `-DFUZZING` and `-sanitize=fuzzer,address`
/// (`scripts/fuzz.sh`), it hands control to libFuzzer; built normally, it replays each file named on the
/// command line (a corpus entry or a crash reproducer) through the same entry point.
///
/// Why a driver at all: SwiftPM links an executable's `main` to the module's entry point, so libFuzzer's
/// own `main` can't be used; the target's `@main` calls `LLVMFuzzerRunDriver` instead.
public enum FuzzHarness {
    /// The `LLVMFuzzerTestOneInput` shape.
    public typealias TestOneInput = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    public static func main(name: String, testOneInput: TestOneInput) -> Never {
        #if FUZZING
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(LLVMFuzzerRunDriver(&argc, &argv, testOneInput))
        #else
            for path in CommandLine.arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else {
                    FileHandle.standardError.write(Data("\(name): cannot read \(path)\n".utf8))
                    exit(2)
                }
                let bytes = [UInt8](data)
                _ = bytes.withUnsafeBufferPointer { testOneInput($0.baseAddress, $0.count) }
            }
            exit(0)
        #endif
    }
}

#if FUZZING
    /// libFuzzer's driver, from libclang_rt.fuzzer (linked by `-sanitize=fuzzer`).
    // swift-format-ignore: AlwaysUseLowerCamelCase
    @_silgen_name("LLVMFuzzerRunDriver")
    func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: FuzzHarness.TestOneInput
    ) -> CInt
#endif
