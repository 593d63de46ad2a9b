#pragma once
// Where the shipped data lives (the default dataset and model): the app and the CLI find it
// whether they run from the build tree, from an install, or from the repository root.

#include <filesystem>
#include <string_view>

namespace mf::io {

// The first existing of, in order: $METAFORGE_RESOURCES/relative; <executable's folder>/../share/
// metaforge/relative; the source tree's resources/relative (compiled in); ./resources/relative.
// When none exists, the source-tree path, so that an error names where the file belongs.
std::filesystem::path findResource(std::string_view relative);

}  // namespace mf::io
