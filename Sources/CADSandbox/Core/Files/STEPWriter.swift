import Foundation

/// An ISO 10303-21 file in the AP214 schema (`AUTOMOTIVE_DESIGN`) holding the box as a manifold
/// solid B-rep: 8 vertices, 12 line edges, 6 planar faces, with millimetre units and a product.
enum STEPWriter {
    static func part21(_ box: CADBox, name: String, description: String, timestamp: Date) -> Data {
        var entities = EntityList()
        let productName = quoted(name)

        let appContext = entities.add("APPLICATION_CONTEXT('core data for automotive mechanical design processes')")
        entities.add("APPLICATION_PROTOCOL_DEFINITION('international standard','automotive_design',2000,\(appContext))")
        let productContext = entities.add("PRODUCT_CONTEXT('',\(appContext),'mechanical')")
        let product = entities.add("PRODUCT(\(productName),\(productName),'',(\(productContext)))")
        entities.add("PRODUCT_RELATED_PRODUCT_CATEGORY('part',$,(\(product)))")
        let formation = entities.add("PRODUCT_DEFINITION_FORMATION('','',\(product))")
        let definitionContext = entities.add("PRODUCT_DEFINITION_CONTEXT('part definition',\(appContext),'design')")
        let definition = entities.add("PRODUCT_DEFINITION('design','',\(formation),\(definitionContext))")
        let definitionShape = entities.add("PRODUCT_DEFINITION_SHAPE('','',\(definition))")

        let millimetre = entities.add("(LENGTH_UNIT() NAMED_UNIT(*) SI_UNIT(.MILLI.,.METRE.))")
        let radian = entities.add("(NAMED_UNIT(*) PLANE_ANGLE_UNIT() SI_UNIT($,.RADIAN.))")
        let steradian = entities.add("(NAMED_UNIT(*) SI_UNIT($,.STERADIAN.) SOLID_ANGLE_UNIT())")
        let uncertainty = entities.add(
            "UNCERTAINTY_MEASURE_WITH_UNIT(LENGTH_MEASURE(1.E-07),\(millimetre),'distance_accuracy_value','confusion accuracy')")
        let geometricContext = entities.add(
            "(GEOMETRIC_REPRESENTATION_CONTEXT(3) GLOBAL_UNCERTAINTY_ASSIGNED_CONTEXT((\(uncertainty))) "
                + "GLOBAL_UNIT_ASSIGNED_CONTEXT((\(millimetre),\(radian),\(steradian))) "
                + "REPRESENTATION_CONTEXT('Context #1','3D Context with UNIT and UNCERTAINTY'))")

        let origin = entities.add("CARTESIAN_POINT('',(0.,0.,0.))")
        let zAxis = entities.add("DIRECTION('',(0.,0.,1.))")
        let xAxis = entities.add("DIRECTION('',(1.,0.,0.))")
        let worldPlacement = entities.add("AXIS2_PLACEMENT_3D('',\(origin),\(zAxis),\(xAxis))")

        // Vertices.
        let corners = box.corners
        let vertexIDs = corners.map { corner in
            let point = entities.add("CARTESIAN_POINT('',\(triple(corner)))")
            return entities.add("VERTEX_POINT('',\(point))")
        }
        // Edges: every pair of corners differing in exactly one bit.
        var edges: [Int: (from: Int, to: Int, id: String)] = [:]
        for from in 0..<8 {
            for bit in [1, 2, 4] where from & bit == 0 {
                let to = from | bit
                let direction = corners[to] - corners[from]
                let length = (direction * direction).sum().squareRoot()
                let point = entities.add("CARTESIAN_POINT('',\(triple(corners[from])))")
                let unit = entities.add("DIRECTION('',\(triple(direction / length)))")
                let vector = entities.add("VECTOR('',\(unit),\(real(length)))")
                let line = entities.add("LINE('',\(point),\(vector))")
                let edge = entities.add("EDGE_CURVE('',\(vertexIDs[from]),\(vertexIDs[to]),\(line),.T.)")
                edges[from * 8 + to] = (from, to, edge)
            }
        }
        // Faces: loops of oriented edges around outward-facing planes.
        var faceIDs: [String] = []
        for face in CADBox.faces {
            var oriented: [String] = []
            for index in 0..<4 {
                let a = face.corners[index]
                let b = face.corners[(index + 1) % 4]
                if let edge = edges[a * 8 + b] {
                    oriented.append(entities.add("ORIENTED_EDGE('',*,*,\(edge.id),.T.)"))
                } else if let edge = edges[b * 8 + a] {
                    oriented.append(entities.add("ORIENTED_EDGE('',*,*,\(edge.id),.F.)"))
                }
            }
            let loop = entities.add("EDGE_LOOP('',(\(oriented.joined(separator: ","))))")
            let bound = entities.add("FACE_OUTER_BOUND('',\(loop),.T.)")
            let first = corners[face.corners[0]]
            let second = corners[face.corners[1]]
            let inPlane = second - first
            let inPlaneLength = (inPlane * inPlane).sum().squareRoot()
            let location = entities.add("CARTESIAN_POINT('',\(triple(first)))")
            let normal = entities.add("DIRECTION('',\(triple(face.normal)))")
            let reference = entities.add("DIRECTION('',\(triple(inPlane / inPlaneLength)))")
            let placement = entities.add("AXIS2_PLACEMENT_3D('',\(location),\(normal),\(reference))")
            let plane = entities.add("PLANE('',\(placement))")
            faceIDs.append(entities.add("ADVANCED_FACE('',(\(bound)),\(plane),.T.)"))
        }
        let shell = entities.add("CLOSED_SHELL('',(\(faceIDs.joined(separator: ","))))")
        let solid = entities.add("MANIFOLD_SOLID_BREP(\(productName),\(shell))")
        let representation = entities.add(
            "ADVANCED_BREP_SHAPE_REPRESENTATION(\(productName),(\(worldPlacement),\(solid)),\(geometricContext))")
        entities.add("SHAPE_DEFINITION_REPRESENTATION(\(definitionShape),\(representation))")

        let stamp = timestamp.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: false))
        var text = "ISO-10303-21;\nHEADER;\n"
        text += "FILE_DESCRIPTION((\(quoted(description))),'2;1');\n"
        text += "FILE_NAME(\(quoted(name + ".step")),'\(stamp)',('cad-sandbox'),('cadctl'),'cad-sandbox','cad-sandbox','');\n"
        text += "FILE_SCHEMA(('AUTOMOTIVE_DESIGN { 1 0 10303 214 1 1 1 1 }'));\n"
        text += "ENDSEC;\nDATA;\n"
        text += entities.lines.joined(separator: "\n")
        text += "\nENDSEC;\nEND-ISO-10303-21;\n"
        return Data(text.utf8)
    }

    /// A STEP string literal: quotes doubled, non-ASCII replaced.
    static func quoted(_ text: String) -> String {
        let ascii = String(text.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 ? Character($0) : "_" })
        return "'" + ascii.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// A STEP real: always with a decimal point (`10.`, `2.5`, `-0.25`).
    static func real(_ value: Double) -> String {
        let clean = abs(value) < 1e-12 ? 0 : value
        if clean == clean.rounded(), abs(clean) < 1e15 { return "\(Int64(clean))." }
        return "\(clean)"
    }

    private static func triple(_ vector: SIMD3<Double>) -> String {
        "(\(real(vector.x)),\(real(vector.y)),\(real(vector.z)))"
    }

    /// Numbered entity instances (`#1=...;`).
    private struct EntityList {
        var lines: [String] = []

        @discardableResult
        mutating func add(_ body: String) -> String {
            let id = "#\(lines.count + 1)"
            lines.append("\(id)=\(body);")
            return id
        }
    }
}
