#pragma once
// Reading the fields of a JSON object that comes from a user's file — the view state a session
// brings back (tab, tiling, compare, …): each field is read with its type and range checked,
// and a field that fails keeps its default and is noted, so that a hand-edited or damaged
// session opens with what is sound in it instead of stopping the app.

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace mf::io {

class JsonFields {
 public:
  explicit JsonFields(const nlohmann::json& state, std::string prefix = {});

  int integer(const char* key, int fallback, int lo, int hi);
  bool boolean(const char* key, bool fallback);
  std::string text(const char* key, const std::string& fallback);
  std::vector<std::string> texts(const char* key);
  // A nested object (an empty one where the field is missing or not an object); its problems
  // are this reader's.
  JsonFields child(const char* key);
  // The fields that were present but unusable, as "microstructure.tiles".
  const std::vector<std::string>& problems() const { return *problems_; }

 private:
  JsonFields(const nlohmann::json& state, std::string prefix, std::shared_ptr<std::vector<std::string>> problems);
  const nlohmann::json* field(const char* key) const;
  void bad(const char* key);

  nlohmann::json state_;
  std::string prefix_;
  std::shared_ptr<std::vector<std::string>> problems_;
};

}  // namespace mf::io
