// The single JSON object each command prints: keys in insertion order, numbers that never print as nan.
#pragma once

#include <array>
#include <string>

namespace cadocct {

/// Builds one flat JSON object.
class JSONObject {
public:
    JSONObject& number(const std::string& key, double value);
    JSONObject& integer(const std::string& key, long long value);
    JSONObject& boolean(const std::string& key, bool value);
    JSONObject& string(const std::string& key, const std::string& value);
    JSONObject& null(const std::string& key);
    JSONObject& vector(const std::string& key, const std::array<double, 3>& value);
    /// The object as one line of text, without a trailing newline.
    std::string text() const { return "{" + body_ + "}"; }

private:
    void key(const std::string& key);
    std::string body_;
};

/// A number as JSON: the shortest form that reads back to the same double; `null` for nan or infinity.
std::string jsonNumber(double value);
/// A string as a JSON string literal.
std::string jsonString(const std::string& value);

}  // namespace cadocct
