#pragma once
// The view state a session file brings back (tab, tiling, compare, …) is part of the user's file:
// each field is read with its type and range checked, and a field that fails keeps its default
// and is noted, so that a hand-edited or damaged session opens with what is sound in it instead
// of stopping the app.

#include <nlohmann/json.hpp>

#include <QStringList>

#include <memory>
#include <string>
#include <vector>

namespace mf::gui {

class ViewStateReader {
 public:
  explicit ViewStateReader(const nlohmann::json& state, std::string prefix = {});

  int integer(const char* key, int fallback, int lo, int hi);
  bool boolean(const char* key, bool fallback);
  std::string text(const char* key, const std::string& fallback);
  std::vector<std::string> texts(const char* key);
  // A nested object (an empty one where the field is missing or not an object); its problems
  // are this reader's.
  ViewStateReader child(const char* key);
  // The fields that were present but unusable, as "microstructure.tiles".
  QStringList problems() const { return *problems_; }

 private:
  ViewStateReader(const nlohmann::json& state, std::string prefix, std::shared_ptr<QStringList> problems);
  const nlohmann::json* field(const char* key) const;
  void bad(const char* key);

  nlohmann::json state_;
  std::string prefix_;
  std::shared_ptr<QStringList> problems_;
};

}  // namespace mf::gui
