// Dataset files (.h5) as `dataset stats/compare/thin/merge/range` and a resumed generation read
// them: dataset::readDatasetInfo and readDataset (labels and octants).

#include "core/dataset/dataset_store.hpp"
#include "tests/fuzz/harness.hpp"

#include <stdexcept>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto path = mf::fuzz::asFile(data, size, "d.h5");
  try {
    const mf::dataset::DatasetInfo info = mf::dataset::readDatasetInfo(path);
    const auto samples = mf::dataset::readDataset(path);
    if (samples.size() != info.count) __builtin_trap();
  } catch (const std::exception&) {
  }
  return 0;
}
