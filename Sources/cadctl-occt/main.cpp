// cadctl-occt: the OpenCASCADE side of `cadctl inspect` and `cadctl preview`, in a process of its own so that
// cadctl never links OpenCASCADE and a crash of OpenCASCADE on a hostile file cannot take cadctl down.
// The protocol (commands, JSON, exit codes) is in docs/occt-helper.md.

#include "HelperError.hpp"
#include "JSONWriter.hpp"
#include "Measure.hpp"
#include "ReferenceSolids.hpp"
#include "SignalGuard.hpp"
#include "StepFile.hpp"
#include "Tessellation.hpp"

#include <Message.hxx>
#include <Message_Messenger.hxx>
#include <Message_PrinterOStream.hxx>
#include <Standard_Failure.hxx>
#include <Standard_Version.hxx>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fcntl.h>
#include <new>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

using namespace cadocct;

constexpr const char* helperVersion = "0.1.0";

const char* const usage =
    "usage: cadctl-occt measure FILE.step\n"
    "       cadctl-occt mesh FILE.step OUT.stl [--linear-deflection MM] [--angular-deflection RAD]\n"
    "       cadctl-occt write-reference KIND OUT.step [--unit mm|inch|m|cm|ft] [PARAMETERS…]\n"
    "       cadctl-occt --version\n"
    "measure prints one JSON object of the part's measures in mm; mesh writes a binary STL in mm and prints\n"
    "{\"triangles\":N}. Exit 0 on success, 2 for a file that is not STEP or is corrupt, 1 otherwise.\n"
    "write-reference kinds:\n";

/// Standard output as it was at start: OpenCASCADE prints progress and statistics on std::cout, so file
/// descriptor 1 is pointed elsewhere and the JSON goes here.
int jsonOutput = STDOUT_FILENO;

void keepStdoutForJSON() {
    jsonOutput = ::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
    if (jsonOutput < 0) {
        jsonOutput = STDOUT_FILENO;
        return;
    }
    const char* verbose = std::getenv("CADCTL_OCCT_VERBOSE");
    const bool showDiagnostics = verbose != nullptr && verbose[0] != 0 && std::strcmp(verbose, "0") != 0;
    if (showDiagnostics) {
        ::dup2(STDERR_FILENO, STDOUT_FILENO);
        return;
    }
    const int devNull = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (devNull >= 0) {
        ::dup2(devNull, STDOUT_FILENO);
        ::close(devNull);
    }
    const Handle(Message_Messenger)& messenger = Message::DefaultMessenger();
    messenger->RemovePrinters(STANDARD_TYPE(Message_PrinterOStream));
}

void printJSON(const JSONObject& object) {
    const std::string line = object.text() + "\n";
    size_t written = 0;
    while (written < line.size()) {
        const ssize_t count = ::write(jsonOutput, line.data() + written, line.size() - written);
        if (count < 0 && errno == EINTR) continue;
        if (count <= 0) failure(std::string("cannot write to standard output: ") + std::strerror(errno));
        written += static_cast<size_t>(count);
    }
}

double parseNumber(const std::string& option, const std::string& text) {
    char* end = nullptr;
    errno = 0;
    const double value = std::strtod(text.c_str(), &end);
    if (text.empty() || end == nullptr || *end != 0 || errno != 0 || !std::isfinite(value))
        failure(option + " needs a number, got '" + text + "'");
    return value;
}

/// The arguments after the command: positionals and `--name VALUE` / `--name=VALUE` options.
struct Arguments {
    std::vector<std::string> positionals;
    std::vector<std::pair<std::string, std::string>> options;

    Arguments(int argc, char** argv, int first, const std::vector<std::string>& known) {
        for (int index = first; index < argc; ++index) {
            std::string argument = argv[index];
            if (argument.rfind("--", 0) != 0) {
                positionals.push_back(argument);
                continue;
            }
            std::string name = argument, value;
            const size_t equals = argument.find('=');
            if (equals != std::string::npos) {
                name = argument.substr(0, equals);
                value = argument.substr(equals + 1);
            } else if (index + 1 < argc) {
                value = argv[++index];
            } else {
                failure(name + " needs a value");
            }
            bool isKnown = false;
            for (const std::string& option : known) isKnown = isKnown || option == name;
            if (!isKnown) failure("unknown option " + name + "\n" + usage);
            options.emplace_back(name, value);
        }
    }

    std::string option(const std::string& name, const std::string& fallback) const {
        std::string value = fallback;
        for (const auto& [key, given] : options)
            if (key == name) value = given;
        return value;
    }
};

JSONObject measureCommand(const Arguments& arguments) {
    if (arguments.positionals.size() != 1) failure(std::string("measure takes one FILE\n") + usage);
    setCrashMeaning("corrupt STEP file: OpenCASCADE crashed reading it", exitBadFile);
    const StepContent content = readStepFile(arguments.positionals[0]);
    setCrashMeaning("corrupt STEP file: OpenCASCADE crashed measuring its shape", exitBadFile);
    const ShapeMeasures measures = measureShape(content.shape);
    JSONObject json;
    json.string("units", content.units).vector("min_mm", measures.minimum).vector("max_mm", measures.maximum);
    json.number("volume_mm3", measures.volume).number("area_mm2", measures.area);
    json.integer("solids", measures.solids).integer("faces", measures.faces).integer("shells", measures.shells);
    json.boolean("closed", measures.closed).integer("bodies", measures.bodies);
    return json;
}

JSONObject meshCommand(const Arguments& arguments) {
    if (arguments.positionals.size() != 2) failure(std::string("mesh takes FILE and OUT.stl\n") + usage);
    MeshOptions options;
    const std::string linear = arguments.option("--linear-deflection", "");
    const std::string angular = arguments.option("--angular-deflection", "");
    if (!linear.empty()) {
        options.linearDeflection = parseNumber("--linear-deflection", linear);
        if (options.linearDeflection <= 0) failure("--linear-deflection must be more than 0 (mm)");
    }
    if (!angular.empty()) {
        options.angularDeflection = parseNumber("--angular-deflection", angular);
        if (options.angularDeflection <= 0 || options.angularDeflection > 3.2)
            failure("--angular-deflection must be more than 0 and at most pi (radians)");
    }
    setCrashMeaning("corrupt STEP file: OpenCASCADE crashed reading it", exitBadFile);
    const StepContent content = readStepFile(arguments.positionals[0]);
    setCrashMeaning("corrupt STEP file: OpenCASCADE crashed tessellating its shape", exitBadFile);
    const size_t triangles = writeMeshSTL(content.shape, arguments.positionals[1], options);
    JSONObject json;
    json.integer("triangles", static_cast<long long>(triangles));
    return json;
}

JSONObject writeReferenceCommand(const Arguments& arguments) {
    if (arguments.positionals.size() < 2) failure(std::string("write-reference takes KIND and OUT.step\n") + usage + referenceKindsUsage);
    std::vector<double> parameters;
    for (size_t index = 2; index < arguments.positionals.size(); ++index)
        parameters.push_back(parseNumber("write-reference", arguments.positionals[index]));
    setCrashMeaning("cadctl-occt: OpenCASCADE crashed making the reference solid", exitFailure);
    return writeReferenceSolid(arguments.positionals[0], parameters, arguments.option("--unit", "mm"), arguments.positionals[1]);
}

int run(int argc, char** argv) {
    if (argc < 2) failure(std::string("no command\n") + usage + referenceKindsUsage);
    const std::string command = argv[1];
    if (command == "--version" || command == "version") {
        const std::string line = std::string("cadctl-occt ") + helperVersion + " (OpenCASCADE " + OCC_VERSION_COMPLETE + ")\n";
        if (::write(jsonOutput, line.data(), line.size()) < 0) return exitFailure;
        return exitOK;
    }
    if (command == "--help" || command == "-h" || command == "help") {
        const std::string text = std::string(usage) + referenceKindsUsage;
        if (::write(jsonOutput, text.data(), text.size()) < 0) return exitFailure;
        return exitOK;
    }
    if (command == "measure") {
        printJSON(measureCommand(Arguments(argc, argv, 2, {})));
    } else if (command == "mesh") {
        printJSON(meshCommand(Arguments(argc, argv, 2, {"--linear-deflection", "--angular-deflection"})));
    } else if (command == "write-reference") {
        printJSON(writeReferenceCommand(Arguments(argc, argv, 2, {"--unit"})));
    } else {
        failure("unknown command '" + command + "'\n" + usage + referenceKindsUsage);
    }
    return exitOK;
}

}  // namespace

int main(int argc, char** argv) {
    installSignalGuard();
    keepStdoutForJSON();
    // Exceptions from OpenCASCADE while a file is read, measured or tessellated come from its content.
    const bool fileCommand = argc >= 2 && (std::strcmp(argv[1], "measure") == 0 || std::strcmp(argv[1], "mesh") == 0);
    const int contentFailure = fileCommand ? exitBadFile : exitFailure;
    const char* prefix = fileCommand ? "corrupt STEP file: " : "cadctl-occt: ";
    try {
        return run(argc, argv);
    } catch (const HelperError& error) {
        std::fprintf(stderr, "%s\n", error.message.c_str());
        return error.code;
    } catch (const Standard_Failure& error) {
        const char* message = error.GetMessageString();
        std::fprintf(stderr, "%sOpenCASCADE failed: %s%s%s\n", prefix, error.DynamicType()->Name(),
                     message != nullptr && message[0] != 0 ? ": " : "", message != nullptr ? message : "");
        return contentFailure;
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "cadctl-occt: out of memory\n");
        return exitFailure;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "%s%s\n", prefix, error.what());
        return contentFailure;
    } catch (...) {
        std::fprintf(stderr, "%san unknown exception\n", prefix);
        return contentFailure;
    }
}
