// A main() for a fuzz harness without libFuzzer: runs every file of the given folders (or the
// files given) through LLVMFuzzerTestOneInput once, as `harness -runs=0 corpus/` would. CI runs
// each harness so on its corpus — the seeds and every input that ever failed — under the
// release build; a crash fails the test, and the file that caused it is named first.

#include "tests/fuzz/harness.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iterator>
#include <vector>

int main(int argc, char** argv) {
  std::vector<std::filesystem::path> inputs;
  for (int i = 1; i < argc; ++i) {
    const std::filesystem::path p = argv[i];
    if (std::filesystem::is_directory(p)) {
      for (const auto& e : std::filesystem::directory_iterator(p))
        if (e.is_regular_file()) inputs.push_back(e.path());
    } else {
      inputs.push_back(p);
    }
  }
  std::sort(inputs.begin(), inputs.end());
  const auto start = std::chrono::steady_clock::now();
  double slowest = 0;
  std::string slowestName;
  for (const auto& p : inputs) {
    std::ifstream in(p, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::fprintf(stderr, "replaying %s\n", p.filename().c_str());
    const auto t0 = std::chrono::steady_clock::now();
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (s > slowest) slowest = s, slowestName = p.filename().string();
  }
  std::printf("%zu inputs replayed in %.2f s (slowest %.2f s: %s)\n", inputs.size(),
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), slowest, slowestName.c_str());
  return inputs.empty() ? 1 : 0;
}
