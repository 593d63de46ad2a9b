// Running a parser on an untrusted file in a child process (core/files/isolated_reader): what the
// child computes comes back; whatever goes wrong in it — an exception, a crash, gigabytes, an
// endless loop — comes back as one error, and this process carries on.

#include "core/files/isolated_reader.hpp"

#include <gtest/gtest.h>

#include <csignal>
#include <stdexcept>
#include <string>
#include <vector>

namespace mf::files {
namespace {

std::string errorOf(const std::function<std::string()>& work, const IsolationLimits& limits = {}) {
  try {
    runIsolated(work, "cell.vdb", limits);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "no error";
}

TEST(IsolatedReader, TheChildsResultComesBackWhole) {
  std::string big(5 << 20, 'x');  // more than a pipe holds at once
  big[123457] = '\0';
  EXPECT_EQ(runIsolated([&] { return big; }, "cell.vdb"), big);
  EXPECT_EQ(runIsolated([] { return std::string(); }, "cell.vdb"), "");
}

TEST(IsolatedReader, FailuresInTheChildAreOneError) {
  EXPECT_EQ(errorOf([]() -> std::string { throw std::runtime_error("cell.vdb: not an OpenVDB file"); }),
            "cell.vdb: not an OpenVDB file");
  EXPECT_NE(errorOf([]() -> std::string {
              std::raise(SIGSEGV);
              return {};
            }).find("cell.vdb: damaged beyond reading (the reader crashed)"),
            std::string::npos);
  // The same under AddressSanitizer (packaging/sanitize.sh runs with allocator_may_return_null).
  IsolationLimits small;
  small.memoryBytes = 64ull << 20;
  EXPECT_NE(errorOf(
                [] {
                  std::vector<char> huge(1ull << 30, 'x');  // a damaged count asking for a gigabyte
                  return std::string(huge.begin(), huge.begin() + 1);
                },
                small)
                .find("cell.vdb: reading it needs more memory than a file of its size may ask for (damaged?)"),
            std::string::npos);
  // A small damaged file cannot make its parser allocate past the documented largest allocation
  // even once (fuzz finding: a vlen string in a 10 kB dataset asked HDF5 for 2.2 GB), while a big
  // file keeps room for its data (a 32 MB .vdb of a 512³ cell needs 2.8 GB).
  EXPECT_NE(errorOf(
                [] {
                  std::vector<char> huge(Limits::kMaxAllocationBytes + (64ull << 20), 'x');
                  return std::string(huge.begin(), huge.begin() + 1);
                },
                IsolationLimits::forFileOf(10000))
                .find("cell.vdb: reading it needs more memory than a file of its size may ask for (damaged?)"),
            std::string::npos);
  EXPECT_GE(IsolationLimits::forFileOf(32ull << 20).memoryBytes, 3ull << 30);
  IsolationLimits quick;
  quick.cpuSeconds = 1;
  quick.wallSeconds = 3;
  EXPECT_NE(errorOf(
                []() -> std::string {
                  volatile unsigned long spin = 0;
                  while (true) spin = spin + 1;  // a damaged count that never ends
                },
                quick)
                .find("took too long"),
            std::string::npos);
}

}  // namespace
}  // namespace mf::files
