#pragma once
// Every file MetaForge writes is written atomically: to a temporary file beside the target,
// then renamed over it. A crash, a kill or a full disk never leaves a half-written file behind:
// the target is the old file or the new one. A temporary left by a process that was killed is
// removed the next time that target is written.

#include <filesystem>
#include <functional>
#include <string>

namespace mf::files {

// Calls write(temporaryPath), which must create that file, then renames it to `path`. If
// write throws, the temporary file is removed and the exception propagates; an existing file
// at `path` is left untouched.
void writeAtomically(const std::filesystem::path& path,
                     const std::function<void(const std::filesystem::path& temporary)>& write);

// The same for text: `path` holds exactly `text` afterwards, or is untouched.
void writeTextAtomically(const std::filesystem::path& path, const std::string& text);

// Temporaries of `path` that a process no longer alive left behind, removed; how many.
int removeStaleTemporaries(const std::filesystem::path& path);

}  // namespace mf::files
