import ShrinkIO
#if canImport(Glibc)
import Glibc
#endif

/// The fuzzed function: reads the input as CSV (with and without a header), then uses every
/// column as the target with each missing-value policy and re-encodes the table with its own
/// encoding. Errors are expected; crashes, hangs and inconsistent results are bugs.
func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for reader in [CSVReader(), CSVReader(hasHeader: false), CSVReader(delimiter: .tab)] {
        guard let table = try? reader.parse(bytes, source: "fuzz.csv") else { continue }
        precondition(table.columns.allSatisfy { $0.count == table.rowCount }, "column length differs from row count")
        precondition(table.rowLines.count == table.rowCount, "row lines differ from row count")
        for j in 0..<min(table.columnCount, 4) {
            for policy in MissingValuePolicy.allCases {
                guard let model = try? ModelData(table: table, target: "#\(j + 1)", missing: policy) else { continue }
                precondition(model.featureNames.count == model.design.columnCount, "feature names differ from columns")
                precondition(model.y.count == model.design.rowCount, "response length differs from rows")
                if policy != .drop, let encoding = model.encoding {
                    let again = try? FeatureEncoder.design(table, encoding: encoding, imputation: model.imputation)
                    precondition(again == model.x, "re-encoding the training table gives another design")
                }
            }
        }
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
exit(runFuzzer(&argc, &argv) { data, size in fuzzCSV(data, size) })
