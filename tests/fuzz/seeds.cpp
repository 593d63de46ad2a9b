// Writes the seed inputs of the fuzz corpora that no command writes: a small session (the
// example session at 8³, verified, with a view state) and the regression inputs of issue 18's
// crash classes. tests/fuzz/make-corpus.sh runs it; the corpus is committed.

#include "core/design/example_session.hpp"
#include "core/design/verify.hpp"
#include "core/io/session_file.hpp"
#include "core/jobs/progress.hpp"

#include <hdf5.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

namespace {

void put(const std::filesystem::path& path, const std::string& bytes) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// A session with its JSON part replaced (layout: magic, u32 version, u64 length, JSON, payloads).
std::string withJson(const std::string& bytes, const nlohmann::json& j) {
  const std::size_t at = sizeof("MetaForge session\n") - 1 + 4;
  std::uint64_t length = 0;
  std::memcpy(&length, bytes.data() + at, 8);
  const std::string text = j.dump();
  const std::uint64_t n = text.size();
  std::string out = bytes.substr(0, at);
  out.append(reinterpret_cast<const char*>(&n), 8);
  return out + text + bytes.substr(at + 8 + length);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const std::filesystem::path corpus = argv[1];
  mf::design::Session s = mf::design::exampleSession(8);
  mf::NullProgress quiet;
  for (auto& c : s.candidates) c.homogenized = mf::design::homogenizeCandidate(c.cell, s.homogenize, quiet);
  s.viewState = {{"tab", 2}, {"current", "c2"}, {"compare", {"c1", "c2"}}, {"microstructure", {{"tiles", 2}, {"clip", true}}}};
  const auto good = corpus / "session" / "seed-example-8.mfsession";
  std::filesystem::create_directories(good.parent_path());
  mf::io::writeSession(good, s);
  const std::string bytes = read(good);
  std::uint64_t length = 0;
  std::memcpy(&length, bytes.data() + sizeof("MetaForge session\n") - 1 + 4, 8);
  nlohmann::json j = nlohmann::json::parse(bytes.substr(sizeof("MetaForge session\n") - 1 + 12, length));
  // Regressions: a cell of 2³¹ − 1 voxels, base Poisson 0.7, and the wrong-typed view state.
  nlohmann::json huge = j;
  huge["candidates"][0]["dims"] = {2147483647, 1, 1};
  put(corpus / "session" / "regress-dims-2e31.mfsession", withJson(bytes, huge));
  nlohmann::json poisson = j;
  poisson["homogenize"]["base"]["poisson"] = 0.7;
  put(corpus / "session" / "regress-poisson-0.7.mfsession", withJson(bytes, poisson));
  nlohmann::json view = j;
  view["view"] = {{"property_space", 5}, {"tab", "x"}, {"compare", {1}}, {"microstructure", {{"tiles", "x"}, {"clip", "yes"}}}};
  put(corpus / "session" / "regress-view-types.mfsession", withJson(bytes, view));

  // Datasets whose columns disagree with each other (a reader sized by one overran another):
  // more stiffness rows than index rows, and a cell_resolution the octants do not have.
  const auto seed = corpus / "dataset" / "seed-3-samples.h5";
  if (std::filesystem::exists(seed)) {
    const auto rows = corpus / "dataset" / "regress-rows-disagree.h5";
    std::filesystem::copy_file(seed, rows, std::filesystem::copy_options::overwrite_existing);
    hid_t f = H5Fopen(rows.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    const hid_t ds = H5Dopen2(f, "samples/stiffness", H5P_DEFAULT);
    const hsize_t dims[3] = {9, 6, 6};
    H5Dset_extent(ds, dims);
    H5Dclose(ds);
    H5Fclose(f);
    const auto res = corpus / "dataset" / "regress-resolution-disagrees.h5";
    std::filesystem::copy_file(seed, res, std::filesystem::copy_options::overwrite_existing);
    f = H5Fopen(res.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    const hid_t a = H5Aopen(f, "cell_resolution", H5P_DEFAULT);
    const int wrong = 64;
    H5Awrite(a, H5T_NATIVE_INT, &wrong);
    H5Aclose(a);
    H5Fclose(f);
  }
  return 0;
}
