// Session files (.mfsession) as File › Open session reads them: io::readSession, then the app's
// view state through io::JsonFields with the fields and ranges the window asks for.

#include "core/io/json_fields.hpp"
#include "core/io/session_file.hpp"
#include "tests/fuzz/harness.hpp"

#include <stdexcept>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = mf::fuzz::asFile(data, size, "s.mfsession");
  try {
    const mf::design::Session s = mf::io::readSession(path);
    mf::io::JsonFields view(s.viewState);
    mf::io::JsonFields micro = view.child("microstructure");
    micro.integer("tiles", 1, 1, 4), micro.integer("clip_axis", 0, 0, 2), micro.integer("clip_position", 50, 0, 100);
    micro.boolean("clip", false), micro.boolean("octant", false), micro.boolean("smooth", false);
    view.text("property_space", "stiffness"), view.text("compare_mode", "elastic"), view.texts("compare");
    view.text("current", ""), view.integer("tab", 0, 0, 3);
    for (const auto& c : s.candidates)
      if (c.cell.size() != static_cast<std::size_t>(c.cell.nx()) * c.cell.ny() * c.cell.nz()) __builtin_trap();
  } catch (const std::exception&) {
  }
  return 0;
}
