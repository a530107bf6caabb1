// Tessellating a shape with BRepMesh and writing the triangles as a binary STL.
#pragma once

#include <TopoDS_Shape.hxx>

#include <cstddef>
#include <string>

namespace cadocct {

/// How finely to tessellate; non-positive values mean "relative to the part's size".
struct MeshOptions {
    double linearDeflection = 0;   // mm
    double angularDeflection = 0;  // radians
};

/// The default linear deflection for a part whose bounding box has diagonal `diagonal` (mm).
double defaultLinearDeflection(double diagonal);
/// The default angular deflection (radians): 20 degrees, OpenCASCADE's own default for display.
constexpr double defaultAngularDeflection = 0.35;

/// Tessellates `shape` (millimetres) and writes every face's triangles to `outputPath` as a binary STL,
/// atomically (a temporary file in the same directory, then renamed). Reversed faces have their triangles
/// flipped, so the normals point out of the solid. Returns the number of triangles written.
std::size_t writeMeshSTL(const TopoDS_Shape& shape, const std::string& outputPath, MeshOptions options);

}  // namespace cadocct
