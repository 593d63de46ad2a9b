#pragma once
// Every file MetaForge writes is written atomically: to a temporary file beside the target,
// then renamed over it. A crash or a full disk never leaves a half-written file behind.

#include <filesystem>
#include <functional>

namespace mf::io {

// Calls write(temporaryPath), which must create that file, then renames it to `path`. If
// write throws, the temporary file is removed and the exception propagates; an existing file
// at `path` is left untouched.
void writeAtomically(const std::filesystem::path& path,
                     const std::function<void(const std::filesystem::path& temporary)>& write);

}  // namespace mf::io
