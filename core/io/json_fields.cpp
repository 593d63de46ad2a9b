#include "core/io/json_fields.hpp"

#include "core/files/json_integer.hpp"

namespace mf::io {

JsonFields::JsonFields(const nlohmann::json& state, std::string prefix)
    : JsonFields(state, std::move(prefix), std::make_shared<std::vector<std::string>>()) {}

JsonFields::JsonFields(const nlohmann::json& state, std::string prefix, std::shared_ptr<std::vector<std::string>> problems)
    : state_(state.is_object() ? state : nlohmann::json::object()), prefix_(std::move(prefix)), problems_(std::move(problems)) {}

const nlohmann::json* JsonFields::field(const char* key) const {
  const auto it = state_.find(key);
  return it == state_.end() ? nullptr : &*it;
}

void JsonFields::bad(const char* key) { problems_->push_back(prefix_ + key); }

int JsonFields::integer(const char* key, int fallback, int lo, int hi) {
  const nlohmann::json* f = field(key);
  if (!f) return fallback;
  if (const auto v = files::integerIn(*f, lo, hi)) return static_cast<int>(*v);
  bad(key);
  return fallback;
}

bool JsonFields::boolean(const char* key, bool fallback) {
  const nlohmann::json* f = field(key);
  if (!f) return fallback;
  if (f->is_boolean()) return f->get<bool>();
  bad(key);
  return fallback;
}

std::string JsonFields::text(const char* key, const std::string& fallback) {
  const nlohmann::json* f = field(key);
  if (!f) return fallback;
  if (f->is_string()) return f->get<std::string>();
  bad(key);
  return fallback;
}

std::vector<std::string> JsonFields::texts(const char* key) {
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

JsonFields JsonFields::child(const char* key) {
  const nlohmann::json* f = field(key);
  if (f && !f->is_object()) bad(key);
  return JsonFields(f && f->is_object() ? *f : nlohmann::json::object(), prefix_ + key + ".", problems_);
}

}  // namespace mf::io
