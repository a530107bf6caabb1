#include "StepFile.hpp"

#include "HelperError.hpp"

#include <IFSelect_ReturnStatus.hxx>
#include <Interface_Check.hxx>
#include <Interface_CheckIterator.hxx>
#include <Interface_InterfaceModel.hxx>
#include <Interface_Static.hxx>
#include <TCollection_HAsciiString.hxx>
#include <STEPControl_Controller.hxx>
#include <STEPControl_Reader.hxx>
#include <TColStd_SequenceOfAsciiString.hxx>
#include <XSControl_WorkSession.hxx>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sys/stat.h>

namespace cadocct {

namespace {

std::string upper(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::toupper(c); });
    return text;
}

/// The start and the end of the file, to check the Part 21 header and trailer without reading it all.
void checkFraming(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) failure("cannot read " + path + ": " + std::strerror(errno));
    if (S_ISDIR(info.st_mode)) failure("cannot read " + path + ": it is a directory");
    std::ifstream file(path, std::ios::binary);
    if (!file) failure("cannot read " + path + ": " + std::strerror(errno));
    if (info.st_size == 0) badFile("not a STEP file: the file is empty");

    std::string head(512, '\0');
    file.read(&head[0], static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<size_t>(file.gcount()));
    size_t start = 0;
    if (head.compare(0, 3, "\xEF\xBB\xBF") == 0) start = 3;  // a UTF-8 byte order mark
    while (start < head.size() && std::isspace(static_cast<unsigned char>(head[start]))) ++start;
    std::string opening = upper(head.substr(start, 13));
    if (opening != "ISO-10303-21;") {
        if (opening.rfind("ISO-10303-28", 0) == 0 || opening.rfind("<?XML", 0) == 0)
            badFile("not a STEP file: STEP-XML (ISO 10303-28) is not supported, only ISO-10303-21 text");
        if (upper(head.substr(start, 6)) == "SOLID " || head.find('\0') != std::string::npos)
            badFile("not a STEP file: no ISO-10303-21 header (it looks like a binary or STL file)");
        badFile("not a STEP file: no ISO-10303-21 header");
    }

    // The trailer: a complete file ends with END-ISO-10303-21; (then perhaps white space).
    const std::streamoff tailSize = std::min<std::streamoff>(info.st_size, 256);
    file.clear();
    file.seekg(info.st_size - tailSize);
    std::string tail(static_cast<size_t>(tailSize), '\0');
    file.read(&tail[0], tailSize);
    while (!tail.empty() && std::isspace(static_cast<unsigned char>(tail.back()))) tail.pop_back();
    const std::string trailer = "END-ISO-10303-21;";
    if (tail.size() < trailer.size() || upper(tail.substr(tail.size() - trailer.size())) != trailer)
        badFile("corrupt STEP file: truncated (it does not end with END-ISO-10303-21;)");
}

/// The first failure the parser recorded, if any ("Unresolved Reference", a syntax error, …).
std::string firstLoadFailure(STEPControl_Reader& reader) {
    Interface_CheckIterator checks = reader.WS()->ModelCheckList(Standard_False);
    if (checks.IsEmpty(Standard_True)) return "";
    for (checks.Start(); checks.More(); checks.Next()) {
        const Handle(Interface_Check)& check = checks.Value();
        if (check.IsNull() || !check->HasFailed()) continue;
        std::string message = check->CFail(1, Standard_True);
        const Standard_Integer number = checks.Number();
        const Handle(Interface_InterfaceModel) model = reader.Model();
        if (number > 0 && !model.IsNull() && number <= model->NbEntities()) {
            const Handle(TCollection_HAsciiString) label = model->StringLabel(model->Value(number));
            if (!label.IsNull()) message = std::string("entity ") + label->ToCString() + ": " + message;
        }
        return message;
    }
    return "the STEP parser reported a failure";
}

/// OpenCASCADE's names of length units (from SI_UNIT prefixes and CONVERSION_BASED_UNIT names) in the
/// protocol's spelling.
std::string unitName(const std::string& occtName) {
    std::string name = upper(occtName);
    if (name == "MM" || name == "MILLIMETRE" || name == "MILLIMETER") return "mm";
    if (name == "M" || name == "METRE" || name == "METER") return "m";
    if (name == "CM" || name == "CENTIMETRE" || name == "CENTIMETER") return "cm";
    if (name == "KM" || name == "KILOMETRE" || name == "KILOMETER") return "km";
    if (name == "UM" || name == "MICROMETRE" || name == "MICROMETER" || name == "MICRON") return "um";
    if (name == "INCH" || name == "IN" || name == "INCHES") return "inch";
    if (name == "FT" || name == "FOOT" || name == "FEET") return "ft";
    if (name == "MI" || name == "MILE") return "mile";
    if (name == "MIL") return "mil";
    if (name == "UIN" || name == "MICROINCH") return "uin";
    std::string lower = occtName;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    return lower.empty() ? "mm" : lower;
}

}  // namespace

StepContent readStepFile(const std::string& path) {
    checkFraming(path);

    // Shapes come out in millimetres whatever the file's unit (set before the reader makes its model).
    STEPControl_Controller::Init();
    Interface_Static::SetCVal("xstep.cascade.unit", "MM");
    STEPControl_Reader reader;

    const IFSelect_ReturnStatus status = reader.ReadFile(path.c_str());
    if (status != IFSelect_RetDone) {
        const std::string failureText = status == IFSelect_RetVoid ? "" : firstLoadFailure(reader);
        badFile("corrupt STEP file: " + (failureText.empty() ? std::string("the STEP parser could not read it") : failureText));
    }
    const std::string failureText = firstLoadFailure(reader);
    if (!failureText.empty()) badFile("corrupt STEP file: " + failureText);

    StepContent content;
    TColStd_SequenceOfAsciiString lengthUnits, angleUnits, solidAngleUnits;
    reader.FileUnits(lengthUnits, angleUnits, solidAngleUnits);
    content.units = lengthUnits.IsEmpty() ? "mm" : unitName(lengthUnits.First().ToCString());

    if (reader.NbRootsForTransfer() == 0) badFile("corrupt STEP file: it holds no shape (no product or representation to transfer)");
    reader.TransferRoots();
    if (reader.NbShapes() == 0) badFile("corrupt STEP file: no shape could be made of its entities");
    content.shape = reader.OneShape();
    if (content.shape.IsNull()) badFile("corrupt STEP file: no shape could be made of its entities");
    return content;
}

}  // namespace cadocct
