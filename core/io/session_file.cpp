#include "core/io/session_file.hpp"

#include "core/files/atomic_file.hpp"
#include "core/files/input_file.hpp"
#include "core/files/json_integer.hpp"
#include "core/tensor/format.hpp"

#include <zlib.h>

#include <cstring>
#include <cmath>
#include <fstream>
#include <stdexcept>

namespace mf::io {
namespace {

using nlohmann::json;
using design::Candidate;
using design::Session;

constexpr char kMagic[] = "MetaForge session\n";
constexpr std::size_t kMagicSize = sizeof(kMagic) - 1;
constexpr std::uint32_t kVersion = 1;

json stiffnessJson(const Stiffness& c) {
  const auto a = c.constants21();
  return std::vector<double>(a.begin(), a.end());
}

// A number the session may hold: finite, and within [lo, hi].
double number(const json& j, const char* what, double lo, double hi) {
  const double v = j.get<double>();
  if (!std::isfinite(v) || v < lo || v > hi)
    throw std::runtime_error(std::string(what) + " must be a number in [" + formatNumber(lo) + ", " + formatNumber(hi) + "]");
  return v;
}

Stiffness stiffnessFrom(const json& j) {
  const auto v = j.get<std::vector<double>>();
  if (v.size() != 21) throw std::runtime_error("a stiffness needs 21 constants");
  for (const double x : v)
    if (!std::isfinite(x)) throw std::runtime_error("a stiffness constant is not a finite number");
  return Stiffness::fromConstants21(std::span<const double, 21>(v.data(), 21));
}

json baseJson(const BaseMaterial& b) { return {{"youngs", b.youngs}, {"poisson", b.poisson}}; }
BaseMaterial baseFrom(const json& j) {
  const BaseMaterial b{j.at("youngs").get<double>(), j.at("poisson").get<double>()};
  if (const std::string why = b.validate(); !why.empty()) throw std::runtime_error(why);
  return b;
}

json candidateJson(const Candidate& c, std::size_t payload) {
  json j = {{"id", c.id},
            {"name", c.name},
            {"dims", {c.cell.nx(), c.cell.ny(), c.cell.nz()}},
            {"voxels", payload},
            {"provenance", {{"kind", c.provenance.kind}, {"fields", c.provenance.fields}}}};
  if (c.homogenized) {
    const auto& h = *c.homogenized;
    j["homogenized"] = {{"stiffness", stiffnessJson(h.stiffness)}, {"base", baseJson(h.base)},
                        {"resolution", h.resolution},              {"tolerance", h.tolerance},
                        {"iterations", h.iterations},              {"seconds", h.seconds},
                        {"backend", h.backend},                    {"precision", h.precision}};
  }
  return j;
}

void putU64(std::string& out, std::uint64_t v) {
  for (int b = 0; b < 8; ++b) out.push_back(static_cast<char>((v >> (8 * b)) & 0xff));
}

std::uint64_t getU64(const std::string& in, std::size_t& at) {
  if (at + 8 > in.size()) throw std::runtime_error("truncated");
  std::uint64_t v = 0;
  for (int b = 0; b < 8; ++b) v |= static_cast<std::uint64_t>(static_cast<unsigned char>(in[at + static_cast<std::size_t>(b)])) << (8 * b);
  at += 8;
  return v;
}

std::string compress(const std::vector<std::uint8_t>& raw) {
  uLongf size = compressBound(static_cast<uLong>(raw.size()));
  std::string out(size, '\0');
  if (::compress2(reinterpret_cast<Bytef*>(out.data()), &size, raw.data(), static_cast<uLong>(raw.size()), 6) != Z_OK)
    throw std::runtime_error("zlib could not compress a payload");
  out.resize(size);
  return out;
}

}  // namespace

nlohmann::json sessionToJson(const Session& s) {
  json candidates = json::array();
  for (std::size_t i = 0; i < s.candidates.size(); ++i) candidates.push_back(candidateJson(s.candidates[i], i));
  json j = {{"title", s.title},
          {"target",
           {{"form", design::toString(s.target.form)},
            {"values", s.target.values},
            {"volume_fraction", s.target.volumeFraction},
            {"volume_fraction_free", s.target.volumeFractionFree}}},
          {"candidates", candidates},
          {"next_candidate_number", s.nextCandidateNumber},
          {"ranges", {{"min", s.ranges.min}, {"max", s.ranges.max}, {"source", s.ranges.source}}},
          {"homogenize",
           {{"base", baseJson(s.homogenize.base)},
            {"tolerance", s.homogenize.tolerance},
            {"max_iterations", s.homogenize.maxIterations},
            {"precision", s.homogenize.precision},
            {"resolution", s.homogenize.resolution}}},
          {"view", s.viewState}};
  if (s.unit) j["unit"] = {{"material", s.unit->material}, {"youngs_GPa", s.unit->youngsGPa}};
  if (const auto& o = s.orthotropicRanges) j["orthotropic_ranges"] = {{"min", o->min}, {"max", o->max}, {"source", o->source}};
  return j;
}

void writeSession(const std::filesystem::path& path, const Session& s) {
  const std::string text = sessionToJson(s).dump();
  std::string blob(kMagic, kMagicSize);
  for (int b = 0; b < 4; ++b) blob.push_back(static_cast<char>((kVersion >> (8 * b)) & 0xff));
  putU64(blob, text.size());
  blob += text;
  for (const Candidate& c : s.candidates) {
    const std::string z = compress(c.cell.data());
    putU64(blob, z.size());
    putU64(blob, c.cell.size());
    blob += z;
  }
  files::writeAtomically(path, [&](const std::filesystem::path& tmp) {
    std::ofstream out(tmp, std::ios::binary);
    out.write(blob.data(), static_cast<std::streamsize>(blob.size()));
    if (!out.flush()) throw std::runtime_error("cannot write " + path.string() + " (disk full?)");
  });
}

Session readSession(const std::filesystem::path& path) {
  auto fail = [&](const std::string& why) -> std::runtime_error { return std::runtime_error(path.string() + ": " + why); };
  files::checkInputFile(path, files::Limits::kMaxSessionBytes, "session");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw fail("cannot open (no permission?)");
  const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (data.size() < kMagicSize + 4 || data.compare(0, kMagicSize, kMagic) != 0)
    throw fail("not a MetaForge session file");
  std::uint32_t version = 0;
  for (int b = 0; b < 4; ++b) version |= static_cast<std::uint32_t>(static_cast<unsigned char>(data[kMagicSize + static_cast<std::size_t>(b)])) << (8 * b);
  if (version != kVersion)
    throw fail("session format version " + std::to_string(version) + " is newer than this MetaForge reads (" +
               std::to_string(kVersion) + ")");
  std::size_t at = kMagicSize + 4;
  Session s;
  try {
    const std::uint64_t length = getU64(data, at);
    if (length > files::Limits::kMaxSessionJsonBytes) throw std::runtime_error("its description claims " + std::to_string(length) + " bytes");
    if (at + length > data.size()) throw std::runtime_error("truncated");
    const json j = json::parse(data.begin() + static_cast<std::ptrdiff_t>(at), data.begin() + static_cast<std::ptrdiff_t>(at + length));
    at += length;
    // Payloads first, so that candidates can take their voxels.
    std::vector<std::string> payloads;
    const std::size_t count = j.at("candidates").size();
    for (std::size_t p = 0; p < count; ++p) {
      const std::uint64_t zsize = getU64(data, at), rawSize = getU64(data, at);
      if (zsize > data.size() - std::min<std::size_t>(at, data.size())) throw std::runtime_error("truncated");
      // deflate never packs more than 1032 bytes into one: a larger claim is damage, and is
      // refused before that much memory is asked for.
      if (rawSize > files::Limits::kMaxCellVoxels || rawSize > 1032 * zsize + 1024)
        throw std::runtime_error("voxel payload " + std::to_string(p + 1) + " claims " + std::to_string(rawSize) +
                                 " voxels from " + std::to_string(zsize) + " bytes (damaged)");
      std::string raw(rawSize, '\0');
      uLongf outSize = static_cast<uLongf>(rawSize);
      if (::uncompress(reinterpret_cast<Bytef*>(raw.data()), &outSize,
                       reinterpret_cast<const Bytef*>(data.data() + at), static_cast<uLong>(zsize)) != Z_OK ||
          outSize != rawSize)
        throw std::runtime_error("voxel payload " + std::to_string(p + 1) + " is corrupt");
      at += zsize;
      payloads.push_back(std::move(raw));
    }

    s.title = j.at("title").get<std::string>();
    const json& t = j.at("target");
    s.target.form = design::parseTargetForm(t.at("form").get<std::string>());
    s.target.values = t.at("values").get<std::vector<double>>();
    if (s.target.values.size() != design::fieldNames(s.target.form).size())
      throw std::runtime_error("the target has " + std::to_string(s.target.values.size()) + " values for its form");
    for (const double v : s.target.values)
      if (!std::isfinite(v)) throw std::runtime_error("a target value is not a finite number");
    s.target.volumeFraction = number(t.at("volume_fraction"), "the target's volume fraction", 1e-9, 1.0);
    s.target.volumeFractionFree = t.at("volume_fraction_free").get<bool>();
    s.nextCandidateNumber = static_cast<int>(number(j.at("next_candidate_number"), "next_candidate_number", 1, 1e9));
    const json& r = j.at("ranges");
    s.ranges.min = r.at("min").get<std::array<double, 3>>();
    s.ranges.max = r.at("max").get<std::array<double, 3>>();
    s.ranges.source = r.at("source").get<std::string>();
    for (std::size_t k = 0; k < 3; ++k)
      if (!std::isfinite(s.ranges.min[k]) || !std::isfinite(s.ranges.max[k]) || !(s.ranges.max[k] > s.ranges.min[k]))
        throw std::runtime_error("the error ranges must be finite, each max above its min");
    if (j.contains("orthotropic_ranges")) {  // sessions before spinodoids have none
      const json& o = j.at("orthotropic_ranges");
      design::OrthotropicRanges ranges;
      ranges.min = o.at("min").get<std::array<double, 9>>();
      ranges.max = o.at("max").get<std::array<double, 9>>();
      ranges.source = o.at("source").get<std::string>();
      for (std::size_t k = 0; k < 9; ++k)
        if (!std::isfinite(ranges.min[k]) || !std::isfinite(ranges.max[k]) || !(ranges.max[k] > ranges.min[k]))
          throw std::runtime_error("the orthotropic error ranges must be finite, each max above its min");
      s.orthotropicRanges = std::move(ranges);
    }
    const json& h = j.at("homogenize");
    s.homogenize.base = baseFrom(h.at("base"));
    s.homogenize.tolerance = number(h.at("tolerance"), "the FE tolerance", 1e-15, 0.5);
    s.homogenize.maxIterations = static_cast<int>(number(h.at("max_iterations"), "the FE iteration limit", 1, 1e7));
    s.homogenize.precision = h.at("precision").get<std::string>();
    if (s.homogenize.precision != "float64" && s.homogenize.precision != "float32")
      throw std::runtime_error("the FE precision must be float64 or float32");
    s.homogenize.resolution = static_cast<int>(number(h.at("resolution"), "the FE resolution", 0, 1024));
    s.viewState = j.at("view");
    if (!s.viewState.is_object()) throw std::runtime_error("the view state must be an object");
    if (j.contains("unit")) {  // sessions before material presets have none
      const json& u = j.at("unit");
      s.unit = design::PhysicalUnit{u.at("material").get<std::string>(), u.at("youngs_GPa").get<double>()};
      if (!(s.unit->youngsGPa > 0) || !std::isfinite(s.unit->youngsGPa))
        throw std::runtime_error("the unit's Young's modulus must be a positive number");
    }
    for (const json& cj : j.at("candidates")) {
      Candidate c;
      c.id = cj.at("id").get<std::string>();
      c.name = cj.at("name").get<std::string>();
      const json& dj = cj.at("dims");
      if (!dj.is_array() || dj.size() != 3) throw std::runtime_error("candidate " + c.name + ": dims must be three numbers");
      std::array<std::int64_t, 3> dims{};
      for (std::size_t i = 0; i < 3; ++i)  // checkCellDims says what a side may be
        dims[i] = files::integerField(dj[i], "candidate " + c.name + ": each of dims", -(1ll << 62), 1ll << 62);
      const auto payload = static_cast<std::size_t>(files::integerField(cj.at("voxels"), "candidate " + c.name + ": voxels", 0, 1 << 30));
      if (payload >= payloads.size()) throw std::runtime_error("candidate " + c.name + " refers to a missing payload");
      files::checkCellDims("candidate " + c.name, dims[0], dims[1], dims[2]);  // before the cell is allocated
      c.cell = BinaryCell(static_cast<int>(dims[0]), static_cast<int>(dims[1]), static_cast<int>(dims[2]));
      if (payloads[payload].size() != c.cell.size())
        throw std::runtime_error("candidate " + c.name + ": the payload does not match its " + describeDims(c.cell.dims()) +
                                 " voxels");
      std::memcpy(c.cell.data().data(), payloads[payload].data(), c.cell.size());
      c.provenance.kind = cj.at("provenance").at("kind").get<std::string>();
      c.provenance.fields = cj.at("provenance").at("fields").get<std::map<std::string, std::string>>();
      if (cj.contains("homogenized")) {
        const json& hj = cj.at("homogenized");
        design::Homogenized hom;
        hom.stiffness = stiffnessFrom(hj.at("stiffness"));
        hom.base = baseFrom(hj.at("base"));
        hom.resolution = static_cast<int>(files::integerField(hj.at("resolution"), "candidate " + c.name + ": the FE resolution", 1, 1024));
        hom.tolerance = hj.at("tolerance").get<double>();
        hom.iterations = static_cast<int>(files::integerField(hj.at("iterations"), "candidate " + c.name + ": the FE iterations", 0, 1 << 30));
        hom.seconds = hj.at("seconds").get<double>();
        hom.backend = hj.at("backend").get<std::string>();
        hom.precision = hj.at("precision").get<std::string>();
        c.homogenized = hom;
      }
      s.candidates.push_back(std::move(c));
    }
  } catch (const json::exception& e) {
    throw fail(std::string("corrupt session data: ") + e.what());
  } catch (const std::invalid_argument& e) {
    throw fail(std::string("corrupt session data: ") + e.what());
  } catch (const std::runtime_error& e) {
    throw fail(e.what());
  }
  return s;
}

}  // namespace mf::io
