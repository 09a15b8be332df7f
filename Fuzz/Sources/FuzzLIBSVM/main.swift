import ShrinkIO
#if canImport(Glibc)
import Glibc
#endif

/// The fuzzed function: reads the input as LIBSVM, free and with 3 features, and checks the
/// shape of the result. Errors are expected; crashes and inconsistent results are bugs.
func fuzzLIBSVM(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for reader in [LIBSVMReader(), LIBSVMReader(featureCount: 3)] {
        guard let set = try? reader.parse(bytes, source: "fuzz.svm") else { continue }
        precondition(set.labels.count == set.x.rowCount, "labels differ from rows")
        precondition(set.labels.allSatisfy(\.isFinite) && set.x.values.allSatisfy(\.isFinite), "non-finite value")
        if reader.featureCount == 3 { precondition(set.x.columnCount == 3, "feature count not applied") }
    }
    return 0
}

/// libFuzzer's driver (from the `-sanitize=fuzzer` runtime), which parses the libFuzzer flags.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzer(_ argc: UnsafeMutablePointer<CInt>,
               _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
               _ body: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

var argc = CommandLine.argc
var argv = Optional(CommandLine.unsafeArgv)
exit(runFuzzer(&argc, &argv) { data, size in fuzzLIBSVM(data, size) })
