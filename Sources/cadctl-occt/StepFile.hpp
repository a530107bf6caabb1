// Reading a STEP file (ISO 10303-21; AP203, AP214, AP242) into one OpenCASCADE shape in millimetres.
#pragma once

#include <TopoDS_Shape.hxx>

#include <string>

namespace cadocct {

/// A STEP file's shape, in millimetres, and the length unit the file declares.
struct StepContent {
    TopoDS_Shape shape;
    /// The declared length unit in lower case: "mm", "inch", "m", "cm", "ft", … ("mm" when undeclared).
    std::string units;
};

/// Reads `path`. Throws `HelperError`: exit 2 for a file that is not STEP or is corrupt (no
/// ISO-10303-21 header, truncated, syntax errors, unresolved entity references, no shape), exit 1 for a
/// file that cannot be opened.
StepContent readStepFile(const std::string& path);

}  // namespace cadocct
