// Reference solids for tests, written with OpenCASCADE, and their measures computed analytically.
#pragma once

#include "JSONWriter.hpp"

#include <string>
#include <vector>

namespace cadocct {

/// Builds the reference solid `kind` from `parameters` (lengths in `unit`), writes it to `outputPath` as
/// STEP in that unit, and returns the measures expected of it, computed from the parameters alone.
/// Throws `HelperError` (exit 1) for an unknown kind or bad parameters.
JSONObject writeReferenceSolid(const std::string& kind, const std::vector<double>& parameters, const std::string& unit,
                               const std::string& outputPath);

/// The kinds and their parameters, for the usage text.
extern const char* const referenceKindsUsage;

}  // namespace cadocct
