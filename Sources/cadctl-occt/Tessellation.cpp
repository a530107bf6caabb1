#include "Tessellation.hpp"

#include "HelperError.hpp"
#include "SignalGuard.hpp"

#include <BRepBndLib.hxx>
#include <BRepMesh_IncrementalMesh.hxx>
#include <IMeshTools_Parameters.hxx>
#include <BRep_Tool.hxx>
#include <Bnd_Box.hxx>
#include <Poly_Triangulation.hxx>
#include <TopExp_Explorer.hxx>
#include <TopLoc_Location.hxx>
#include <TopoDS.hxx>
#include <TopoDS_Face.hxx>
#include <gp_Pnt.hxx>
#include <gp_Trsf.hxx>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

namespace cadocct {

namespace {

void appendFloat(std::vector<char>& out, double value) {
    const float single = static_cast<float>(value);
    char bytes[4];
    std::memcpy(bytes, &single, 4);  // STL is little-endian, as is every machine this runs on
    out.insert(out.end(), bytes, bytes + 4);
}

void appendPoint(std::vector<char>& out, const gp_Pnt& point) {
    appendFloat(out, point.X());
    appendFloat(out, point.Y());
    appendFloat(out, point.Z());
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`: a reader never sees a
/// partial STL under the final name.
void writeAtomically(const std::string& path, const std::vector<char>& bytes) {
    const std::string temporary = path + ".tmp-" + std::to_string(::getpid());
    const int descriptor = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (descriptor < 0) failure("cannot write " + path + ": " + std::strerror(errno));
    setFileToRemoveOnCrash(temporary.c_str());
    size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t count = ::write(descriptor, bytes.data() + written, bytes.size() - written);
        if (count < 0 && errno == EINTR) continue;
        if (count <= 0) {
            const std::string reason = std::strerror(errno);
            ::close(descriptor);
            ::unlink(temporary.c_str());
            setFileToRemoveOnCrash(nullptr);
            failure("cannot write " + path + ": " + reason);
        }
        written += static_cast<size_t>(count);
    }
    if (::fsync(descriptor) != 0 || ::close(descriptor) != 0 || ::rename(temporary.c_str(), path.c_str()) != 0) {
        const std::string reason = std::strerror(errno);
        ::unlink(temporary.c_str());
        setFileToRemoveOnCrash(nullptr);
        failure("cannot write " + path + ": " + reason);
    }
    setFileToRemoveOnCrash(nullptr);
}

int countFacesWithoutMesh(const TopoDS_Shape& shape) {
    int count = 0;
    for (TopExp_Explorer explorer(shape, TopAbs_FACE); explorer.More(); explorer.Next()) {
        TopLoc_Location location;
        const Handle(Poly_Triangulation) triangulation = BRep_Tool::Triangulation(TopoDS::Face(explorer.Current()), location);
        if (triangulation.IsNull() || triangulation->NbTriangles() == 0) ++count;
    }
    return count;
}

}  // namespace

double defaultLinearDeflection(double diagonal) {
    // A thousandth of the part's size: far below a pixel at any preview size, and coarse enough that a
    // 1,000-face part meshes in a fraction of a second.
    return std::max(diagonal * 1e-3, 1e-4);
}

std::size_t writeMeshSTL(const TopoDS_Shape& shape, const std::string& outputPath, MeshOptions options) {
    if (options.linearDeflection <= 0) {
        Bnd_Box box;
        BRepBndLib::Add(shape, box);
        const double diagonal = box.IsVoid() ? 1.0 : std::sqrt(box.SquareExtent());
        options.linearDeflection = defaultLinearDeflection(diagonal);
    }
    if (options.angularDeflection <= 0) options.angularDeflection = defaultAngularDeflection;

    // Delabella's Delaunay triangulation: on a face with hundreds of holes (a perforated plate) it is several
    // times faster than the default Watson algorithm, with the same triangles count and a closed result.
    // A face Delabella leaves without triangles is meshed again by Watson.
    IMeshTools_Parameters parameters;
    parameters.Deflection = options.linearDeflection;
    parameters.Angle = options.angularDeflection;
    parameters.InParallel = Standard_True;
    parameters.MeshAlgo = IMeshTools_MeshAlgoType_Delabella;
    BRepMesh_IncrementalMesh mesher(shape, parameters);
    if (countFacesWithoutMesh(shape) > 0) {
        parameters.MeshAlgo = IMeshTools_MeshAlgoType_Watson;
        BRepMesh_IncrementalMesh fallback(shape, parameters);
    }

    std::vector<char> body;
    std::size_t triangles = 0;
    int facesWithoutMesh = 0;
    for (TopExp_Explorer explorer(shape, TopAbs_FACE); explorer.More(); explorer.Next()) {
        const TopoDS_Face& face = TopoDS::Face(explorer.Current());
        TopLoc_Location location;
        const Handle(Poly_Triangulation) triangulation = BRep_Tool::Triangulation(face, location);
        if (triangulation.IsNull() || triangulation->NbTriangles() == 0) {
            ++facesWithoutMesh;
            continue;
        }
        const gp_Trsf transformation = location.Transformation();
        // A reversed face, or a mirroring placement, turns the triangles' winding around.
        const bool flip = (face.Orientation() == TopAbs_REVERSED) != transformation.IsNegative();
        for (int index = 1; index <= triangulation->NbTriangles(); ++index) {
            int a, b, c;
            triangulation->Triangle(index).Get(a, b, c);
            if (flip) std::swap(b, c);
            const gp_Pnt p1 = triangulation->Node(a).Transformed(transformation);
            const gp_Pnt p2 = triangulation->Node(b).Transformed(transformation);
            const gp_Pnt p3 = triangulation->Node(c).Transformed(transformation);
            const gp_XYZ normal = (p2.XYZ() - p1.XYZ()).Crossed(p3.XYZ() - p1.XYZ());
            const double length = normal.Modulus();
            const gp_Pnt unit = length > 0 ? gp_Pnt(normal / length) : gp_Pnt(0, 0, 0);
            appendPoint(body, unit);
            appendPoint(body, p1);
            appendPoint(body, p2);
            appendPoint(body, p3);
            body.push_back(0);
            body.push_back(0);
            ++triangles;
        }
    }
    if (triangles == 0) badFile("corrupt STEP file: OpenCASCADE made no triangles of its faces");
    if (triangles > UINT32_MAX) failure("the mesh has more triangles than a binary STL can count");
    if (facesWithoutMesh > 0)
        std::fprintf(stderr, "warning: %d face(s) could not be tessellated and are missing from the mesh\n", facesWithoutMesh);

    std::vector<char> file(84, 0);
    const char title[] = "binary STL written by cadctl-occt (OpenCASCADE BRepMesh), millimetres";
    std::memcpy(file.data(), title, std::min(sizeof(title) - 1, size_t{80}));
    const std::uint32_t count = static_cast<std::uint32_t>(triangles);
    std::memcpy(file.data() + 80, &count, 4);
    file.insert(file.end(), body.begin(), body.end());
    writeAtomically(outputPath, file);
    return triangles;
}

}  // namespace cadocct
