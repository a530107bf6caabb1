#include "ReferenceSolids.hpp"

#include "HelperError.hpp"
#include "SignalGuard.hpp"

#include <BRepAlgoAPI_Cut.hxx>
#include <BRepAlgoAPI_Fuse.hxx>
#include <BRepPrimAPI_MakeBox.hxx>
#include <BRepPrimAPI_MakeCylinder.hxx>
#include <BRep_Builder.hxx>
#include <BRep_Tool.hxx>
#include <IFSelect_ReturnStatus.hxx>
#include <Interface_Static.hxx>
#include <STEPControl_Controller.hxx>
#include <STEPControl_Writer.hxx>
#include <TopExp_Explorer.hxx>
#include <TopTools_ListOfShape.hxx>
#include <TopoDS.hxx>
#include <TopoDS_Compound.hxx>
#include <TopoDS_Shell.hxx>
#include <gp_Ax2.hxx>
#include <gp_Vec.hxx>

#include <array>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <unistd.h>

namespace cadocct {

const char* const referenceKindsUsage =
    "  box A B C               a box A x B x C with a corner at the origin\n"
    "  box-with-holes A B C D  that box with two through-holes of diameter D along Z, at (A/4, B/2) and (3A/4, B/2)\n"
    "  cylinder R H            a cylinder of radius R and height H standing on the XY plane, axis Z\n"
    "  two-boxes [A B C]       two separate A x B x C boxes, the second at x = 2A (default 10 10 10)\n"
    "  open-shell [A B C]      the faces of an A x B x C box without its top face (default 10 20 30)\n"
    "  many-faces N            a plate with k x k studs (pitch 8, diameter 4.8, 1.8 high, plate 3.2): 6 + 2k^2 >= N faces\n"
    "lengths are in the --unit of the file (mm by default); the expected measures are printed in mm\n";

namespace {

constexpr double pi = 3.14159265358979323846;

/// Millimetres per unit, and the value of OpenCASCADE's write.step.unit.
struct UnitInfo {
    double millimetres;
    const char* stepName;
};

UnitInfo unitInfo(const std::string& unit) {
    if (unit == "mm") return {1.0, "MM"};
    if (unit == "inch") return {25.4, "INCH"};
    if (unit == "m") return {1000.0, "M"};
    if (unit == "cm") return {10.0, "CM"};
    if (unit == "ft") return {304.8, "FT"};
    failure("unknown unit '" + unit + "': use mm, inch, m, cm or ft");
}

void requireCount(const std::string& kind, const std::vector<double>& parameters, size_t count) {
    if (parameters.size() != count)
        failure(kind + " takes " + std::to_string(count) + " number(s), got " + std::to_string(parameters.size()));
    for (double value : parameters)
        if (!(value > 0) || !std::isfinite(value)) failure(kind + ": every length must be a positive number");
}

/// The expected measures, all in mm.
struct Expected {
    std::array<double, 3> minimum;
    std::array<double, 3> maximum;
    double volume;  // NAN when the shape encloses no volume
    double area;
    int solids, faces, shells, bodies;
    bool closed;
};

void writeStep(const TopoDS_Shape& shape, const UnitInfo& unit, const std::string& outputPath) {
    // The parameters first: the writer's model takes its units when the writer is made.
    STEPControl_Controller::Init();
    Interface_Static::SetCVal("xstep.cascade.unit", "MM");
    Interface_Static::SetCVal("write.step.unit", unit.stepName);
    Interface_Static::SetCVal("write.step.schema", "AP214IS");
    STEPControl_Writer writer;
    if (writer.Transfer(shape, STEPControl_AsIs) != IFSelect_RetDone) failure("OpenCASCADE could not translate the shape to STEP");
    const std::string temporary = outputPath + ".tmp-" + std::to_string(::getpid());
    setFileToRemoveOnCrash(temporary.c_str());
    if (writer.Write(temporary.c_str()) != IFSelect_RetDone) {
        ::unlink(temporary.c_str());
        failure("cannot write " + outputPath);
    }
    if (::rename(temporary.c_str(), outputPath.c_str()) != 0) {
        const std::string reason = std::strerror(errno);
        ::unlink(temporary.c_str());
        failure("cannot write " + outputPath + ": " + reason);
    }
    setFileToRemoveOnCrash(nullptr);
}

TopoDS_Shape makeBox(double a, double b, double c, double x = 0) {
    return BRepPrimAPI_MakeBox(gp_Pnt(x, 0, 0), a, b, c).Shape();
}

double boxArea(double a, double b, double c) { return 2 * (a * b + b * c + a * c); }

}  // namespace

JSONObject writeReferenceSolid(const std::string& kind, const std::vector<double>& given, const std::string& unitName,
                               const std::string& outputPath) {
    const UnitInfo unit = unitInfo(unitName);
    std::vector<double> p = given;  // in mm from here on
    TopoDS_Shape shape;
    Expected expected{};

    if (kind == "box") {
        requireCount(kind, p, 3);
        for (double& value : p) value *= unit.millimetres;
        shape = makeBox(p[0], p[1], p[2]);
        expected = {{0, 0, 0}, {p[0], p[1], p[2]}, p[0] * p[1] * p[2], boxArea(p[0], p[1], p[2]), 1, 6, 1, 1, true};
    } else if (kind == "box-with-holes") {
        requireCount(kind, p, 4);
        for (double& value : p) value *= unit.millimetres;
        const double a = p[0], b = p[1], c = p[2], r = p[3] / 2;
        if (!(r < a / 4 && r < b / 2)) failure("box-with-holes: the diameter D must be less than A/2 and less than B");
        TopoDS_Shape result = makeBox(a, b, c);
        for (double x : {a / 4, 3 * a / 4}) {
            const TopoDS_Shape drill = BRepPrimAPI_MakeCylinder(gp_Ax2(gp_Pnt(x, b / 2, -1), gp::DZ()), r, c + 2).Shape();
            BRepAlgoAPI_Cut cut(result, drill);
            if (!cut.IsDone()) failure("OpenCASCADE could not cut the holes");
            result = cut.Shape();
        }
        shape = result;
        const double hole = pi * r * r;
        expected = {{0, 0, 0}, {a, b, c}, a * b * c - 2 * hole * c,
                    boxArea(a, b, c) - 4 * hole + 2 * (2 * pi * r * c), 1, 8, 1, 1, true};
    } else if (kind == "cylinder") {
        requireCount(kind, p, 2);
        for (double& value : p) value *= unit.millimetres;
        const double r = p[0], h = p[1];
        shape = BRepPrimAPI_MakeCylinder(r, h).Shape();
        expected = {{-r, -r, 0}, {r, r, h}, pi * r * r * h, 2 * pi * r * r + 2 * pi * r * h, 1, 3, 1, 1, true};
    } else if (kind == "two-boxes") {
        if (p.empty()) p = {10, 10, 10};
        requireCount(kind, p, 3);
        for (double& value : p) value *= unit.millimetres;
        const double a = p[0], b = p[1], c = p[2];
        TopoDS_Compound compound;
        BRep_Builder builder;
        builder.MakeCompound(compound);
        builder.Add(compound, makeBox(a, b, c));
        builder.Add(compound, makeBox(a, b, c, 2 * a));
        shape = compound;
        expected = {{0, 0, 0}, {3 * a, b, c}, 2 * a * b * c, 2 * boxArea(a, b, c), 2, 12, 2, 2, true};
    } else if (kind == "open-shell") {
        if (p.empty()) p = {10, 20, 30};
        requireCount(kind, p, 3);
        for (double& value : p) value *= unit.millimetres;
        const double a = p[0], b = p[1], c = p[2];
        TopoDS_Shell shell;
        BRep_Builder builder;
        builder.MakeShell(shell);
        const TopoDS_Shape box = makeBox(a, b, c);
        for (TopExp_Explorer faces(box, TopAbs_FACE); faces.More(); faces.Next()) {
            // Leave out the top face, the one whose points all lie at z = c.
            TopExp_Explorer vertices(faces.Current(), TopAbs_VERTEX);
            bool top = true;
            for (; vertices.More(); vertices.Next())
                top = top && std::fabs(BRep_Tool::Pnt(TopoDS::Vertex(vertices.Current())).Z() - c) < 1e-9;
            if (!top) builder.Add(shell, faces.Current());
        }
        shell.Closed(Standard_False);
        shape = shell;
        expected = {{0, 0, 0}, {a, b, c}, NAN, boxArea(a, b, c) - a * b, 0, 5, 1, 1, false};
    } else if (kind == "many-faces") {
        if (p.size() != 1 || !(p[0] >= 8) || p[0] > 100000) failure("many-faces takes one number N of faces, from 8 to 100000");
        // A studded plate: k x k studs (a cylindrical side and a flat top each) on a plate of 6 faces, so
        // 6 + 2k^2 faces, each bounded by few edges, with curved faces to tessellate, as a real part has.
        const int k = std::max(1, static_cast<int>(std::ceil(std::sqrt((p[0] - 6) / 2) - 1e-9)));
        const double pitch = 8 * unit.millimetres, radius = 2.4 * unit.millimetres;
        const double thickness = 3.2 * unit.millimetres, studHeight = 1.8 * unit.millimetres;
        const double side = k * pitch;
        TopTools_ListOfShape plate, studs;
        plate.Append(makeBox(side, side, thickness));
        for (int row = 0; row < k; ++row)
            for (int column = 0; column < k; ++column)
                studs.Append(BRepPrimAPI_MakeCylinder(
                    gp_Ax2(gp_Pnt((column + 0.5) * pitch, (row + 0.5) * pitch, thickness), gp::DZ()), radius, studHeight).Shape());
        BRepAlgoAPI_Fuse fuse;
        fuse.SetArguments(plate);
        fuse.SetTools(studs);
        fuse.SetRunParallel(Standard_True);
        fuse.Build();
        if (!fuse.IsDone()) failure("OpenCASCADE could not fuse the studs onto the plate");
        shape = fuse.Shape();
        const double count = static_cast<double>(k) * k;
        expected = {{0, 0, 0}, {side, side, thickness + studHeight},
                    side * side * thickness + count * pi * radius * radius * studHeight,
                    boxArea(side, side, thickness) + count * 2 * pi * radius * studHeight, 1, 6 + 2 * k * k, 1, 1, true};
    } else {
        failure("unknown reference kind '" + kind + "'; the kinds:\n" + referenceKindsUsage);
    }

    writeStep(shape, unit, outputPath);

    JSONObject json;
    json.string("kind", kind).string("units", unitName);
    json.vector("size_mm", {expected.maximum[0] - expected.minimum[0], expected.maximum[1] - expected.minimum[1],
                            expected.maximum[2] - expected.minimum[2]});
    json.vector("min_mm", expected.minimum).vector("max_mm", expected.maximum);
    if (std::isnan(expected.volume)) json.null("volume_mm3"); else json.number("volume_mm3", expected.volume);
    json.number("area_mm2", expected.area);
    json.integer("solids", expected.solids).integer("faces", expected.faces).integer("shells", expected.shells);
    json.boolean("closed", expected.closed).integer("bodies", expected.bodies);
    return json;
}

}  // namespace cadocct
