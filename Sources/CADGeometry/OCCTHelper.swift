import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The `cadctl-occt` helper program, which reads STEP with OpenCASCADE in a process of its own (so
/// cadctl never links OpenCASCADE, and a crash on a hostile file cannot take cadctl down).
///
/// Found through `$CADCTL_OCCT`, else beside the running executable, else on `PATH`.
public struct OCCTHelper: Sendable {
    /// The helper's path.
    public var path: String

    /// The Debian packages of OpenCASCADE's runtime the helper needs.
    public static let aptInstall =
        "sudo apt-get install libocct-foundation-7.6 libocct-modeling-data-7.6 libocct-modeling-algorithms-7.6 libocct-data-exchange-7.6"

    /// The helper at `path`.
    public init(path: String) { self.path = path }

    /// Finds the helper, or throws a message that says how to install it.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> OCCTHelper {
        if let explicit = environment["CADCTL_OCCT"], !explicit.isEmpty {
            guard access(explicit, X_OK) == 0 else {
                throw GeometryError(.toolUnavailable, "CADCTL_OCCT is \(explicit), which is not an executable file; \(installHint)")
            }
            return OCCTHelper(path: explicit)
        }
        var candidates: [String] = []
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
           let slash = executable.lastIndex(of: "/") {
            candidates.append(String(executable[..<slash]) + "/cadctl-occt")
        }
        for directory in (environment["PATH"] ?? "/usr/local/bin:/usr/bin").split(separator: ":") where !directory.isEmpty {
            candidates.append(directory + "/cadctl-occt")
        }
        if let found = candidates.first(where: { access($0, X_OK) == 0 }) { return OCCTHelper(path: found) }
        throw GeometryError(.toolUnavailable, "reading STEP needs the cadctl-occt helper, which was not found; \(installHint)")
    }

    static let installHint = """
        install OpenCASCADE's runtime (\(aptInstall)) and put cadctl-occt beside cadctl \
        (`make install` does), on PATH, or name it with CADCTL_OCCT=/path/to/cadctl-occt
        """

    /// What the helper's `measure` prints.
    public struct Measurement: Decodable, Sendable {
        /// The file's length unit (`mm`, `inch`, `m`, …).
        public var units: String
        /// The bounding box's smallest corner in mm.
        public var minMM: [Double]
        /// The bounding box's largest corner in mm.
        public var maxMM: [Double]
        /// Volume in mm³.
        public var volumeMM3: Double
        /// Surface area in mm².
        public var areaMM2: Double
        /// Number of solids.
        public var solids: Int
        /// Number of faces.
        public var faces: Int
        /// Number of shells.
        public var shells: Int
        /// Whether every shell is valid and closed.
        public var closed: Bool
        /// Number of separate bodies.
        public var bodies: Int

        enum CodingKeys: String, CodingKey {
            case units, solids, faces, shells, closed, bodies
            case minMM = "min_mm", maxMM = "max_mm", volumeMM3 = "volume_mm3", areaMM2 = "area_mm2"
        }
    }

    /// Measures the STEP file at `file`.
    public func measure(_ file: String) throws -> Measurement {
        let outcome = try run(["measure", file])
        do {
            let measurement = try JSONDecoder().decode(Measurement.self, from: Data(outcome))
            guard measurement.minMM.count == 3, measurement.maxMM.count == 3 else {
                throw GeometryError(.toolUnavailable, "cadctl-occt measure answered a bounding box without three coordinates")
            }
            return measurement
        } catch let error as GeometryError {
            throw error
        } catch {
            throw GeometryError(.toolUnavailable, "cadctl-occt measure answered something that is not its JSON: \(String(decoding: outcome.prefix(200), as: UTF8.self))")
        }
    }

    /// Tessellates the STEP file at `file` into a binary STL at `stl` (mm, the file's axes).
    public func mesh(_ file: String, to stl: String, linearDeflection: Double? = nil) throws {
        var arguments = ["mesh", file, stl]
        if let linearDeflection { arguments += ["--linear-deflection", String(linearDeflection)] }
        _ = try run(arguments)
    }

    private func run(_ arguments: [String]) throws -> [UInt8] {
        let outcome = try HelperProcess.run(path, arguments)
        let reason = String(decoding: outcome.stderr, as: UTF8.self)
            .split(separator: "\n").last.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
        switch outcome.status {
        case 0: return outcome.stdout
        case 2: throw GeometryError.invalid(reason.isEmpty ? "not a readable STEP file" : reason)
        case 128...:
            throw GeometryError.invalid("cadctl-occt crashed (signal \(outcome.status - 128)) reading the file: it is corrupt or not supported")
        default:
            throw GeometryError(.toolUnavailable, "cadctl-occt failed (exit \(outcome.status))" + (reason.isEmpty ? "" : ": " + reason))
        }
    }
}
