#include "plugins/spinodoid/spinodoid_networks.hpp"

#include "core/dataset/dataset_store.hpp"
#include "core/design/metrics.hpp"
#include "core/files/atomic_file.hpp"
#include "core/files/checksum.hpp"
#include "core/files/run_folder.hpp"
#include "core/files/weights_card.hpp"
#include "core/voxel/random_fields.hpp"
#include "plugins/spinodoid/spinodoid_dataset.hpp"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <thread>

namespace mf::spinodoid {
namespace {

constexpr const char* kFormat = "metaforge-spinodoid-model";

torch::nn::Sequential mlp(int in, const std::vector<int>& hidden, int out) {
  torch::nn::Sequential net;
  int width = in;
  for (int h : hidden) {
    net->push_back(torch::nn::Linear(width, h));
    net->push_back(torch::nn::ReLU());
    width = h;
  }
  net->push_back(torch::nn::Linear(width, out));
  return net;
}

std::array<float, 4> scaledDesign(const Design& d) {
  return {static_cast<float>((d.density - kMinDensity) / (kMaxDensity - kMinDensity)),
          static_cast<float>(d.coneDegrees[0] / 90.0), static_cast<float>(d.coneDegrees[1] / 90.0),
          static_cast<float>(d.coneDegrees[2] / 90.0)};
}

// The authors' post-correction, then the design space's bounds (and never all three cones off).
Design correctedDesign(const float* x) {
  Design d;
  d.density = std::clamp(kMinDensity + (kMaxDensity - kMinDensity) * static_cast<double>(x[0]), kMinDensity, kMaxDensity);
  std::size_t widest = 0;
  for (std::size_t j = 0; j < 3; ++j) {
    double t = std::clamp(90.0 * static_cast<double>(x[j + 1]), 0.0, 90.0);
    if (x[j + 1] > x[widest + 1]) widest = j;
    t = t < kMinConeDegrees / 2 ? 0.0 : std::max(t, kMinConeDegrees);
    d.coneDegrees[j] = t;
  }
  if (d.coneDegrees == std::array<double, 3>{0, 0, 0}) d.coneDegrees[widest] = kMinConeDegrees;
  return d;
}

torch::Tensor designTensor(const std::vector<Design>& designs) {
  torch::Tensor t = torch::empty({static_cast<long>(designs.size()), 4});
  for (std::size_t i = 0; i < designs.size(); ++i) {
    const auto s = scaledDesign(designs[i]);
    for (long j = 0; j < 4; ++j) t[static_cast<long>(i)][j] = s[static_cast<std::size_t>(j)];
  }
  return t;
}

torch::Tensor constantsTensor(const std::vector<Constants>& c, const Scaling& sc) {
  torch::Tensor t = torch::empty({static_cast<long>(c.size()), 9});
  auto a = t.accessor<float, 2>();
  for (std::size_t i = 0; i < c.size(); ++i)
    for (std::size_t j = 0; j < 9; ++j)
      a[static_cast<long>(i)][static_cast<long>(j)] = static_cast<float>((c[i][j] - sc.lo[j]) / (sc.hi[j] - sc.lo[j]));
  return t;
}

std::vector<Constants> constantsFrom(const torch::Tensor& t, const Scaling& sc) {
  const torch::Tensor c = t.contiguous();
  auto a = c.accessor<float, 2>();
  std::vector<Constants> out(static_cast<std::size_t>(c.size(0)));
  for (std::size_t i = 0; i < out.size(); ++i)
    for (std::size_t j = 0; j < 9; ++j)
      out[i][j] = sc.lo[j] + (sc.hi[j] - sc.lo[j]) * static_cast<double>(a[static_cast<long>(i)][static_cast<long>(j)]);
  return out;
}

}  // namespace

Constants constantsOf(const Matrix6& m) {
  return {m(0, 0), m(0, 1), m(0, 2), m(1, 1), m(1, 2), m(2, 2), m(3, 3), m(4, 4), m(5, 5)};
}

bool isHeldOut(const dataset::Sample& s) { return deriveSeed(s.seed, 0x5EED4) % 10 == 0; }

Scaling Scaling::of(const std::vector<Constants>& data) {
  if (data.empty()) throw std::invalid_argument("spinodoid scaling of no samples");
  Scaling s;
  s.lo.fill(1e300);
  s.hi.fill(-1e300);
  for (const Constants& c : data)
    for (std::size_t j = 0; j < 9; ++j) s.lo[j] = std::min(s.lo[j], c[j]), s.hi[j] = std::max(s.hi[j], c[j]);
  for (std::size_t j = 0; j < 9; ++j)
    if (!(s.hi[j] > s.lo[j])) s.hi[j] = s.lo[j] + 1e-12;  // a constant without spread still scales
  return s;
}

struct Networks::Impl {
  torch::nn::Sequential f = mlp(4, {128, 128, 64, 64, 32, 32}, 9);
  torch::nn::Sequential g = mlp(9, {100, 100, 100, 100, 100, 100}, 4);
  Scaling scaling;
};

Networks::Networks(std::uint64_t seed) {
  torch::manual_seed(seed);
  impl_ = std::make_unique<Impl>();
  for (std::size_t j = 0; j < 9; ++j) impl_->scaling.lo[j] = 0, impl_->scaling.hi[j] = 1;
}
Networks::~Networks() = default;
Networks::Networks(Networks&&) noexcept = default;
Networks& Networks::operator=(Networks&&) noexcept = default;

const Scaling& Networks::scaling() const { return impl_->scaling; }
void Networks::setScaling(const Scaling& s) { impl_->scaling = s; }

std::vector<Constants> Networks::forward(const std::vector<Design>& designs) const {
  if (designs.empty()) return {};
  torch::NoGradGuard noGrad;
  impl_->f->eval();
  return constantsFrom(impl_->f->forward(designTensor(designs)), impl_->scaling);
}

std::vector<Design> Networks::inverse(const std::vector<Constants>& constants) const {
  if (constants.empty()) return {};
  torch::NoGradGuard noGrad;
  impl_->g->eval();
  const torch::Tensor x = impl_->g->forward(constantsTensor(constants, impl_->scaling)).contiguous();
  std::vector<Design> out;
  for (long i = 0; i < x.size(0); ++i) out.push_back(correctedDesign(x[i].data_ptr<float>()));
  return out;
}

void Networks::save(const std::filesystem::path& weights) const {
  torch::serialize::OutputArchive archive, f, g;
  impl_->f->save(f);
  impl_->g->save(g);
  archive.write("f", f);
  archive.write("g", g);
  files::writeAtomically(weights, [&](const std::filesystem::path& tmp) { archive.save_to(tmp.string()); });
}

Networks Networks::load(const std::filesystem::path& weights, const Scaling& scaling) {
  Networks n;
  try {
    torch::serialize::InputArchive archive, f, g;
    archive.load_from(weights.string());
    archive.read("f", f);
    archive.read("g", g);
    n.impl_->f->load(f);
    n.impl_->g->load(g);
  } catch (const c10::Error& e) {
    throw std::runtime_error(weights.string() + ": not spinodoid network weights (" + e.what_without_backtrace() + ")");
  }
  n.setScaling(scaling);
  return n;
}

Bundle loadBundle(const std::filesystem::path& cardPath) {
  const auto bad = [&](const std::string& why) { return std::runtime_error(cardPath.string() + ": " + why); };
  const files::WeightsCard read = files::readWeightsCard(cardPath, kFormat, "spinodoid model card");
  const nlohmann::json& card = read.card;
  const std::filesystem::path& weightsPath = read.weights;
  Scaling s;
  const nlohmann::json& sc = card.value("scaling", nlohmann::json());
  for (const char* side : {"lo", "hi"}) {
    if (!sc.is_object() || !sc.contains(side) || !sc[side].is_array() || sc[side].size() != 9) throw bad("its scaling is not nine lo and hi values");
    for (std::size_t j = 0; j < 9; ++j) {
      if (!sc[side][j].is_number()) throw bad("its scaling is not nine lo and hi values");
      (side[0] == 'l' ? s.lo : s.hi)[j] = sc[side][j].get<double>();
    }
  }
  for (std::size_t j = 0; j < 9; ++j)
    if (!(std::isfinite(s.lo[j]) && std::isfinite(s.hi[j]) && s.hi[j] > s.lo[j])) throw bad("its scaling has an empty or broken range");
  return {Networks::load(weightsPath, s), card.value("dataset", std::string())};
}

namespace {

struct Split {
  torch::Tensor theta, s;             // scaled, training
  torch::Tensor heldTheta, heldS;     // scaled, held out
  std::vector<Design> heldDesigns;
  std::vector<Constants> heldConstants;
  Scaling scaling;
};

Split readSplit(const std::filesystem::path& path) {
  std::vector<Design> train, held;
  std::vector<Constants> trainC, heldC;
  for (const dataset::Sample& s : dataset::readDatasetLabels(path)) {
    if (s.generator != kGeneratorName) continue;
    const Design d = parametersFromJson(s.params).design;
    (isHeldOut(s) ? held : train).push_back(d);
    (isHeldOut(s) ? heldC : trainC).push_back(constantsOf(s.stiffness));
  }
  if (train.empty() || held.empty())
    throw std::invalid_argument(path.string() + ": " + std::to_string(train.size()) + " training and " + std::to_string(held.size()) +
                                " held-out spinodoid samples; both are needed");
  Split out;
  out.scaling = Scaling::of(trainC);
  out.theta = designTensor(train);
  out.s = constantsTensor(trainC, out.scaling);
  out.heldTheta = designTensor(held);
  out.heldS = constantsTensor(heldC, out.scaling);
  out.heldDesigns = held;
  out.heldConstants = heldC;
  return out;
}

Constants rSquared(const std::vector<Constants>& want, const std::vector<Constants>& got) {
  const auto rows = [](const std::vector<Constants>& v) {
    std::vector<std::vector<double>> out;
    for (const Constants& c : v) out.emplace_back(c.begin(), c.end());
    return out;
  };
  const std::vector<double> r2 = design::rSquaredPerConstant(rows(want), rows(got));
  Constants r{};
  std::copy(r2.begin(), r2.end(), r.begin());
  return r;
}

struct State {
  int stage = 0, epoch = 0;  // the next epoch to run: stage 0 trains F, 1 trains G, 2 is done
  std::vector<double> forwardLoss, inverseLoss;
};

void saveCheckpoint(const std::filesystem::path& path, const Networks& nets, torch::optim::Adam& fopt,
                    torch::optim::Adam& gopt, const State& st, const torch::Generator& gen) {
  torch::serialize::OutputArchive archive, f, g, fo, go;
  nets.impl().f->save(f);
  nets.impl().g->save(g);
  fopt.save(fo);
  gopt.save(go);
  archive.write("f", f);
  archive.write("g", g);
  archive.write("fopt", fo);
  archive.write("gopt", go);
  archive.write("stage", torch::tensor(static_cast<std::int64_t>(st.stage)));
  archive.write("epoch", torch::tensor(static_cast<std::int64_t>(st.epoch)));
  archive.write("forward_loss", torch::tensor(st.forwardLoss, torch::kFloat64));
  archive.write("inverse_loss", torch::tensor(st.inverseLoss, torch::kFloat64));
  archive.write("rng", gen.get_state());
  files::writeAtomically(path, [&](const std::filesystem::path& tmp) { archive.save_to(tmp.string()); });
}

std::vector<double> toVector(const torch::Tensor& t) {
  const torch::Tensor c = t.to(torch::kFloat64).contiguous();
  return {c.data_ptr<double>(), c.data_ptr<double>() + c.numel()};
}

void loadCheckpoint(const std::filesystem::path& path, Networks& nets, torch::optim::Adam& fopt, torch::optim::Adam& gopt,
                    State& st, torch::Generator& gen) {
  try {
    torch::serialize::InputArchive archive, f, g, fo, go;
    archive.load_from(path.string());
    archive.read("f", f);
    archive.read("g", g);
    archive.read("fopt", fo);
    archive.read("gopt", go);
    nets.impl().f->load(f);
    nets.impl().g->load(g);
    fopt.load(fo);
    gopt.load(go);
    torch::Tensor stage, epoch, fl, il, rng;
    archive.read("stage", stage);
    archive.read("epoch", epoch);
    archive.read("forward_loss", fl);
    archive.read("inverse_loss", il);
    archive.read("rng", rng);
    st.stage = static_cast<int>(stage.item<std::int64_t>());
    st.epoch = static_cast<int>(epoch.item<std::int64_t>());
    st.forwardLoss = toVector(fl);
    st.inverseLoss = toVector(il);
    gen.set_state(rng);
  } catch (const c10::Error& e) {
    throw std::runtime_error(path.string() + ": unreadable checkpoint (" + std::string(e.what_without_backtrace()) + ")");
  }
}

// One epoch over the training set in shuffled batches; the mean loss.
template <class Loss>
double epochOver(const Split& data, int batch, torch::optim::Adam& opt, torch::Generator& gen, Loss loss) {
  const long n = data.theta.size(0);
  const torch::Tensor order = torch::randperm(n, gen, torch::kLong);
  double sum = 0;
  long steps = 0;
  for (long b = 0; b < n; b += batch) {
    const torch::Tensor idx = order.slice(0, b, std::min(n, b + batch));
    opt.zero_grad();
    torch::Tensor l = loss(data.theta.index_select(0, idx), data.s.index_select(0, idx));
    l.backward();
    opt.step();
    sum += l.item<double>();
    ++steps;
  }
  return sum / static_cast<double>(std::max<long>(steps, 1));
}

void writeBundle(const TrainingPlan& plan, const Networks& nets, const Split& data, const TrainingReport& r, const State& st) {
  const std::filesystem::path weights = plan.runFolder / "model.pt";
  nets.save(weights);
  nlohmann::json r2f, r2t;
  for (std::size_t j = 0; j < 9; ++j) r2f[design::kOrthotropicNames[j]] = r.forwardR2[j], r2t[design::kOrthotropicNames[j]] = r.tandemR2[j];
  const nlohmann::json card = {
      {"format", kFormat},
      {"weights", "model.pt"},
      {"weights_sha256", files::sha256OfFile(weights)},
      {"scaling", {{"lo", data.scaling.lo}, {"hi", data.scaling.hi}}},
      {"dataset", plan.dataset.string()},
      {"dataset_sha256", files::sha256OfFile(plan.dataset)},
      {"train_samples", r.trainSamples},
      {"held_out_samples", r.heldOutSamples},
      {"held_out_split", "deriveSeed(sample seed, 0x5EED4) % 10 == 0"},
      {"epochs", plan.epochs},
      {"batch", plan.batch},
      {"learning_rate", plan.learningRate},
      {"lambda", plan.lambda},
      {"lambda_epochs", plan.lambdaEpochs},
      {"seed", plan.seed},
      {"command", plan.command},
      {"final_forward_loss", st.forwardLoss.empty() ? 0.0 : st.forwardLoss.back()},
      {"final_inverse_loss", st.inverseLoss.empty() ? 0.0 : st.inverseLoss.back()},
      {"metrics", {{"forward_r2_held_out", r2f}, {"tandem_r2_held_out", r2t}}}};
  files::writeTextAtomically(plan.runFolder / "card.json", card.dump(2));
}

}  // namespace

TrainingReport train(const TrainingPlan& plan, Progress& progress) {
  if (plan.epochs < 1 || plan.batch < 1 || !(plan.learningRate > 0)) throw std::invalid_argument("spinodoid training: epochs, batch and rate must be positive");
  at::set_num_threads(plan.threads > 0 ? plan.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
  const auto start = std::chrono::steady_clock::now();
  const Split data = readSplit(plan.dataset);
  std::filesystem::create_directories(plan.runFolder);
  Networks nets(plan.seed);
  nets.setScaling(data.scaling);
  torch::optim::Adam fopt(nets.impl().f->parameters(), torch::optim::AdamOptions(plan.learningRate));
  torch::optim::Adam gopt(nets.impl().g->parameters(), torch::optim::AdamOptions(plan.learningRate));
  torch::Generator gen = at::detail::createCPUGenerator(plan.seed);
  State st;
  const std::filesystem::path checkpoint = plan.runFolder / "checkpoint.pt";
  files::claimRunFolder(plan.runFolder, files::sha256OfFile(plan.dataset), plan.dataset.string());
  if (std::filesystem::exists(checkpoint)) loadCheckpoint(checkpoint, nets, fopt, gopt, st, gen);
  TrainingReport r;
  r.trainSamples = static_cast<std::size_t>(data.theta.size(0));
  r.heldOutSamples = static_cast<std::size_t>(data.heldTheta.size(0));
  auto& f = nets.impl().f;
  auto& g = nets.impl().g;
  const auto outOfTime = [&] {
    return plan.maxHours > 0 && std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > 3600 * plan.maxHours;
  };
  while (st.stage < 2) {
    progress.checkCancelled();
    if (outOfTime()) break;
    if (st.stage == 0) {
      f->train();
      st.forwardLoss.push_back(epochOver(data, plan.batch, fopt, gen, [&](const torch::Tensor& theta, const torch::Tensor& s) {
        return torch::mse_loss(f->forward(theta), s);  // Eq. 6
      }));
    } else {
      f->eval();
      for (auto& p : f->parameters()) p.set_requires_grad(false);  // F is frozen
      g->train();
      const bool predict = st.epoch < plan.lambdaEpochs;
      st.inverseLoss.push_back(epochOver(data, plan.batch, gopt, gen, [&](const torch::Tensor& theta, const torch::Tensor& s) {
        const torch::Tensor guess = g->forward(s);
        torch::Tensor loss = torch::mse_loss(f->forward(guess), s);  // Eq. 7
        if (predict) loss = loss + plan.lambda * torch::mse_loss(guess, theta);
        return loss;
      }));
    }
    if (++st.epoch == plan.epochs) st.epoch = 0, ++st.stage;
    saveCheckpoint(checkpoint, nets, fopt, gopt, st, gen);
    const double done = (st.stage >= 2 ? 2.0 * plan.epochs : st.stage * plan.epochs + st.epoch) / (2.0 * plan.epochs);
    progress.report(done, st.stage == 0 ? "f-NN epoch " + std::to_string(st.epoch) : "i-NN epoch " + std::to_string(st.epoch));
  }
  r.forwardLoss = st.forwardLoss;
  r.inverseLoss = st.inverseLoss;
  r.finished = st.stage >= 2;
  // Held-out figures, in E_s = 1 units: F alone, and the tandem F(G(S)) (G's Θ post-corrected).
  r.forwardR2 = rSquared(data.heldConstants, nets.forward(data.heldDesigns));
  r.tandemR2 = rSquared(data.heldConstants, nets.forward(nets.inverse(data.heldConstants)));
  if (r.finished) writeBundle(plan, nets, data, r, st);
  return r;
}

}  // namespace mf::spinodoid
