#include "core/generative/diffusion_model.hpp"

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

namespace {

// 3×3×3 convolutions see the octant mirrored across its faces: a one-voxel replicate pad is
// exactly the mirror image. The pad is done by concatenating edge slices (mirrorPad), whose
// gradient is a plain slice sum; LibTorch's replicate padding mode costs about twice as much in
// training on the CPU.
nn::Conv3d conv3(int in, int out, int stride = 1) {
  return nn::Conv3d(nn::Conv3dOptions(in, out, 3).stride(stride).padding(0));
}

torch::Tensor mirrorPad(torch::Tensor x) {
  for (int d = 2; d <= 4; ++d) {
    const long n = x.size(d);
    x = torch::cat({x.narrow(d, 0, 1), x, x.narrow(d, n - 1, 1)}, d);
  }
  return x;
}

int groupsFor(int channels) {
  for (int g : {8, 4, 2})
    if (channels % g == 0) return g;
  return 1;
}

struct ResBlockImpl : nn::Module {
  nn::GroupNorm norm1{nullptr}, norm2{nullptr};
  nn::Conv3d conv1{nullptr}, conv2{nullptr}, skip{nullptr};
  nn::Linear embed{nullptr};
  int out;
  ResBlockImpl(int in, int outChannels, int embedding) : out(outChannels) {
    norm1 = register_module("norm1", nn::GroupNorm(nn::GroupNormOptions(groupsFor(in), in)));
    conv1 = register_module("conv1", conv3(in, out));
    embed = register_module("embed", nn::Linear(embedding, out));
    norm2 = register_module("norm2", nn::GroupNorm(nn::GroupNormOptions(groupsFor(out), out)));
    conv2 = register_module("conv2", conv3(out, out));
    if (in != out) skip = register_module("skip", nn::Conv3d(nn::Conv3dOptions(in, out, 1)));
  }
  torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& e) {
    torch::Tensor h = conv1(mirrorPad(torch::silu(norm1(x))));
    h = h + embed(e).view({-1, out, 1, 1, 1});
    h = conv2(mirrorPad(torch::silu(norm2(h))));
    return h + (skip ? skip(x) : x);
  }
};
TORCH_MODULE(ResBlock);

// Learnable sinusoidal features of the five scalars (t, C11, C12, C44, vf), then an MLP.
struct EmbeddingImpl : nn::Module {
  torch::Tensor frequencies;  // [5, F]
  nn::Linear fc1{nullptr}, fc2{nullptr};
  EmbeddingImpl(int f, int width) {
    frequencies = register_parameter("frequencies", torch::logspace(0, 2, f).repeat({5, 1}));
    fc1 = register_module("fc1", nn::Linear(5 * 2 * f + 5, width));
    fc2 = register_module("fc2", nn::Linear(width, width));
  }
  torch::Tensor forward(const torch::Tensor& scalars) {  // [B, 5]
    const torch::Tensor a = scalars.unsqueeze(2) * frequencies.unsqueeze(0) * (2 * std::numbers::pi);
    const torch::Tensor features = torch::cat({torch::sin(a).flatten(1), torch::cos(a).flatten(1), scalars}, 1);
    return fc2(torch::silu(fc1(features)));
  }
};
TORCH_MODULE(Embedding);

struct UNetImpl : nn::Module {
  Embedding embedding{nullptr};
  nn::Conv3d input{nullptr}, output{nullptr};
  nn::ModuleList downBlocks, downs, ups, upBlocks, middle;
  nn::GroupNorm outNorm{nullptr};
  int levels;
  explicit UNetImpl(const ModelConfig& c) : levels(static_cast<int>(c.widths.size())) {
    if (levels < 1 || (c.octant >> (levels - 1)) < 2 || c.octant % (1 << (levels - 1)))
      throw std::invalid_argument("model: the octant must halve cleanly once per level");
    embedding = register_module("embedding", Embedding(c.frequencies, c.embedding));
    input = register_module("input", conv3(2, c.widths[0]));
    downBlocks = register_module("down_blocks", nn::ModuleList());
    downs = register_module("downs", nn::ModuleList());
    ups = register_module("ups", nn::ModuleList());
    upBlocks = register_module("up_blocks", nn::ModuleList());
    middle = register_module("middle", nn::ModuleList());
    for (int l = 0; l + 1 < levels; ++l) {
      downBlocks->push_back(ResBlock(c.widths[l], c.widths[l], c.embedding));
      downs->push_back(conv3(c.widths[l], c.widths[l + 1], 2));
    }
    middle->push_back(ResBlock(c.widths.back(), c.widths.back(), c.embedding));
    middle->push_back(ResBlock(c.widths.back(), c.widths.back(), c.embedding));
    for (int l = levels - 2; l >= 0; --l) {
      ups->push_back(conv3(c.widths[l + 1], c.widths[l]));
      upBlocks->push_back(ResBlock(2 * c.widths[l], c.widths[l], c.embedding));
    }
    outNorm = register_module("out_norm", nn::GroupNorm(nn::GroupNormOptions(groupsFor(c.widths[0]), c.widths[0])));
    output = register_module("output", conv3(c.widths[0], 1));
  }
  // x_t, x̂0' as [B, 1, m, m, m]; t [B]; conditions [B, 4]. Returns x̂0 in [−1, 1].
  torch::Tensor forward(const torch::Tensor& xt, const torch::Tensor& selfCond, const torch::Tensor& t,
                        const torch::Tensor& cond) {
    const torch::Tensor e = embedding(torch::cat({t.unsqueeze(1), cond}, 1));
    torch::Tensor h = input(mirrorPad(torch::cat({xt, selfCond}, 1)));
    std::vector<torch::Tensor> skips;
    for (int l = 0; l + 1 < levels; ++l) {
      h = downBlocks[static_cast<std::size_t>(l)]->as<ResBlock>()->forward(h, e);
      skips.push_back(h);
      h = downs[static_cast<std::size_t>(l)]->as<nn::Conv3d>()->forward(mirrorPad(h));
    }
    for (const auto& m : *middle) h = m->as<ResBlock>()->forward(h, e);
    for (int u = 0; u + 1 < levels; ++u) {
      h = torch::nn::functional::interpolate(
          h, torch::nn::functional::InterpolateFuncOptions().scale_factor(std::vector<double>{2, 2, 2}).mode(torch::kNearest));
      h = ups[static_cast<std::size_t>(u)]->as<nn::Conv3d>()->forward(mirrorPad(h));
      h = torch::cat({h, skips[skips.size() - 1 - static_cast<std::size_t>(u)]}, 1);
      h = upBlocks[static_cast<std::size_t>(u)]->as<ResBlock>()->forward(h, e);
    }
    return torch::tanh(output(mirrorPad(torch::silu(outNorm(h)))));
  }
};
TORCH_MODULE(UNet);

torch::Tensor gamma(const torch::Tensor& t) {
  const torch::Tensor c = torch::cos(t * (std::numbers::pi / 2));
  return (c * c).clamp(1e-5, 1.0 - 1e-5);
}

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

}  // namespace

struct DiffusionModel::Impl {
  ModelConfig config;
  mutable UNet net{nullptr};  // torch modules have no const forward

  // One guided prediction: the conditional and unconditional passes share a batch.
  static torch::Tensor predict(UNet& net, const torch::Tensor& x, const torch::Tensor& sc, double t,
                               const torch::Tensor& cond, double w) {
    const long n = x.size(0);
    const torch::Tensor tt = torch::full({n}, t, x.options());
    const torch::Tensor dropped = torch::full_like(cond, kDropped);
    if (w == 0.0) return net->forward(x, sc, tt, dropped);  // guidance 0 never sees the condition
    const torch::Tensor both = net->forward(torch::cat({x, x}), torch::cat({sc, sc}), torch::cat({tt, tt}),
                                            torch::cat({cond, dropped}));
    const torch::Tensor c = both.slice(0, 0, n), u = both.slice(0, n, 2 * n);
    return (u + w * (c - u)).clamp(-1.0, 1.0);
  }

  // The noise is drawn on the CPU by the caller, so a seed gives the same start on any device.
  torch::Tensor run(torch::Tensor x, torch::Tensor cond, const SamplerOptions& o, Progress& progress) const {
    torch::NoGradGuard noGrad;
    const torch::Device device = samplingDevice();
    UNet onDevice = device.is_cuda() ? copyTo(net, config, device) : net;
    x = x.to(device);
    cond = cond.to(device);
    torch::Tensor sc = torch::zeros_like(x), x0 = torch::zeros_like(x);
    for (int k = 0; k < o.steps; ++k) {
      progress.checkCancelled();
      const double t = 1.0 - double(k) / o.steps, s = 1.0 - double(k + 1) / o.steps;
      x0 = predict(onDevice, x, sc, t, cond, o.guidance);
      const double gt = gamma(torch::tensor(t)).item<double>(), gs = s > 0 ? gamma(torch::tensor(s)).item<double>() : 1.0;
      const torch::Tensor eps = (x - std::sqrt(gt) * x0) / std::sqrt(1.0 - gt);
      x = std::sqrt(gs) * x0 + std::sqrt(1.0 - gs) * eps;
      sc = x0;
      progress.report(double(k + 1) / o.steps, "denoising step " + std::to_string(k + 1) + " of " + std::to_string(o.steps));
    }
    return x0.to(torch::kCPU);
  }
};

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
