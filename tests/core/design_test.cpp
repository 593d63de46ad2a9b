// Design targets, candidate metrics (Eq. 18 error, Eq. 19 similarity, connectivity) and session
// files, checked against closed forms and exact round trips.

#include "core/dataset/tpms.hpp"
#include "core/design/metrics.hpp"
#include "core/design/session.hpp"
#include "core/design/target.hpp"
#include "core/io/session_file.hpp"
#include "core/tensor/engineering.hpp"
#include "core/tensor/summary.hpp"

#include "tests/core/temp_dir.hpp"
#include "tests/core/test_cells.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <functional>

namespace mf::design {
namespace {

TEST(DesignTarget, EngineeringConstantsWithIsotropicShearGiveTheIsotropicTensor) {
  DesignTarget t;
  t.form = TargetForm::Engineering;
  const double e = 0.2, nu = 0.25;
  t.values = {e, nu, e / (2.0 * (1.0 + nu))};
  EXPECT_TRUE(t.stiffness().isApprox(Stiffness::isotropicEnu(e, nu), 1e-13));
  // And E, ν read back from the tensor along the cube axes.
  const EngineeringConstants ec = engineeringConstants(t.stiffness());
  EXPECT_NEAR(ec.youngs[0], e, 1e-14);
  EXPECT_NEAR(ec.poisson(0, 1), nu, 1e-14);
}

TEST(DesignTarget, FormsConvertExactlyWhereTheyCan) {
  const DesignTarget cubic = DesignTarget::cubic(0.30, 0.12, 0.08, 0.4);
  for (const TargetForm f : {TargetForm::Orthotropic, TargetForm::Full, TargetForm::Engineering}) {
    const DesignTarget other = cubic.convertedTo(f);
    EXPECT_EQ(other.values.size(), fieldNames(f).size());
    EXPECT_TRUE(other.stiffness().isApprox(cubic.stiffness(), 1e-13)) << toString(f);
    EXPECT_TRUE(other.convertedTo(TargetForm::Cubic).stiffness().isApprox(cubic.stiffness(), 1e-13));
  }
  EXPECT_EQ(fieldNames(TargetForm::Full).size(), 21u);
  EXPECT_EQ(fieldNames(TargetForm::Full)[6], "C22");
}

TEST(DesignTarget, BadValuesSayWhy) {
  DesignTarget t;
  t.form = TargetForm::Engineering;
  t.values = {0.1, 0.6, 0.05};
  try {
    t.stiffness();
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("ν must lie in"), std::string::npos);
  }
  t.values = {0.1, 0.3};
  EXPECT_THROW(t.stiffness(), std::invalid_argument);
  EXPECT_THROW(parseTargetForm("hexagonal"), std::invalid_argument);
}

TEST(DesignTarget, PresetsMeanWhatTheySay) {
  const BaseMaterial base;
  const double vf = 0.35;
  const auto presets = targetPresets(base, vf);
  ASSERT_EQ(presets.size(), 3u);
  // Isotropic at 90 % of both HS bounds.
  const TensorSummary iso = summarize(presets[0].target.stiffness(), base, vf);
  EXPECT_EQ(iso.symmetry.cls, SymmetryClass::Isotropic);
  EXPECT_NEAR(iso.bounds->bulkRatio, 0.9, 1e-12);
  EXPECT_NEAR(iso.bounds->shearRatio, 0.9, 1e-12);
  // Auxetic: ν = −0.3 in every axis pair.
  const EngineeringConstants aux = engineeringConstants(presets[1].target.stiffness());
  EXPECT_NEAR(aux.poisson(0, 1), -0.3, 1e-12);
  EXPECT_NEAR(aux.poisson(1, 2), -0.3, 1e-12);
  // Stiff along x3, admissible.
  const Stiffness stiff = presets[2].target.stiffness();
  EXPECT_TRUE(stiff.admissibility().ok());
  const EngineeringConstants sc = engineeringConstants(stiff);
  EXPECT_GT(sc.youngs[2], 3.0 * sc.youngs[0]);
  for (const auto& p : presets) EXPECT_TRUE(p.target.stiffness().admissibility().ok()) << p.name;
}

TEST(Metrics, Eq18IsTheMeanRangeNormalizedDifference) {
  const PropertyRanges r{{0.0, 0.0, 0.0}, {1.0, 0.5, 0.25}, "test"};
  const Stiffness target = Stiffness::cubic(0.30, 0.12, 0.08);
  EXPECT_EQ(targetError(target, target, r), 0.0);
  // ΔC11 = 0.1 over 1, ΔC12 = 0.05 over 0.5, ΔC44 = 0.02 over 0.25: (0.1 + 0.1 + 0.08) / 3.
  const Stiffness achieved = Stiffness::cubic(0.20, 0.17, 0.06);
  EXPECT_NEAR(targetError(target, achieved, r), 0.28 / 3.0, 1e-15);
  // The base-material ranges: [0, C_i of the solid].
  const PropertyRanges base = PropertyRanges::ofBaseMaterial({});
  EXPECT_NEAR(base.max[0], 1.0 * 0.7 / (1.3 * 0.4), 1e-15);  // E(1−ν)/((1+ν)(1−2ν))
  EXPECT_NEAR(base.max[2], 1.0 / 2.6, 1e-15);
  EXPECT_THROW(targetError(target, achieved, PropertyRanges{}), std::invalid_argument);
}

// The orthotropic error: the mean of nine range-normalized differences, by hand.
TEST(Metrics, OrthotropicErrorIsTheMeanOfNineRangeNormalizedDifferences) {
  const Stiffness t = Stiffness::orthotropic(0.30, 0.10, 0.08, 0.20, 0.06, 0.12, 0.05, 0.04, 0.03);
  OrthotropicRanges r;
  r.min.fill(0.0);
  r.max = {0.5, 0.2, 0.2, 0.5, 0.2, 0.5, 0.1, 0.1, 0.1};
  EXPECT_EQ(orthotropicError(t, t, r), 0.0);
  // C11 off by 0.05 (of a 0.5 span) and C55 by 0.01 (of 0.1): (0.1 + 0.1) / 9.
  const Stiffness a = Stiffness::orthotropic(0.35, 0.10, 0.08, 0.20, 0.06, 0.12, 0.05, 0.03, 0.03);
  EXPECT_NEAR(orthotropicError(t, a, r), 0.2 / 9.0, 1e-15);
  EXPECT_NEAR(orthotropicError(a, t, r), 0.2 / 9.0, 1e-15);  // symmetric in the pair
  const auto parts = orthotropicParts(a);
  EXPECT_EQ(parts[0], 0.35);
  EXPECT_EQ(parts[7], 0.03);  // C55
  const OrthotropicRanges of = OrthotropicRanges::of({t, a}, "two");
  EXPECT_EQ(of.min[0], 0.30);
  EXPECT_EQ(of.max[0], 0.35);
  EXPECT_THROW(orthotropicError(t, a, of), std::invalid_argument);  // C12's span is empty
  EXPECT_THROW(OrthotropicRanges::of({}, "none"), std::invalid_argument);
}

// Seed 003's Eq. 8 by hand, zero entries of the target left out.
TEST(Metrics, NormalizedSquaredErrorIsEq8OverTheNonzeroEntries) {
  const Stiffness t = Stiffness::orthotropic(0.30, 0.10, 0.08, 0.20, 0.06, 0.12, 0.05, 0.04, 0.03);
  EXPECT_EQ(normalizedSquaredError(t, t), 0.0);
  Matrix6 m = t.voigt();
  m(0, 0) = 0.33;              // (0.03 / 0.3)² = 0.01
  m(0, 1) = m(1, 0) = 0.09;    // (0.01 / 0.1)² = 0.01, twice (both triangles)
  m(0, 3) = m(3, 0) = 0.001;   // the target has zero there: not counted
  EXPECT_NEAR(normalizedSquaredError(t, Stiffness::fromVoigt(m)), 0.03, 1e-14);
}

TEST(Metrics, ConstantErrorsNameTheConstantFurthestOff) {
  // A cell whose C11 is 31 % below a cubic target while Eq. 18 (over a wide range) reads small.
  const DesignTarget target = DesignTarget::cubic(0.15, 0.05, 0.04, 0.4);
  const Stiffness achieved = Stiffness::cubic(0.1035, 0.05, 0.041);
  const auto errors = constantErrors(target, achieved);
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_NEAR(errors[0].relative, -0.31, 1e-12);
  EXPECT_NEAR(errors[2].relative, 0.025, 1e-12);
  const auto worst = furthestOff(errors);
  ASSERT_TRUE(worst);
  EXPECT_EQ(worst->name, "C11");
  EXPECT_LT(targetError(target.stiffness(), achieved, PropertyRanges::ofBaseMaterial({})), 0.02);
  // An engineering target is judged by E, ν, G: an isotropic tensor with exactly those has none off.
  DesignTarget eng;
  eng.form = TargetForm::Engineering;
  eng.values = {0.2, -0.3, 0.2 / (2 * (1 - 0.3))};
  const auto exact = constantErrors(eng, eng.stiffness());
  ASSERT_EQ(exact.size(), 3u);
  EXPECT_EQ(exact[1].name, "ν");
  for (const auto& e : exact) EXPECT_NEAR(e.relative, 0.0, 1e-12) << e.name;
  // A zero target constant is measured against 1 % of the largest diagonal stiffness.
  DesignTarget full = DesignTarget::cubic(0.3, 0.1, 0.08, 0.4).convertedTo(TargetForm::Full);
  Matrix6 m = Stiffness::cubic(0.3, 0.1, 0.08).voigt();
  m(0, 3) = m(3, 0) = 0.003;
  const auto coupled = constantErrors(full, Stiffness::fromVoigt(m));
  EXPECT_EQ(furthestOff(coupled)->name, "C14");
  EXPECT_NEAR(furthestOff(coupled)->relative, 1.0, 1e-12);  // 0.003 against 1 % of 0.3
}

TEST(DesignTarget, AConversionSaysWhatItAveragedOrDropped) {
  DesignTarget ortho;
  ortho.form = TargetForm::Orthotropic;
  ortho.values = {0.6, 0.1, 0.1, 0.6, 0.1, 0.3, 0.1, 0.1, 0.1};
  EXPECT_EQ(conversionNote(ortho, TargetForm::Cubic), "C11 0.5 is the mean of C11 0.6, C22 0.6, C33 0.3");
  EXPECT_EQ(conversionNote(ortho, TargetForm::Full), "");  // the full form holds it exactly
  DesignTarget full = DesignTarget::cubic(0.3, 0.1, 0.08, 0.4).convertedTo(TargetForm::Full);
  full.values[3] = 0.01;  // C14
  EXPECT_EQ(conversionNote(full, TargetForm::Orthotropic), "C14 0.01 is dropped");
  EXPECT_EQ(conversionNote(DesignTarget::cubic(0.3, 0.1, 0.08, 0.4), TargetForm::Engineering), "");
}

TEST(Metrics, ConnectedMeansOnePieceWrappingAllThreeAxes) {
  EXPECT_TRUE(isConnected(tpmsCell(Tpms::Gyroid, 16, 0.3, true)));
  BinaryCell plates(8);  // two plates normal to z: each wraps in x and y only
  for (int j = 0; j < 8; ++j)
    for (int i = 0; i < 8; ++i) plates(i, j, 1) = plates(i, j, 5) = 1;
  EXPECT_FALSE(isConnected(plates));
  BinaryCell rod(8);  // one rod along x: wraps in x only
  for (int i = 0; i < 8; ++i) rod(i, 3, 3) = 1;
  EXPECT_FALSE(isConnected(rod));
  EXPECT_TRUE(isConnected(BinaryCell(4, 1)));
}

TEST(Metrics, CandidatesGetErrorsAndSimilarities) {
  std::vector<Candidate> cs(3);
  cs[0].cell = test::randomCell(8, 0.5, 1);
  cs[1].cell = cs[0].cell;  // a duplicate
  cs[2].cell = test::randomCell(8, 0.5, 2);
  cs[0].homogenized = Homogenized{Stiffness::cubic(0.3, 0.12, 0.08), {}, 8, 1e-6, 10, 0.1, "CPU", "float64"};
  const auto m = evaluateCandidates(Stiffness::cubic(0.3, 0.12, 0.08), cs, TargetMetric::cubic(PropertyRanges::ofBaseMaterial({})));
  ASSERT_EQ(m.size(), 3u);
  EXPECT_EQ(m[0].error, 0.0);
  EXPECT_NEAR(*m[0].zener, 2.0 * 0.08 / 0.18, 1e-12);
  EXPECT_FALSE(m[1].error);
  EXPECT_EQ(m[0].maxSimilarity, 1.0);
  EXPECT_EQ(m[0].mostSimilar, 1);
  EXPECT_EQ(m[2].mostSimilar == 0 || m[2].mostSimilar == 1, true);
  EXPECT_NEAR(*m[2].meanSimilarity, 0.5, 0.05);  // independent random halves overlap by about half
  EXPECT_NEAR(*diversity({&cs[0].cell, &cs[1].cell}), 1.0, 0.0);
}

Session richSession() {
  Session s;
  s.title = "bone implant";
  s.target = DesignTarget::cubic(0.1 + 0.2, 1.0 / 3.0, 0.08, 0.35);
  s.target.volumeFractionFree = true;
  for (int i = 0; i < 3; ++i) {
    Candidate c;
    c.id = s.takeCandidateId();
    c.name = "candidate " + std::to_string(i + 1) + " ν";
    c.cell = test::randomCell(8 + 4 * i, 0.3, static_cast<unsigned>(i));
    c.provenance.kind = i == 0 ? "file" : "family";
    c.provenance.fields = {{"path", "/tmp/a b/c.raw"}, {"seed", std::to_string(i)}};
    if (i != 1) c.homogenized = Homogenized{Stiffness::cubic(0.3 / 7, 0.12 / 9, 1e-300), {1.0, 0.3}, 8, 1e-6, 42, 0.123456789, "CPU", "float64"};
    s.candidates.push_back(c);
  }
  s.homogenize.tolerance = 1e-7;
  s.homogenize.precision = "float32";
  s.unit = PhysicalUnit{"Ti-6Al-4V", 114.0};
  s.viewState = {{"tab", 1}, {"tiles", 3}, {"camera", {1.5, -2.25, 0.1}}};
  s.orthotropicRanges = OrthotropicRanges{{0.01, 0.002, 0.003, 0.01, 0.004, 0.01, 1e-3, 2e-3, 3e-3},
                                          {1.3, 0.57, 0.58, 1.31, 0.56, 1.32, 0.38, 0.39, 0.37}, "spinodoid data (spinodoid.h5)"};
  return s;
}

// A session judges each target by its class's error with its own ranges: Eq. 18 for a cubic
// target, the nine-constant mean for an orthotropic one (the base material's spans until a
// family's data is adopted), NMSE for a full one.
TEST(Session, TheTargetsClassPicksTheErrorAndTheSessionsRangesNormalizeIt) {
  Session s = richSession();
  const Stiffness cubic = Stiffness::cubic(0.3, 0.12, 0.08), cubicOff = Stiffness::cubic(0.33, 0.12, 0.08);
  EXPECT_EQ(s.metricFor(cubic)(cubic, cubicOff), targetError(cubic, cubicOff, s.ranges));
  const Stiffness ortho = Stiffness::orthotropic(0.3, 0.1, 0.11, 0.32, 0.12, 0.35, 0.08, 0.09, 0.1);
  const Stiffness orthoOff = Stiffness::orthotropic(0.3, 0.1, 0.11, 0.32, 0.12, 0.35, 0.08, 0.09, 0.2);
  EXPECT_EQ(s.metricFor(ortho).targetClass(), TargetClass::Orthotropic);
  EXPECT_DOUBLE_EQ(s.metricFor(ortho)(ortho, orthoOff), 0.1 / (0.37 - 3e-3) / 9);  // one constant off, by hand
  s.orthotropicRanges.reset();
  EXPECT_EQ(s.metricFor(ortho)(ortho, orthoOff), orthotropicError(ortho, orthoOff, OrthotropicRanges::ofBaseMaterial(s.homogenize.base)));
  Matrix6 m = ortho.voigt();
  m(0, 3) = m(3, 0) = 0.01;
  const Stiffness full = Stiffness::fromVoigt(m);
  EXPECT_EQ(s.metricFor(full).targetClass(), TargetClass::Full);
  EXPECT_EQ(s.metricFor(full)(full, orthoOff), normalizedSquaredError(full, orthoOff));
}

TEST(SessionFile, RoundTripsEveryBit) {
  test::TempDir dir;
  const Session s = richSession();
  io::writeSession(dir.path / "s.mfsession", s);
  const Session back = io::readSession(dir.path / "s.mfsession");
  EXPECT_EQ(back, s);
  EXPECT_EQ(back.candidates[2].homogenized->stiffness.voigt()(3, 3), 1e-300);
  EXPECT_EQ(back.nextCandidateNumber, 4);
  EXPECT_EQ(dir.files(), 1u);
}

TEST(SessionFile, DamageIsReportedNotGuessed) {
  test::TempDir dir;
  const auto path = dir.path / "s.mfsession";
  io::writeSession(path, richSession());
  std::string bytes = test::fileBytes(path);
  auto message = [&](const std::string& content) {
    std::ofstream(dir.path / "bad.mfsession", std::ios::binary) << content;
    try {
      io::readSession(dir.path / "bad.mfsession");
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("hello").find("not a MetaForge session file"), std::string::npos);
  EXPECT_NE(message(bytes.substr(0, bytes.size() / 2)).find("truncated"), std::string::npos);
  std::string flipped = bytes;
  flipped[flipped.size() - 10] ^= 0x5a;  // inside the last payload
  EXPECT_NE(message(flipped).find("payload 3 is corrupt"), std::string::npos);
  std::string newer = bytes;
  newer[18] = 2;
  EXPECT_NE(message(newer).find("version 2 is newer"), std::string::npos);
  std::string json = bytes;
  json[json.find("\"title\"") + 1] = 'X';
  EXPECT_NE(message(json).find("corrupt session data"), std::string::npos);
  EXPECT_NE(message("").find("empty"), std::string::npos);
}

// The layout of a session file: magic, u32 version, u64 length of the JSON, the JSON, payloads.
constexpr std::size_t kSessionLengthAt = sizeof("MetaForge session\n") - 1 + 4;

// The session's description (JSON) changed and written back with the same voxel payloads.
std::string withJson(const std::string& bytes, const std::function<void(nlohmann::json&)>& change) {
  const std::size_t lengthAt = kSessionLengthAt;
  std::uint64_t length = 0;
  std::memcpy(&length, bytes.data() + lengthAt, 8);
  nlohmann::json j = nlohmann::json::parse(bytes.substr(lengthAt + 8, length));
  change(j);
  const std::string text = j.dump();
  std::string out = bytes.substr(0, lengthAt);
  const std::uint64_t n = text.size();
  out.append(reinterpret_cast<const char*>(&n), 8);
  out += text;
  out += bytes.substr(lengthAt + 8 + length);
  return out;
}

TEST(SessionFile, HostileDescriptionsAreRefusedBeforeAnythingIsAllocated) {
  test::TempDir dir;
  const auto path = dir.path / "s.mfsession";
  io::writeSession(path, richSession());
  std::string bytes = test::fileBytes(path);
  auto message = [&](const std::string& content) {
    std::ofstream(dir.path / "bad.mfsession", std::ios::binary | std::ios::trunc) << content;
    try {
      io::readSession(dir.path / "bad.mfsession");
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(withJson(bytes, [](nlohmann::json&) {})), "no error");
  // A cell of 2³¹ − 1 voxels: refused, not allocated.
  EXPECT_NE(message(withJson(bytes, [](nlohmann::json& j) { j["candidates"][0]["dims"] = {2147483647, 1, 1}; }))
                .find("each side must lie in 1–1024"),
            std::string::npos);
  // Numbers no integer holds: refused before any cast (get<int>() of 1e300 is undefined behaviour).
  EXPECT_NE(message(withJson(bytes, [](nlohmann::json& j) { j["candidates"][0]["dims"] = {1e300, 1, 1}; }))
                .find("each of dims must be a whole number"),
            std::string::npos);
  EXPECT_NE(message(withJson(bytes, [](nlohmann::json& j) { j["candidates"][0]["voxels"] = -1e30; })).find("voxels must be a whole"),
            std::string::npos);
  EXPECT_NE(message(withJson(bytes, [](nlohmann::json& j) { j["candidates"][0]["homogenized"]["iterations"] = 3e12; }))
                .find("the FE iterations must be a whole number"),
            std::string::npos);
  EXPECT_NE(message(withJson(bytes, [](nlohmann::json& j) { j["homogenize"]["base"]["poisson"] = 0.7; })).find("Poisson"),
            std::string::npos);
  EXPECT_NE(message(withJson(bytes, [](nlohmann::json& j) { j["target"]["volume_fraction"] = -3; })).find("volume fraction"),
            std::string::npos);
  EXPECT_NE(message(withJson(bytes, [](nlohmann::json& j) { j["target"]["values"] = {1, 2}; })).find("values for its form"),
            std::string::npos);
  EXPECT_NE(message(withJson(bytes, [](nlohmann::json& j) { j["homogenize"]["max_iterations"] = -5; })).find("iteration limit"),
            std::string::npos);
  EXPECT_NE(message(withJson(bytes, [](nlohmann::json& j) { j["view"] = 5; })).find("view state must be an object"),
            std::string::npos);
  EXPECT_NE(message(withJson(bytes, [](nlohmann::json& j) { j["orthotropic_ranges"]["min"][4] = 2.0; }))
                .find("orthotropic error ranges"),
            std::string::npos);
  EXPECT_EQ(message(withJson(bytes, [](nlohmann::json& j) { j.erase("orthotropic_ranges"); })), "no error");  // older sessions
  EXPECT_NE(message(withJson(bytes, [](nlohmann::json& j) { j["ranges"]["max"] = {0, 0, 0}; })).find("error ranges"),
            std::string::npos);
  // A payload that claims a gigabyte of voxels from a few bytes.
  {
    std::string bloated = bytes;
    const std::size_t lengthAt = kSessionLengthAt;
    std::uint64_t length = 0;
    std::memcpy(&length, bytes.data() + lengthAt, 8);
    const std::size_t payload = lengthAt + 8 + length;  // zsize, then rawSize
    const std::uint64_t huge = 1ull << 30;
    std::memcpy(bloated.data() + payload + 8, &huge, 8);
    EXPECT_NE(message(bloated).find("claims 1073741824 voxels"), std::string::npos) << message(bloated);
  }
  // Damage anywhere: one error or a session, never a crash.
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::string d = bytes;
    d[i] = static_cast<char>(d[i] ^ 0xff);
    const std::string m = message(d);
    if (m != "no error") {
      EXPECT_EQ(m.find((dir.path / "bad.mfsession").string()), 0u) << m;
    }
  }
}

}  // namespace
}  // namespace mf::design
