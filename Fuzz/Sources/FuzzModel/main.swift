import ShrinkIO
#if canImport(Glibc)
import Glibc
#endif

/// The fuzzed function: reads the input as a model document; a document that is accepted
/// must write and read back to an equal document with the same text.
func fuzzModel(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let document = try? ModelDocument(json: bytes, source: "fuzz.json") else { return 0 }
    guard let text = try? document.jsonText() else { return 0 }
    let again = try? ModelDocument(json: Array(text.utf8), source: "again.json")
    precondition(again != nil, "a written document is not read back")
    precondition(try! again!.jsonText() == text, "writing is not stable")
    _ = document.coefficients(at: document.lambdas.last ?? 0)
    return 0
}

/// libFuzzer's driver (from the `-sanitize=fuzzer` runtime), which parses the libFuzzer flags.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzer(_ argc: UnsafeMutablePointer<CInt>,
               _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
               _ body: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

var argc = CommandLine.argc
var argv = Optional(CommandLine.unsafeArgv)
exit(runFuzzer(&argc, &argv) { data, size in fuzzModel(data, size) })
