import ArgumentParser
import CADCLICore
import CADGeometry

/// `cadctl preview FILE`: a shaded picture of the part as PNG.
struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preview",
        abstract: "Render a shaded picture of a part (STEP, STL, glTF/GLB, 3MF) to a PNG.",
        discussion: """
            Orthographic views in the file's own axes: Z is up for STEP, STL and 3MF, Y for glTF; top looks \
            down the up axis, front looks along +Y (STEP, STL, 3MF) or -Z (glTF). The part is fitted to the \
            frame on a light background. Prints the written path.
            """)

    @Argument(help: ArgumentHelp("The part file.", valueName: "FILE"))
    var file: String
    @Option(name: [.short, .customLong("out")], help: ArgumentHelp("The PNG to write (default: FILE.png).", valueName: "PNG"))
    var output: String?
    @Option(name: .long, help: ArgumentHelp("Picture size in pixels.", valueName: "WxH"))
    var size: String = "800x600"
    @Option(name: .long, help: ArgumentHelp("iso, front, back, left, right, top or bottom.", valueName: "VIEW"))
    var view: PreviewView = .iso
    @Option(name: .long, help: ArgumentHelp("Samples per pixel along each axis (1 to 4).", valueName: "N"))
    var supersample: Int = 2
    @OptionGroup var global: GlobalOptions

    func validate() throws {
        _ = try Self.dimensions(size)
        guard (1...4).contains(supersample) else { throw CLIError.usage("--supersample must be 1, 2, 3 or 4") }
    }

    static func dimensions(_ text: String) throws -> (width: Int, height: Int) {
        let parts = text.lowercased().split(separator: "x").map { Int($0) }
        guard parts.count == 2, let width = parts[0], let height = parts[1], (16...8192).contains(width), (16...8192).contains(height) else {
            throw CLIError.usage("--size \(text) is not WIDTHxHEIGHT between 16 and 8192 pixels, e.g. --size 800x600")
        }
        return (width, height)
    }

    func run() throws {
        let (width, height) = try Self.dimensions(size)
        let destination = output ?? file + ".png"
        do {
            try PartPreview.write(file, to: destination, width: width, height: height,
                                  view: view, supersampling: supersample)
        } catch {
            throw GeometryFailure.cliError(error, path: file)
        }
        if global.json {
            Console.result(JSONText.object([("path", .string(destination)), ("width", .integer(width)), ("height", .integer(height)),
                                            ("view", .string(view.rawValue))]))
        } else {
            Console.result(destination)
        }
    }
}

/// Renders a part file to a PNG (shared by `preview` and the `--preview` flag of downloading commands).
enum PartPreview {
    static func write(_ file: String, to destination: String, width: Int = 800, height: Int = 600,
                      view: PreviewView = .iso, supersampling: Int = 2) throws {
        try PartOutput.writePreview(
            file, to: destination, width: width, height: height, view: view, supersampling: supersampling)
    }

    /// With `--preview`, the PNGs written beside the model files among `paths`; else none.
    static func ifRequested(_ paths: [String], _ global: GlobalOptions) -> [String] {
        global.preview ? besideEach(paths) : []
    }

    /// Writes `FILE.png` beside every model file among `paths` (STEP, STL, glTF, 3MF) and returns the
    /// written PNGs; a file that cannot be previewed gets a warning on stderr, not a failure.
    static func besideEach(_ paths: [String]) -> [String] {
        var written: [String] = []
        for path in paths {
            let name = path.split(separator: "/").last.map(String.init) ?? path
            guard let dot = name.lastIndex(of: "."), PartFormat(pathExtension: String(name[name.index(after: dot)...])) != nil else {
                continue
            }
            do {
                try write(path, to: path + ".png")
                written.append(path + ".png")
            } catch {
                Console.error("warning: no preview of \(path): \(GeometryFailure.cliError(error, path: path).message)")
            }
        }
        return written
    }
}
