import CADGeometry
import CADTestSupport
import Foundation
import Testing

/// A fresh temporary directory for one test.
func scratchDirectory() throws -> URL {
    try TestScratch.directory("cadgeometry")
}

/// Writes `data` to `name` in `directory` and returns the path.
func write(_ data: Data, _ name: String, in directory: URL) throws -> String {
    let url = directory.appendingPathComponent(name)
    try data.write(to: url)
    return url.path
}

/// Checks a report's measures: sizes within 0.05 mm, volume and area within 0.1 %.
func expectMeasures(
    _ report: PartReport, size: SIMD3<Double>, volume: Double, area: Double,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    for axis in 0..<3 {
        #expect(abs(report.size[axis] - size[axis]) <= 0.05, "size[\(axis)] is \(report.size[axis]), expected \(size[axis])",
                sourceLocation: sourceLocation)
    }
    #expect(abs(report.volume - volume) <= abs(volume) * 0.001, "volume \(report.volume), expected \(volume)", sourceLocation: sourceLocation)
    #expect(abs(report.area - area) <= area * 0.001, "area \(report.area), expected \(area)", sourceLocation: sourceLocation)
}
