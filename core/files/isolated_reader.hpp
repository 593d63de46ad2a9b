#pragma once
// Running a library's parser on an untrusted file in a child process. Some formats (OpenVDB's
// trees) trust every count and offset in the file; checked headers catch truncation and most
// damage, but a flipped byte deep in the data can still send the library into an endless loop,
// gigabytes of allocation or a crash. In a child, with a ceiling on its memory and time, any of
// that becomes one error for the user, and the program reading the file carries on.
//
// The child is forked from the calling thread alone: `work` must not need other threads (no
// TBB or OpenMP parallel loops) and must only compute and return; its bytes come back through
// a pipe.

#include "core/files/input_file.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>

namespace mf::files {

struct IsolationLimits {
  std::uint64_t memoryBytes = 3ull << 30;  // memory the child may map beyond what it inherits
  int cpuSeconds = 60;
  int wallSeconds = 120;

  // For reading a file of this size: a second, and a second more per 4 MB (OpenVDB reads a
  // cell file at well over 40 MB/s here), three seconds more of wall time. A damaged file that
  // sends a parser round in circles is refused within seconds, not minutes. Memory: the largest
  // single allocation (Limits::kMaxAllocationBytes) and 64 bytes more per byte of file, at most
  // 3 GiB: a 32 MB .vdb of a 512³ cell needs 2.8 GB, while a small damaged file cannot make
  // its parser allocate more than 1 GiB even once.
  static IsolationLimits forFileOf(std::uint64_t bytes) {
    IsolationLimits l;
    l.memoryBytes = std::min<std::uint64_t>(3ull << 30, Limits::kMaxAllocationBytes + 64 * bytes);
    l.cpuSeconds = 1 + static_cast<int>(bytes / (4ull << 20));
    l.wallSeconds = l.cpuSeconds + 3;
    return l;
  }
};

// work()'s bytes, computed in a child process. Throws std::runtime_error: the exception's message
// where work() throws one, "<what> … (it crashed / ran out of its memory / took too long)"
// where the child dies.
std::string runIsolated(const std::function<std::string()>& work, const std::string& what,
                        const IsolationLimits& limits = {});

}  // namespace mf::files
