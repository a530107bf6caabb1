/// An 8-bit RGB picture, rows top to bottom.
public struct RGBImage: Sendable {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// R, G, B of each pixel, row by row.
    public var pixels: [UInt8]

    /// A picture of `width` × `height` filled with `fill`.
    public init(width: Int, height: Int, fill: (UInt8, UInt8, UInt8) = (255, 255, 255)) {
        self.width = width
        self.height = height
        var pixels = [UInt8](repeating: 0, count: width * height * 3)
        for p in 0..<(width * height) {
            pixels[p * 3] = fill.0
            pixels[p * 3 + 1] = fill.1
            pixels[p * 3 + 2] = fill.2
        }
        self.pixels = pixels
    }
}
