import Foundation

/// A 3MF package: a ZIP holding `[Content_Types].xml`, `_rels/.rels` and `3D/3dmodel.model`.
enum ThreeMFWriter {
    static func package(_ box: CADBox, name: String) -> Data {
        let contentTypes = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="model" ContentType="application/vnd.ms-package.3dmanufacturing-3dmodel+xml"/>\
            </Types>

            """
        let relationships = """
            <?xml version="1.0" encoding="UTF-8"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
            <Relationship Target="/3D/3dmodel.model" Id="rel0" \
            Type="http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel"/>\
            </Relationships>

            """
        return ZipArchive.stored([
            ("[Content_Types].xml", Data(contentTypes.utf8)),
            ("_rels/.rels", Data(relationships.utf8)),
            ("3D/3dmodel.model", Data(model(box, name: name).utf8)),
        ])
    }

    static func model(_ box: CADBox, name: String) -> String {
        let corners = box.corners
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <model unit="millimeter" xml:lang="en-US" xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02">
             <metadata name="Title">\(escape(name))</metadata>
             <resources>
              <object id="1" type="model" name="\(escape(name))">
               <mesh>
                <vertices>

            """
        for corner in corners {
            xml += "     <vertex x=\"\(corner.x)\" y=\"\(corner.y)\" z=\"\(corner.z)\"/>\n"
        }
        xml += "    </vertices>\n    <triangles>\n"
        for face in CADBox.faces {
            let quad = face.corners
            xml += "     <triangle v1=\"\(quad[0])\" v2=\"\(quad[1])\" v3=\"\(quad[2])\"/>\n"
            xml += "     <triangle v1=\"\(quad[0])\" v2=\"\(quad[2])\" v3=\"\(quad[3])\"/>\n"
        }
        xml += """
                </triangles>
               </mesh>
              </object>
             </resources>
             <build>
              <item objectid="1"/>
             </build>
            </model>

            """
        return xml
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
