#include "Measure.hpp"

#include <BRepBndLib.hxx>
#include <BRepCheck_Analyzer.hxx>
#include <BRepGProp.hxx>
#include <BRep_Tool.hxx>
#include <Bnd_Box.hxx>
#include <GProp_GProps.hxx>
#include <TopExp.hxx>
#include <TopExp_Explorer.hxx>
#include <TopTools_IndexedDataMapOfShapeListOfShape.hxx>
#include <TopTools_IndexedMapOfShape.hxx>
#include <TopTools_ListIteratorOfListOfShape.hxx>
#include <TopTools_ListOfShape.hxx>
#include <TopoDS.hxx>

#include <cmath>
#include <numeric>
#include <vector>

namespace cadocct {

namespace {

/// Relative error of the adaptive integration of each face (volume and area).
constexpr double integrationTolerance = 1e-9;

double volumeOf(const TopoDS_Shape& shape) {
    GProp_GProps properties;
    BRepGProp::VolumeProperties(shape, properties, integrationTolerance, Standard_False, Standard_True);
    return properties.Mass();
}

/// Every shell is closed: each edge (other than degenerate ones) bounds faces of the shell on both
/// sides, once forward and once reversed, so the shell has no free edges and a consistent orientation.
bool shellsClosed(const TopoDS_Shape& shape) {
    bool any = false;
    for (TopExp_Explorer shells(shape, TopAbs_SHELL); shells.More(); shells.Next()) {
        any = true;
        if (!BRep_Tool::IsClosed(shells.Current())) return false;
    }
    return any;
}

/// Groups of faces connected through shared edges.
int connectedFaceGroups(const TopoDS_Shape& shape, const TopTools_IndexedMapOfShape& faces) {
    std::vector<int> parent(static_cast<size_t>(faces.Extent()));
    std::iota(parent.begin(), parent.end(), 0);
    auto root = [&](int index) {
        while (parent[static_cast<size_t>(index)] != index) {
            parent[static_cast<size_t>(index)] = parent[static_cast<size_t>(parent[static_cast<size_t>(index)])];
            index = parent[static_cast<size_t>(index)];
        }
        return index;
    };
    TopTools_IndexedDataMapOfShapeListOfShape edgeFaces;
    TopExp::MapShapesAndAncestors(shape, TopAbs_EDGE, TopAbs_FACE, edgeFaces);
    for (int edge = 1; edge <= edgeFaces.Extent(); ++edge) {
        const TopTools_ListOfShape& adjacent = edgeFaces(edge);
        if (adjacent.IsEmpty()) continue;
        const int first = root(faces.FindIndex(adjacent.First()) - 1);
        // NCollection's STL iterators derive from the deprecated std::iterator: the OCCT iterator instead.
        for (TopTools_ListIteratorOfListOfShape face(adjacent); face.More(); face.Next()) {
            const int other = root(faces.FindIndex(face.Value()) - 1);
            if (first >= 0 && other >= 0 && other != first) parent[static_cast<size_t>(other)] = first;
        }
    }
    int groups = 0;
    for (int index = 0; index < faces.Extent(); ++index) groups += root(index) == index ? 1 : 0;
    return groups;
}

}  // namespace

ShapeMeasures measureShape(const TopoDS_Shape& shape) {
    ShapeMeasures measures;

    TopTools_IndexedMapOfShape solids, shells, faces;
    TopExp::MapShapes(shape, TopAbs_SOLID, solids);
    TopExp::MapShapes(shape, TopAbs_SHELL, shells);
    TopExp::MapShapes(shape, TopAbs_FACE, faces);
    measures.solids = solids.Extent();
    measures.shells = shells.Extent();
    measures.faces = faces.Extent();

    // The tight box: exact geometry, no triangulation, not enlarged by tolerances.
    Bnd_Box box;
    BRepBndLib::AddOptimal(shape, box, Standard_False, Standard_False);
    if (!box.IsVoid()) {
        double xMin, yMin, zMin, xMax, yMax, zMax;
        box.Get(xMin, yMin, zMin, xMax, yMax, zMax);
        measures.minimum = {xMin, yMin, zMin};
        measures.maximum = {xMax, yMax, zMax};
    }

    GProp_GProps surface;
    BRepGProp::SurfaceProperties(shape, surface, integrationTolerance, Standard_True);
    measures.area = surface.Mass();

    if (measures.solids > 0) {
        // Each solid on its own, so one solid given reversed does not cancel another.
        for (int index = 1; index <= solids.Extent(); ++index) measures.volume += std::fabs(volumeOf(solids(index)));
    } else {
        measures.volume = std::fabs(volumeOf(shape));
    }

    // Faces that belong to no shell leave the part open.
    TopTools_IndexedMapOfShape facesInShells;
    for (int index = 1; index <= shells.Extent(); ++index) TopExp::MapShapes(shells(index), TopAbs_FACE, facesInShells);
    const bool everyFaceInAShell = facesInShells.Extent() == faces.Extent();
    // With solids, a shell outside every solid (a loose sheet beside them) leaves the part open too.
    TopTools_IndexedMapOfShape shellsInSolids;
    for (int index = 1; index <= solids.Extent(); ++index) TopExp::MapShapes(solids(index), TopAbs_SHELL, shellsInSolids);
    const bool everyShellInASolid = measures.solids == 0 || shellsInSolids.Extent() == shells.Extent();
    const bool solidShellsClosed = [&] {
        if (measures.solids == 0) return shellsClosed(shape);
        for (int index = 1; index <= solids.Extent(); ++index)
            if (!shellsClosed(solids(index))) return false;
        return true;
    }();
    measures.closed = faces.Extent() > 0 && everyFaceInAShell && everyShellInASolid && solidShellsClosed && BRepCheck_Analyzer(shape).IsValid();

    measures.bodies = measures.solids > 0 ? measures.solids : connectedFaceGroups(shape, faces);
    return measures;
}

}  // namespace cadocct
