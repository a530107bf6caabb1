import Foundation
import Makistry

/// Turns the untyped `jobs` flags (`--metadata`, `--download`) into Makistry values, with usage errors (exit 2) that say what is accepted.
enum MakistryOptions {
    /// A format named in text the argument parser did not see (a `cadctl.toml` part), case-insensitive:
    /// step, stl, glb, 3mf.
    static func format(_ text: String?) throws -> MakistryOutputFormat? {
        guard let text else { return nil }
        guard let format = MakistryOutputFormat(argument: text) else {
            throw CLIError.usage("--format \(text) is not a Makistry output format; use "
                + MakistryOutputFormat.allValueStrings.joined(separator: ", "))
        }
        return format
    }

    /// A design mode named in text the argument parser did not see (a `cadctl.toml` part): standard, pro,
    /// assembly.
    static func mode(_ text: String?) throws -> DesignMode? {
        guard let text else { return nil }
        guard let mode = DesignMode(argument: text) else {
            throw CLIError.usage("--mode \(text) is not a Makistry design mode; use "
                + DesignMode.allValueStrings.joined(separator: ", "))
        }
        return mode
    }

    /// `--metadata`: a JSON object.
    static func metadata(_ text: String) throws -> JSONValue {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: text)
        } catch {
            throw CLIError.usage("--metadata is not valid JSON: \(error.description); give a JSON object such as "
                + "'{\"order\":\"A-17\"}'")
        }
        guard value.objectValue != nil else {
            throw CLIError.usage("--metadata must be a JSON object such as '{\"order\":\"A-17\"}'")
        }
        return value
    }

    /// Creates the `--download` directory when missing.
    static func prepareDirectory(_ path: String) throws -> String {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw CLIError.usage("--download \(path) is a file; give a directory to download into")
            }
            return path
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw CLIError.usage("cannot create the download directory \(path): \(error.localizedDescription)")
        }
        return path
    }
}
