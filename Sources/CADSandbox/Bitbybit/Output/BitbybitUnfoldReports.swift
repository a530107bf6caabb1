import Foundation

/// Sheet-metal reports in the documented shapes (`UnfoldFaceReport`, `UnfoldSolidReport`): every solid is
/// taken to be an L-bracket of two 40 × 30 mm flanges joined by one 90° cylindrical bend, with the
/// numbers computed from the requested thickness and K-factor.
enum BitbybitUnfoldReports {
    /// The thickness "detected" when the request leaves `thicknessOverride` at 0.
    static let detectedThickness = 2.0
    static let flangeLength = 40.0
    static let flangeWidth = 30.0

    /// The report for face `faceIndex` of a shape with `faceCount` faces; out of range gives the
    /// documented `{"ok": false, "error": …}` form.
    static func face(faceIndex: Int, faceCount: Int) -> JSONValue {
        guard faceIndex < faceCount else {
            return .object([
                "ok": .bool(false),
                "error": .string("Face index \(faceIndex) is out of range: the shape has \(faceCount) faces (0–\(faceCount - 1))"),
            ])
        }
        let isBend = faceIndex % 3 == 2
        let area = isBend ? 0.5 * Double.pi * 2 * flangeWidth : flangeLength * flangeWidth
        let flatArea = area * (isBend ? 0.9995 : 1)
        return .object([
            "ok": .bool(true),
            "faceIndex": .int(faceIndex),
            "surfaceType": .string(isBend ? "Cylinder" : "Plane"),
            "developable": .bool(true),
            "unfolded": .bool(true),
            "area": .number(round(area)),
            "flatArea": .number(round(flatArea)),
            "areaError": .number(round(abs(area - flatArea) / area)),
        ])
    }

    /// One report item per solid, each tagged with its `solidIndex`.
    static func solids(count: Int, kFactor: Double, thicknessOverride: Double) -> JSONValue {
        .array((0..<max(1, count)).map { solid(index: $0, kFactor: kFactor, thicknessOverride: thicknessOverride) })
    }

    private static func solid(index: Int, kFactor: Double, thicknessOverride: Double) -> JSONValue {
        let thickness = thicknessOverride > 0 ? thicknessOverride : detectedThickness
        let innerRadius = thickness
        let outerRadius = innerRadius + thickness
        let neutralRadius = innerRadius + kFactor * thickness
        let angle = Double.pi / 2
        let allowance = angle * neutralRadius
        let outsideSetback = tan(angle / 2) * outerRadius
        let bendDeduction = 2 * outsideSetback - allowance
        let flatLength = 2 * flangeLength + allowance
        let offset = Double(index) * (flangeWidth + 10)
        let bend: JSONValue = .object([
            "faceIndex": .int(2),
            "flatA": .int(0),
            "flatB": .int(1),
            "lineStart": point(flangeLength + allowance / 2, offset, 0),
            "lineEnd": point(flangeLength + allowance / 2, offset + flangeWidth, 0),
            "lineMid": point(flangeLength + allowance / 2, offset + flangeWidth / 2, 0),
            "bendLineLength": .number(flangeWidth),
            "angleDeg": .number(90),
            "innerRadius": .number(round(innerRadius)),
            "outerRadius": .number(round(outerRadius)),
            "neutralRadius": .number(round(neutralRadius)),
            "innerRadiusStart": .number(round(innerRadius)),
            "innerRadiusEnd": .number(round(innerRadius)),
            "outerRadiusStart": .number(round(outerRadius)),
            "outerRadiusEnd": .number(round(outerRadius)),
            "T": .number(round(thickness)),
            "K": .number(round(kFactor)),
            "allowance": .number(round(allowance)),
            "bendDeduction": .number(round(bendDeduction)),
            "outsideSetback": .number(round(outsideSetback)),
            "innerArcLength": .number(round(angle * innerRadius)),
            "outerArcLength": .number(round(angle * outerRadius)),
            "direction": .string("up"),
            "kind": .string("cyl"),
            "layoutApprox": .bool(false),
        ])
        let faces: [JSONValue] = [
            face(index: 0, surface: "Plane", role: "referenceFlat", reference: true, opposite: 3,
                 area: flangeLength * flangeWidth, centroid: point(flangeLength / 2, offset + flangeWidth / 2, 0)),
            face(index: 1, surface: "Plane", role: "flat", reference: true, opposite: 4,
                 area: flangeLength * flangeWidth, centroid: point(flangeLength + innerRadius, offset + flangeWidth / 2, flangeLength / 2)),
            face(index: 2, surface: "Cylinder", role: "bend", reference: true, opposite: 5,
                 area: round(angle * innerRadius * flangeWidth), centroid: point(flangeLength, offset + flangeWidth / 2, innerRadius / 2),
                 tangentDot: 1, bendOutcome: "fold"),
            face(index: 3, surface: "Plane", role: "otherSideFlat", reference: false, opposite: 0,
                 area: flangeLength * flangeWidth, centroid: point(flangeLength / 2, offset + flangeWidth / 2, -thickness)),
            face(index: 4, surface: "Plane", role: "otherSideFlat", reference: false, opposite: 1,
                 area: flangeLength * flangeWidth, centroid: point(flangeLength + outerRadius, offset + flangeWidth / 2, flangeLength / 2)),
            face(index: 5, surface: "Cylinder", role: "bend", reference: false, opposite: 2,
                 area: round(angle * outerRadius * flangeWidth), centroid: point(flangeLength, offset + flangeWidth / 2, outerRadius / 2),
                 tangentDot: 1, bendOutcome: ""),
        ]
        let placed: [JSONValue] = [
            .object(["kind": .string("flat"), "sourceFaceIndex": .int(0), "role": .string("referenceFlat"),
                     "flatCentroid": point(flangeLength / 2, offset + flangeWidth / 2, 0)]),
            .object(["kind": .string("bendStrip"), "sourceFaceIndex": .int(2), "role": .string("bend"),
                     "flatCentroid": point(flangeLength + allowance / 2, offset + flangeWidth / 2, 0)]),
            .object(["kind": .string("flat"), "sourceFaceIndex": .int(1), "role": .string("flat"),
                     "flatCentroid": point(flangeLength + allowance + flangeLength / 2, offset + flangeWidth / 2, 0)]),
        ]
        let flatArea = flatLength * flangeWidth
        return .object([
            "solidIndex": .int(index),
            "ok": .bool(true),
            "thickness": .number(round(thickness)),
            "kFactor": .number(round(kFactor)),
            "warning": .string(thicknessOverride > 0 ? "" : "thickness auto-detected from face pairs"),
            "bends": .array([bend]),
            "flatBBox": .array([.number(0), .number(offset), .number(round(flatLength)), .number(offset + flangeWidth)]),
            "flatArea": .number(round(flatArea)),
            "referenceArea": .number(round(2 * flangeLength * flangeWidth + angle * innerRadius * flangeWidth)),
            "totalArea": .number(round(2 * flatArea + 2 * thickness * (flatLength + flangeWidth))),
            "faces": .array(faces),
            "placed": .array(placed),
        ])
    }

    private static func face(
        index: Int, surface: String, role: String, reference: Bool, opposite: Int, area: Double, centroid: JSONValue,
        tangentDot: Double? = nil, bendOutcome: String? = nil
    ) -> JSONValue {
        var object: JSONObject = [
            "index": .int(index), "uid": .int(1000 + index), "surfaceType": .string(surface), "role": .string(role),
            "reference": .bool(reference), "opposite": .int(opposite), "area": .number(round(area)),
            "centroid": centroid, "labelPoint": centroid,
        ]
        if let tangentDot { object["tangentDot"] = .number(tangentDot) }
        if let bendOutcome { object["bendOutcome"] = .string(bendOutcome) }
        return .object(object)
    }

    private static func point(_ x: Double, _ y: Double, _ z: Double) -> JSONValue {
        .array([.number(round(x)), .number(round(y)), .number(round(z))])
    }

    /// Rounds to four decimals, as the reports print.
    private static func round(_ value: Double) -> Double { (value * 10_000).rounded() / 10_000 }
}
