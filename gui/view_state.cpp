#include "gui/view_state.hpp"

namespace mf::gui {

ViewStateReader::ViewStateReader(const nlohmann::json& state, std::string prefix)
    : ViewStateReader(state, std::move(prefix), std::make_shared<QStringList>()) {}

ViewStateReader::ViewStateReader(const nlohmann::json& state, std::string prefix, std::shared_ptr<QStringList> problems)
    : state_(state.is_object() ? state : nlohmann::json::object()), prefix_(std::move(prefix)), problems_(std::move(problems)) {}

const nlohmann::json* ViewStateReader::field(const char* key) const {
  const auto it = state_.find(key);
  return it == state_.end() ? nullptr : &*it;
}

void ViewStateReader::bad(const char* key) { problems_->push_back(QString::fromStdString(prefix_ + key)); }

int ViewStateReader::integer(const char* key, int fallback, int lo, int hi) {
  const nlohmann::json* f = field(key);
  if (!f) return fallback;
  if (f->is_number_integer()) {
    const auto v = f->get<long long>();
    if (v >= lo && v <= hi) return static_cast<int>(v);
  }
  bad(key);
  return fallback;
}

bool ViewStateReader::boolean(const char* key, bool fallback) {
  const nlohmann::json* f = field(key);
  if (!f) return fallback;
  if (f->is_boolean()) return f->get<bool>();
  bad(key);
  return fallback;
}

std::string ViewStateReader::text(const char* key, const std::string& fallback) {
  const nlohmann::json* f = field(key);
  if (!f) return fallback;
  if (f->is_string()) return f->get<std::string>();
  bad(key);
  return fallback;
}

std::vector<std::string> ViewStateReader::texts(const char* key) {
  const nlohmann::json* f = field(key);
  if (!f) return {};
  std::vector<std::string> out;
  if (f->is_array()) {
    for (const auto& e : *f) {
      if (!e.is_string()) {
        bad(key);
        return {};
      }
      out.push_back(e.get<std::string>());
    }
    return out;
  }
  bad(key);
  return {};
}

ViewStateReader ViewStateReader::child(const char* key) {
  const nlohmann::json* f = field(key);
  if (f && !f->is_object()) bad(key);
  return ViewStateReader(f && f->is_object() ? *f : nlohmann::json::object(), prefix_ + key + ".", problems_);
}

}  // namespace mf::gui
