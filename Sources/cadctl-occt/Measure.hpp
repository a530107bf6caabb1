// The measures of a B-rep shape: tight bounding box, exact volume and area, topology counts, closedness.
#pragma once

#include <TopoDS_Shape.hxx>

#include <array>

namespace cadocct {

/// What `measure` reports of a shape (millimetres).
struct ShapeMeasures {
    std::array<double, 3> minimum{};
    std::array<double, 3> maximum{};
    double volume = 0;
    double area = 0;
    int solids = 0;
    int faces = 0;
    int shells = 0;
    bool closed = false;
    int bodies = 0;
};

/// Measures `shape`. Volume is the sum of the solids' volumes (of the shells' enclosed volume when there is
/// no solid; meaningless unless `closed`), by adaptive Gauss integration over the exact surfaces.
ShapeMeasures measureShape(const TopoDS_Shape& shape);

}  // namespace cadocct
