#include "app/cli/cell_input.hpp"

#include "app/cli/command.hpp"
#include "core/dataset/dataset_store.hpp"
#include "core/io/cell_file.hpp"
#include "core/io/resources.hpp"
#include "core/voxel/resample.hpp"
#include "core/voxel/symmetry.hpp"

namespace mf::cli {

BinaryCell loadCell(const std::filesystem::path& path, std::optional<int> resolution) {
  BinaryCell cell;
  try {
    cell = io::readCell(path).cell;
  } catch (const std::exception& e) {
    throw UserError(e.what());
  }
  if (resolution) {
    if (*resolution < 1) throw UserError("--resolution must be at least 1");
    cell = resample(cell, *resolution, *resolution, *resolution);
  }
  return cell;
}

std::vector<dataset::Sample> loadSamples(const std::filesystem::path& path) {
  try {
    return dataset::readDataset(path.empty() ? io::findResource("datasets/default.h5") : path);
  } catch (const std::exception& e) {
    throw UserError(e.what());
  }
}

BinaryCell loadCellOrSample(const std::string& spec) {
  const std::string prefix = "dataset:";
  if (spec.rfind(prefix, 0) != 0) return loadCell(spec);
  std::size_t used = 0;
  long long index = -1;
  try {
    index = std::stoll(spec.substr(prefix.size()), &used);
  } catch (const std::exception&) {
  }
  if (index < 0 || used != spec.size() - prefix.size()) throw UserError(spec + ": dataset:INDEX takes a sample's position (0, 1, …)");
  const std::vector<dataset::Sample> samples = loadSamples();
  if (static_cast<std::size_t>(index) >= samples.size())
    throw UserError(spec + ": the bundled dataset holds " + std::to_string(samples.size()) + " samples");
  return mirrorOctant(samples[static_cast<std::size_t>(index)].octant);
}

}  // namespace mf::cli
