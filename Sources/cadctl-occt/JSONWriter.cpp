#include "JSONWriter.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace cadocct {

std::string jsonNumber(double value) {
    if (!std::isfinite(value)) return "null";
    if (value == 0) return "0";
    char buffer[40];
    for (int precision = 6; precision <= 17; ++precision) {
        std::snprintf(buffer, sizeof(buffer), "%.*g", precision, value);
        if (std::strtod(buffer, nullptr) == value) break;
    }
    return buffer;
}

std::string jsonString(const std::string& value) {
    std::string out = "\"";
    for (unsigned char c : value) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                char escaped[8];
                std::snprintf(escaped, sizeof(escaped), "\\u%04x", c);
                out += escaped;
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    return out + "\"";
}

void JSONObject::key(const std::string& name) {
    if (!body_.empty()) body_ += ",";
    body_ += jsonString(name) + ":";
}

JSONObject& JSONObject::number(const std::string& name, double value) {
    key(name);
    body_ += jsonNumber(value);
    return *this;
}

JSONObject& JSONObject::integer(const std::string& name, long long value) {
    key(name);
    body_ += std::to_string(value);
    return *this;
}

JSONObject& JSONObject::boolean(const std::string& name, bool value) {
    key(name);
    body_ += value ? "true" : "false";
    return *this;
}

JSONObject& JSONObject::string(const std::string& name, const std::string& value) {
    key(name);
    body_ += jsonString(value);
    return *this;
}

JSONObject& JSONObject::null(const std::string& name) {
    key(name);
    body_ += "null";
    return *this;
}

JSONObject& JSONObject::vector(const std::string& name, const std::array<double, 3>& value) {
    key(name);
    body_ += "[" + jsonNumber(value[0]) + "," + jsonNumber(value[1]) + "," + jsonNumber(value[2]) + "]";
    return *this;
}

}  // namespace cadocct
