#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The natural logarithm (libm), without importing Foundation into the core.
@inline(__always) func mathLog(_ x: Double) -> Double { log(x) }
/// The exponential (libm).
@inline(__always) func mathExp(_ x: Double) -> Double { exp(x) }
