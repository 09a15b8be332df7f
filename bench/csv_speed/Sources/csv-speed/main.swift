import Foundation
import ShrinkIO

// Usage: csv-speed FILE [--design TARGET] [--threads N]
// Reads FILE with CSVReader and prints one JSON line: rows, columns, seconds, MB/s and the sum
// of every cell and the XOR of their bit patterns (to check agreement with pandas). With --design, also builds the fit's design
// (ModelData with TARGET) and reports that time too.
let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: csv-speed FILE [--design TARGET]\n".utf8))
    exit(2)
}
let path = arguments[1]
let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.doubleValue ?? 0
let start = DispatchTime.now().uptimeNanoseconds
let table: DataTable
do {
    var reader = CSVReader()
    if let k = arguments.firstIndex(of: "--threads"), k + 1 < arguments.count { reader.threads = Int(arguments[k + 1]) }
    table = try reader.read(path: path)
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(2)
}
let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
var sum = 0.0
var xor: UInt64 = 0  // order-free and exact: equal iff (almost surely) every double is equal
for column in table.columns {
    for v in column {
        sum += v
        xor ^= v.bitPattern
    }
}
var line = "{\"rows\": \(table.rowCount), \"columns\": \(table.columnCount), \"seconds\": \(seconds), "
    + "\"mbPerSecond\": \(size / 1e6 / seconds), \"sum\": \(sum), \"xor\": \"\(String(xor, radix: 16))\""
if arguments.count >= 4 && arguments[2] == "--design" {
    let t0 = DispatchTime.now().uptimeNanoseconds
    let data = try ModelData(table: table, target: arguments[3])
    let designSeconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    line += ", \"designSeconds\": \(designSeconds), \"features\": \(data.featureNames.count)"
}
print(line + "}")
