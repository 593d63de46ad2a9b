#include "core/generative/diffusion_model.hpp"
#include "core/generative/unet.hpp"

#include "core/files/atomic_file.hpp"

#include "core/voxel/symmetry.hpp"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numbers>
#include <sstream>
#include <string>
#include <stdexcept>
#include <thread>

namespace mf::generative {
namespace nn = torch::nn;

torch::Tensor octantsToTensor(const std::vector<BinaryCell>& octants, int m) {
  torch::Tensor x = torch::empty({static_cast<long>(octants.size()), 1, m, m, m});
  float* p = x.data_ptr<float>();
  for (const BinaryCell& o : octants) {
    if (o.nx() != m || !o.isCube()) throw std::invalid_argument("model: octant of the wrong size");
    for (auto v : o.data()) *p++ = v ? 1.0f : -1.0f;  // memory order (z, y, x) = tensor order (D, H, W)
  }
  return x;
}

torch::Tensor conditionsToTensor(const std::vector<Condition>& c) {
  torch::Tensor t = torch::empty({static_cast<long>(c.size()), 4});
  for (std::size_t i = 0; i < c.size(); ++i)
    for (int k = 0; k < 4; ++k) t[static_cast<long>(i)][k] = c[i][static_cast<std::size_t>(k)];
  return t;
}

// x̂0 averaged over the six permutations of the octant's axes (so that any threshold gives a
// cubic cell), then thresholded (octant_threshold.hpp) and mirrored.
std::vector<ThresholdedCell> toCells(const torch::Tensor& x0, const std::vector<Condition>& conditions,
                                     const SamplerOptions& o) {
  torch::Tensor s = (x0 + x0.permute({0, 1, 2, 4, 3}) + x0.permute({0, 1, 3, 2, 4}) + x0.permute({0, 1, 3, 4, 2}) +
                     x0.permute({0, 1, 4, 2, 3}) + x0.permute({0, 1, 4, 3, 2})) /
                    6.0;
  s = s.contiguous();
  const int m = static_cast<int>(s.size(2));
  const long per = static_cast<long>(m) * m * m;
  std::vector<ThresholdedCell> cells;
  for (long b = 0; b < s.size(0); ++b) {
    OctantThresholdOptions t;
    const float vf = conditions[static_cast<std::size_t>(b)][3];
    if (o.matchVolumeFraction && o.guidance != 0.0 && vf != kDropped) t.volumeFraction = vf;
    t.maxBridgeVolumeFraction = o.maxBridgeVolumeFraction;
    cells.push_back(thresholdOctant(s.data_ptr<float>() + b * per, m, t));
  }
  return cells;
}

std::vector<BinaryCell> plain(std::vector<ThresholdedCell>&& cells) {
  std::vector<BinaryCell> out;
  for (auto& c : cells) out.push_back(std::move(c.cell));
  return out;
}

// Where sampling runs: the first CUDA device where LibTorch was built with CUDA and one exists
// (MF_DEVICE=cpu keeps it on the CPU); else the CPU. Training stays on the CPU.
torch::Device samplingDevice() {
  static const bool cuda = [] {
    const char* e = std::getenv("MF_DEVICE");
    if (e && std::string(e) == "cpu") return false;
    return torch::cuda::is_available();
  }();
  return cuda ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
}

// A copy of the network's current weights on another device. Copied per sampling call (3 MB,
// milliseconds): the weights may have changed since (training in the same process).
UNet copyTo(const UNet& net, const ModelConfig& config, torch::Device device) {
  std::stringstream buffer;
  torch::serialize::OutputArchive out;
  net->save(out);
  out.save_to(buffer);
  UNet copy(config);
  torch::serialize::InputArchive in;
  in.load_from(buffer);
  copy->load(in);
  copy->to(device);
  return copy;
}

DiffusionModel::DiffusionModel(const ModelConfig& config, std::uint64_t initSeed) : impl_(std::make_unique<Impl>()) {
  if (const std::string why = validate(config); !why.empty()) throw std::invalid_argument("model: " + why);
  torch::manual_seed(initSeed);
  impl_->config = config;
  impl_->net = UNet(config);
}
DiffusionModel::~DiffusionModel() = default;
DiffusionModel::DiffusionModel(DiffusionModel&&) noexcept = default;
DiffusionModel& DiffusionModel::operator=(DiffusionModel&&) noexcept = default;

const ModelConfig& DiffusionModel::config() const { return impl_->config; }

std::size_t DiffusionModel::parameterCount() const {
  std::size_t n = 0;
  for (const auto& p : impl_->net->parameters()) n += static_cast<std::size_t>(p.numel());
  return n;
}

std::vector<BinaryCell> DiffusionModel::sample(const std::vector<Condition>& conditions, const SamplerOptions& o,
                                               Progress& progress) const {
  return plain(sampleThresholded(conditions, o, progress));
}

std::vector<ThresholdedCell> DiffusionModel::sampleThresholded(const std::vector<Condition>& conditions,
                                                               const SamplerOptions& o, Progress& progress) const {
  const int m = impl_->config.octant;
  torch::Generator gen = at::detail::createCPUGenerator(o.seed);
  const torch::Tensor noise = torch::randn({static_cast<long>(conditions.size()), 1, m, m, m}, gen);
  return toCells(impl_->run(noise, conditionsToTensor(conditions), o, progress), conditions, o);
}

std::vector<BinaryCell> DiffusionModel::sampleFrom(const std::vector<std::vector<float>>& noise,
                                                   const std::vector<Condition>& conditions, const SamplerOptions& o,
                                                   Progress& progress) const {
  const int m = impl_->config.octant;
  torch::Tensor x = torch::empty({static_cast<long>(noise.size()), 1, m, m, m});
  float* p = x.data_ptr<float>();
  for (const auto& v : noise) {
    if (v.size() != static_cast<std::size_t>(m) * m * m) throw std::invalid_argument("noise of the wrong size");
    p = std::copy(v.begin(), v.end(), p);
  }
  return plain(toCells(impl_->run(x, conditionsToTensor(conditions), o, progress), conditions, o));
}

std::vector<std::vector<float>> DiffusionModel::invert(const std::vector<BinaryCell>& cells,
                                                       const std::vector<Condition>& conditions, int steps) const {
  torch::NoGradGuard noGrad;
  std::vector<BinaryCell> octants;
  for (const BinaryCell& c : cells) octants.push_back(extractOctant(c));
  const torch::Tensor cond = conditionsToTensor(conditions);
  torch::Tensor x = octantsToTensor(octants, impl_->config.octant);
  torch::Tensor sc = torch::zeros_like(x);
  // The sampler's steps in reverse: from t_{k+1} to t_k, with the prediction at the lower time.
  for (int k = steps - 1; k >= 0; --k) {
    const double s = 1.0 - double(k + 1) / steps, t = 1.0 - double(k) / steps;
    const double gs = s > 0 ? gamma(torch::tensor(s)).item<double>() : 1.0 - 1e-5;
    const double gt = gamma(torch::tensor(t)).item<double>();
    const torch::Tensor x0 = Impl::predict(impl_->net, x, sc, std::max(s, 1e-3), cond, 1.0);
    const torch::Tensor eps = (x - std::sqrt(gs) * x0) / std::sqrt(1.0 - gs);
    x = std::sqrt(gt) * x0 + std::sqrt(1.0 - gt) * eps;
    sc = x0;
  }
  x = x.contiguous();
  std::vector<std::vector<float>> out;
  const long per = x[0].numel();
  for (long b = 0; b < x.size(0); ++b) {
    const float* p = x[b].data_ptr<float>();
    out.emplace_back(p, p + per);
  }
  return out;
}

namespace {

// The architecture, stored beside the weights: LibTorch reshapes parameters on load without a
// word, so a file of another architecture must be caught here.
torch::Tensor configTensor(const ModelConfig& c) {
  std::vector<std::int64_t> v = {c.octant, c.embedding, c.frequencies};
  v.insert(v.end(), c.widths.begin(), c.widths.end());
  return torch::tensor(v, torch::kLong);
}

}  // namespace

void DiffusionModel::save(const std::filesystem::path& path) const {
  torch::serialize::OutputArchive archive;
  impl_->net->save(archive);
  archive.write("metaforge_config", configTensor(impl_->config));
  archive.save_to(path.string());
}

DiffusionModel DiffusionModel::load(const std::filesystem::path& path, const ModelConfig& config) {
  if (!std::filesystem::exists(path)) throw std::runtime_error(path.string() + ": no such model file");
  DiffusionModel m(config);
  try {
    torch::serialize::InputArchive archive;
    archive.load_from(path.string());
    torch::Tensor stored;
    if (!archive.try_read("metaforge_config", stored))
      throw std::runtime_error(path.string() + ": not a MetaForge model (no architecture record)");
    if (!torch::equal(stored, configTensor(config)))
      throw std::runtime_error(path.string() + ": a model of another architecture than its card describes");
    m.impl_->net->load(archive);
  } catch (const c10::Error& e) {
    throw std::runtime_error(path.string() + ": not a model of this architecture (" + std::string(e.what_without_backtrace()) + ")");
  }
  return m;
}

struct Trainer::State {
  DiffusionModel* model;
  TrainerOptions options;
  DiffusionModel ema;
  std::unique_ptr<torch::optim::AdamW> optimizer;
  torch::Generator gen;
  long steps = 0;
  State(DiffusionModel& m, const TrainerOptions& o) : model(&m), options(o), ema(m.config()) {}
};

Trainer::Trainer(DiffusionModel& model, const TrainerOptions& options)
    : state_(std::make_unique<State>(model, options)) {
  state_->gen = at::detail::createCPUGenerator(options.seed);
  auto params = model.impl().net->parameters();
  state_->optimizer = std::make_unique<torch::optim::AdamW>(
      params, torch::optim::AdamWOptions(options.learningRate).weight_decay(options.weightDecay));
  torch::NoGradGuard noGrad;
  auto src = model.impl().net->parameters();
  auto dst = state_->ema.impl().net->parameters();
  for (std::size_t i = 0; i < src.size(); ++i) dst[i].copy_(src[i]);
}
Trainer::~Trainer() = default;
long Trainer::steps() const { return state_->steps; }

namespace {

// The noisy input and the loss for a batch, given the noise, times and self-conditioning.
torch::Tensor lossOf(UNet& net, const torch::Tensor& x0, const torch::Tensor& cond, const torch::Tensor& t,
                     const torch::Tensor& eps, const torch::Tensor& useSelfCond) {
  const torch::Tensor g = gamma(t).view({-1, 1, 1, 1, 1});
  const torch::Tensor xt = torch::sqrt(g) * x0 + torch::sqrt(1 - g) * eps;
  torch::Tensor sc = torch::zeros_like(xt);
  if (useSelfCond.any().item<bool>()) {
    torch::NoGradGuard noGrad;
    sc = net->forward(xt, torch::zeros_like(xt), t, cond) * useSelfCond.view({-1, 1, 1, 1, 1});
  }
  return torch::mse_loss(net->forward(xt, sc, t, cond), x0);
}

}  // namespace

double Trainer::step(const std::vector<BinaryCell>& octants, const std::vector<Condition>& conditions) {
  State& s = *state_;
  UNet& net = s.model->impl().net;
  net->train();
  const long n = static_cast<long>(octants.size());
  const torch::Tensor x0 = octantsToTensor(octants, s.model->config().octant);
  torch::Tensor cond = conditionsToTensor(conditions);
  // Condition dropout: tensor only, vf only, or both.
  const torch::Tensor u = torch::rand({n}, s.gen);
  const torch::Tensor dropTensor = (u < s.options.dropTensor) | (u >= 1 - s.options.dropBoth);
  const torch::Tensor dropVf = ((u >= s.options.dropTensor) & (u < s.options.dropTensor + s.options.dropVf)) |
                               (u >= 1 - s.options.dropBoth);
  cond.slice(1, 0, 3).masked_fill_(dropTensor.view({-1, 1}).expand({n, 3}), kDropped);
  cond.slice(1, 3, 4).masked_fill_(dropVf.view({-1, 1}), kDropped);
  const torch::Tensor t = torch::rand({n}, s.gen);
  const torch::Tensor eps = torch::randn(x0.sizes(), s.gen);
  const torch::Tensor useSelfCond = (torch::rand({n}, s.gen) < s.options.selfCondition).to(torch::kFloat);
  s.optimizer->zero_grad();
  const torch::Tensor loss = lossOf(net, x0, cond, t, eps, useSelfCond);
  loss.backward();
  s.optimizer->step();
  ++s.steps;
  torch::NoGradGuard noGrad;
  auto src = net->parameters();
  auto dst = s.ema.impl().net->parameters();
  const double d = std::min(s.options.ema, (1.0 + s.steps) / (10.0 + s.steps));  // warm-up of the average
  for (std::size_t i = 0; i < src.size(); ++i) dst[i].mul_(d).add_(src[i], 1 - d);
  return loss.item<double>();
}

double Trainer::evaluate(const std::vector<BinaryCell>& octants, const std::vector<Condition>& conditions,
                         std::uint64_t seed) const {
  torch::NoGradGuard noGrad;
  UNet& net = state_->model->impl().net;
  net->eval();
  torch::Generator gen = at::detail::createCPUGenerator(seed);
  const long n = static_cast<long>(octants.size());
  const torch::Tensor x0 = octantsToTensor(octants, state_->model->config().octant);
  const torch::Tensor t = torch::rand({n}, gen);
  const torch::Tensor eps = torch::randn(x0.sizes(), gen);
  const double loss = lossOf(net, x0, conditionsToTensor(conditions), t, eps, torch::zeros({n})).item<double>();
  net->train();
  return loss;
}

void Trainer::saveCheckpoint(const std::filesystem::path& path) const {
  torch::serialize::OutputArchive archive, net, ema, optimizer;
  state_->model->impl().net->save(net);
  state_->ema.impl().net->save(ema);
  state_->optimizer->save(optimizer);
  archive.write("net", net);
  archive.write("ema", ema);
  archive.write("optimizer", optimizer);
  archive.write("steps", torch::tensor(static_cast<std::int64_t>(state_->steps)));
  archive.write("rng", state_->gen.get_state());  // so that a resumed run draws the same noise
  archive.write("metaforge_config", configTensor(state_->model->config()));
  files::writeAtomically(path, [&](const std::filesystem::path& tmp) { archive.save_to(tmp.string()); });
}

void Trainer::setLearningRate(double lr) {
  for (auto& group : state_->optimizer->param_groups())
    static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
}

double Trainer::learningRate() const {
  return static_cast<const torch::optim::AdamWOptions&>(state_->optimizer->param_groups().front().options()).lr();
}

void Trainer::loadCheckpoint(const std::filesystem::path& path) {
  try {
    torch::serialize::InputArchive archive, net, ema, optimizer;
    archive.load_from(path.string());
    torch::Tensor stored, steps;
    archive.read("metaforge_config", stored);
    if (!torch::equal(stored, configTensor(state_->model->config())))
      throw std::runtime_error(path.string() + ": a checkpoint of another architecture");
    archive.read("net", net);
    archive.read("ema", ema);
    archive.read("optimizer", optimizer);
    archive.read("steps", steps);
    state_->model->impl().net->load(net);
    state_->ema.impl().net->load(ema);
    state_->optimizer->load(optimizer);
    state_->steps = steps.item<std::int64_t>();
    torch::Tensor rng;
    if (archive.try_read("rng", rng)) state_->gen.set_state(rng);
  } catch (const c10::Error& e) {
    throw std::runtime_error(path.string() + ": unreadable checkpoint (" + std::string(e.what_without_backtrace()) + ")");
  }
}

void setTorchThreads(int threads) {
  at::set_num_threads(threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
}

int torchThreads() { return at::get_num_threads(); }

DiffusionModel Trainer::emaModel() const {
  DiffusionModel out(state_->model->config());
  torch::NoGradGuard noGrad;
  auto src = state_->ema.impl().net->parameters();
  auto dst = out.impl().net->parameters();
  for (std::size_t i = 0; i < src.size(); ++i) dst[i].copy_(src[i]);
  return out;
}

std::string samplingDeviceName() { return samplingDevice().is_cuda() ? "CUDA" : "CPU"; }

}  // namespace mf::generative
