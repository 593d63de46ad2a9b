#include "core/generative/bulk_regressor.hpp"

#include "core/dataset/dataset_store.hpp"
#include "core/design/metrics.hpp"
#include "core/files/atomic_file.hpp"
#include "core/files/checksum.hpp"
#include "core/files/run_folder.hpp"
#include "core/files/weights_card.hpp"
#include "core/generative/training.hpp"
#include "core/generative/unet.hpp"
#include "core/tensor/summary.hpp"
#include "core/voxel/symmetry.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <thread>

namespace mf::generative {
namespace {

constexpr const char* kFormat = "metaforge-bulk-regressor-1";

// Pre-activation residual block without a time embedding.
struct BlockImpl : nn::Module {
  nn::GroupNorm norm1{nullptr}, norm2{nullptr};
  nn::Conv3d conv1{nullptr}, conv2{nullptr};
  explicit BlockImpl(int channels) {
    norm1 = register_module("norm1", nn::GroupNorm(nn::GroupNormOptions(groupsFor(channels), channels)));
    conv1 = register_module("conv1", conv3(channels, channels));
    norm2 = register_module("norm2", nn::GroupNorm(nn::GroupNormOptions(groupsFor(channels), channels)));
    conv2 = register_module("conv2", conv3(channels, channels));
  }
  torch::Tensor forward(const torch::Tensor& x) {
    const torch::Tensor h = conv1(mirrorPad(torch::silu(norm1(x))));
    return x + conv2(mirrorPad(torch::silu(norm2(h))));
  }
};
TORCH_MODULE(Block);

struct NetImpl : nn::Module {
  nn::Conv3d input{nullptr};
  nn::ModuleList blocks, downs;
  nn::Linear fc1{nullptr}, fc2{nullptr};
  int levels;
  explicit NetImpl(const RegressorConfig& c) : levels(static_cast<int>(c.widths.size())) {
    input = register_module("input", conv3(1, c.widths[0]));
    blocks = register_module("blocks", nn::ModuleList());
    downs = register_module("downs", nn::ModuleList());
    for (int l = 0; l < levels; ++l) {
      blocks->push_back(Block(c.widths[static_cast<std::size_t>(l)]));
      if (l + 1 < levels) downs->push_back(conv3(c.widths[static_cast<std::size_t>(l)], c.widths[static_cast<std::size_t>(l) + 1], 2));
    }
    const int side = c.octant >> (levels - 1);
    fc1 = register_module("fc1", nn::Linear(c.widths.back() * side * side * side + 1, c.hidden));
    fc2 = register_module("fc2", nn::Linear(c.hidden, 1));
  }
  // Occupancy [B, 1, m, m, m] in [0, 1] → K/K_HS [B].
  torch::Tensor forward(const torch::Tensor& x) {
    const torch::Tensor vf = x.mean({1, 2, 3, 4}).unsqueeze(1);
    torch::Tensor h = input(mirrorPad(2 * x - 1));
    for (int l = 0; l < levels; ++l) {
      h = blocks[static_cast<std::size_t>(l)]->as<Block>()->forward(h);
      if (l + 1 < levels) h = downs[static_cast<std::size_t>(l)]->as<nn::Conv3d>()->forward(mirrorPad(h));
    }
    h = torch::cat({torch::silu(h).flatten(1), vf}, 1);
    return fc2(torch::silu(fc1(h))).squeeze(1);
  }
};
TORCH_MODULE(Net);

torch::Tensor occupancy(const std::vector<BinaryCell>& octants, int m) {
  torch::Tensor x = torch::empty({static_cast<long>(octants.size()), 1, m, m, m});
  float* p = x.data_ptr<float>();
  for (const BinaryCell& o : octants) {
    if (o.nx() != m || !o.isCube())
      throw std::invalid_argument("regressor: an octant of " + std::to_string(o.nx()) + " voxels; it reads " + std::to_string(m) + "³");
    for (auto v : o.data()) *p++ = v ? 1.0f : 0.0f;
  }
  return x;
}

torch::Tensor configTensor(const RegressorConfig& c) {
  std::vector<std::int64_t> v = {c.octant, c.hidden};
  v.insert(v.end(), c.widths.begin(), c.widths.end());
  return torch::tensor(v);
}

}  // namespace

struct BulkRegressor::Impl {
  RegressorConfig config;
  mutable Net net{nullptr};
};

torch::Tensor regressorForward(const BulkRegressor& regressor, const torch::Tensor& occupancy) {
  Net& net = regressor.impl().net;
  net->eval();
  net->to(occupancy.device());  // a no-op on the CPU; guidance on CUDA moves the regressor along
  return net->forward(occupancy);
}

std::string validate(const RegressorConfig& c) {
  const int levels = static_cast<int>(c.widths.size());
  if (levels < 1 || levels > 5) return "the regressor needs 1 to 5 levels";
  if (c.octant < 2 || c.octant > 256 || (c.octant >> (levels - 1)) < 1 || c.octant % (1 << (levels - 1)))
    return "the octant must halve cleanly once per level";
  for (int w : c.widths)
    if (w < 1 || w > 512) return "channel widths must be 1 … 512";
  if (c.hidden < 1 || c.hidden > 4096) return "the hidden width must be 1 … 4096";
  return {};
}

BulkRegressor::BulkRegressor(const RegressorConfig& config, std::uint64_t initSeed) : impl_(std::make_unique<Impl>()) {
  if (const std::string why = validate(config); !why.empty()) throw std::invalid_argument("regressor: " + why);
  torch::manual_seed(initSeed);
  impl_->config = config;
  impl_->net = Net(config);
}
BulkRegressor::~BulkRegressor() = default;
BulkRegressor::BulkRegressor(BulkRegressor&&) noexcept = default;
BulkRegressor& BulkRegressor::operator=(BulkRegressor&&) noexcept = default;

const RegressorConfig& BulkRegressor::config() const { return impl_->config; }

std::vector<double> BulkRegressor::predictOctants(const std::vector<BinaryCell>& octants) const {
  torch::NoGradGuard noGrad;
  impl_->net->eval();
  const torch::Tensor y = impl_->net->forward(occupancy(octants, impl_->config.octant)).to(torch::kFloat64).contiguous();
  return {y.data_ptr<double>(), y.data_ptr<double>() + y.numel()};
}

std::vector<double> BulkRegressor::predict(const std::vector<BinaryCell>& cells) const {
  std::vector<BinaryCell> octants;
  for (const BinaryCell& c : cells) {
    if (c.nx() != 2 * impl_->config.octant || !c.isCube())
      throw std::invalid_argument("regressor: a cell of " + std::to_string(c.nx()) + " voxels; it reads " +
                                  std::to_string(2 * impl_->config.octant) + "³ cubic cells");
    octants.push_back(extractOctant(c));
  }
  return predictOctants(octants);
}

void BulkRegressor::save(const std::filesystem::path& path) const {
  torch::serialize::OutputArchive archive;
  impl_->net->save(archive);
  archive.write("config", configTensor(impl_->config));
  files::writeAtomically(path, [&](const std::filesystem::path& tmp) { archive.save_to(tmp.string()); });
}

BulkRegressor BulkRegressor::load(const std::filesystem::path& path, const RegressorConfig& config) {
  BulkRegressor r(config);
  try {
    torch::serialize::InputArchive archive;
    archive.load_from(path.string());
    torch::Tensor stored;
    archive.read("config", stored);
    if (!torch::equal(stored, configTensor(config))) throw std::runtime_error(path.string() + ": the weights are of another regressor configuration");
    r.impl_->net->load(archive);
  } catch (const c10::Error& e) {
    throw std::runtime_error(path.string() + ": not a regressor's weights (" + std::string(e.what_without_backtrace()) + ")");
  }
  return r;
}

RegressorBundle loadRegressorBundle(const std::filesystem::path& cardPath) {
  const auto bad = [&](const std::string& why) { return std::runtime_error(cardPath.string() + ": " + why); };
  const files::WeightsCard read = files::readWeightsCard(cardPath, kFormat, "regressor card");
  const nlohmann::json& card = read.card;
  const std::filesystem::path& weightsPath = read.weights;
  RegressorConfig c;
  const nlohmann::json& m = card.value("model", nlohmann::json());
  if (!m.is_object() || !m.value("octant", nlohmann::json()).is_number_integer() || !m.value("hidden", nlohmann::json()).is_number_integer() ||
      !m.value("widths", nlohmann::json()).is_array())
    throw bad("its model is not an octant, a hidden width and channel widths");
  c.octant = m["octant"].get<int>();
  c.hidden = m["hidden"].get<int>();
  c.widths.clear();
  for (const auto& w : m["widths"]) {
    if (!w.is_number_integer() || c.widths.size() > 8) throw bad("its channel widths are not a few whole numbers");
    c.widths.push_back(w.get<int>());
  }
  if (const std::string why = validate(c); !why.empty()) throw bad(why);
  const nlohmann::json& r2 = card.value("metrics", nlohmann::json()).value("held_out_r2", nlohmann::json());
  return {BulkRegressor::load(weightsPath, c), r2.is_number() ? r2.get<double>() : 0.0};
}

namespace {

struct Split {
  torch::Tensor x, y, heldX, heldY;
};

// Octants and their FE K/K_HS; the held-out 5 % apart. Samples whose label is not finite
// (an inadmissible tensor) are left out.
Split readSplit(const RegressorTrainingPlan& plan) {
  std::vector<BinaryCell> train, held;
  std::vector<float> trainY, heldY;
  for (const std::filesystem::path& path : plan.datasets)
    for (dataset::Sample& s : dataset::readDataset(path)) {
      if (s.octant.nx() != plan.model.octant)
        throw std::invalid_argument(path.string() + " holds " + std::to_string(s.octant.nx()) + "³ octants; the regressor reads " +
                                    std::to_string(plan.model.octant) + "³");
      const double ratio = boundRatios(Stiffness::fromVoigt(s.stiffness), BaseMaterial{}, s.volumeFraction).bulkRatio;
      if (!std::isfinite(ratio)) continue;
      (isHeldOut(s) ? held : train).push_back(std::move(s.octant));
      (isHeldOut(s) ? heldY : trainY).push_back(static_cast<float>(ratio));
    }
  if (train.empty() || held.empty()) throw std::invalid_argument("the regressor's data has no training or no held-out cells");
  const int m = plan.model.octant;
  return {occupancy(train, m), torch::tensor(trainY), occupancy(held, m), torch::tensor(heldY)};
}

std::string dataHash(const RegressorTrainingPlan& plan) {
  std::string h;
  for (const auto& p : plan.datasets) h += (h.empty() ? "" : "+") + files::sha256OfFile(p);
  return h;
}

struct State {
  int epoch = 0;  // the next epoch to run
  std::vector<double> trainLoss, heldOutLoss;
};

std::vector<double> toVector(const torch::Tensor& t) {
  const torch::Tensor c = t.to(torch::kFloat64).contiguous();
  return {c.data_ptr<double>(), c.data_ptr<double>() + c.numel()};
}

void saveCheckpoint(const std::filesystem::path& path, Net& net, torch::optim::Adam& opt, const State& st,
                    const torch::Generator& gen) {
  torch::serialize::OutputArchive archive, n, o;
  net->save(n);
  opt.save(o);
  archive.write("net", n);
  archive.write("opt", o);
  archive.write("epoch", torch::tensor(static_cast<std::int64_t>(st.epoch)));
  archive.write("train_loss", torch::tensor(st.trainLoss, torch::kFloat64));
  archive.write("held_out_loss", torch::tensor(st.heldOutLoss, torch::kFloat64));
  archive.write("rng", gen.get_state());
  files::writeAtomically(path, [&](const std::filesystem::path& tmp) { archive.save_to(tmp.string()); });
}

void loadCheckpoint(const std::filesystem::path& path, Net& net, torch::optim::Adam& opt, State& st, torch::Generator& gen) {
  try {
    torch::serialize::InputArchive archive, n, o;
    archive.load_from(path.string());
    archive.read("net", n);
    archive.read("opt", o);
    net->load(n);
    opt.load(o);
    torch::Tensor epoch, tl, hl, rng;
    archive.read("epoch", epoch);
    archive.read("train_loss", tl);
    archive.read("held_out_loss", hl);
    archive.read("rng", rng);
    st.epoch = static_cast<int>(epoch.item<std::int64_t>());
    st.trainLoss = toVector(tl);
    st.heldOutLoss = toVector(hl);
    gen.set_state(rng);
  } catch (const c10::Error& e) {
    throw std::runtime_error(path.string() + ": unreadable checkpoint (" + std::string(e.what_without_backtrace()) + ")");
  }
}

// The same cell seen otherwise, its K/K_HS unchanged: shifting a mirrored cell by half a period
// along an axis flips its octant along that axis (the mirror planes map onto each other), and
// the cell's axes may be permuted. The octant's 48 symmetries; one drawn per batch.
torch::Tensor sameCellOtherwise(const torch::Tensor& x, torch::Generator& gen) {
  const torch::Tensor r = torch::randint(0, 48, {1}, gen, torch::kLong);
  const long k = r.item<long>();
  static const std::vector<std::vector<long>> perms = {{0, 1, 2, 3, 4}, {0, 1, 2, 4, 3}, {0, 1, 3, 2, 4},
                                                       {0, 1, 3, 4, 2}, {0, 1, 4, 2, 3}, {0, 1, 4, 3, 2}};
  torch::Tensor y = x.permute(perms[static_cast<std::size_t>(k % 6)]);
  std::vector<long> flips;
  for (long d = 0; d < 3; ++d)
    if ((k / 6) & (1L << d)) flips.push_back(2 + d);
  if (!flips.empty()) y = torch::flip(y, flips);
  return y.contiguous();
}

double learningRateAt(const RegressorTrainingPlan& plan, int epoch) {
  const double c = 0.5 * (1 + std::cos(std::numbers::pi * epoch / std::max(1, plan.epochs)));
  return plan.learningRate * (0.01 + 0.99 * c);
}

torch::Tensor predictInBatches(Net& net, const torch::Tensor& x) {
  torch::NoGradGuard noGrad;
  net->eval();
  std::vector<torch::Tensor> parts;
  for (long b = 0; b < x.size(0); b += 256) parts.push_back(net->forward(x.slice(0, b, std::min(x.size(0), b + 256))));
  return torch::cat(parts);
}

void writeBundle(const RegressorTrainingPlan& plan, const BulkRegressor& r, const RegressorTrainingReport& report) {
  const std::filesystem::path weights = plan.runFolder / "model.pt";
  r.save(weights);
  nlohmann::json data = nlohmann::json::array();
  for (const auto& p : plan.datasets) data.push_back({{"file", p.string()}, {"sha256", files::sha256OfFile(p)}});
  const nlohmann::json card = {
      {"format", kFormat},
      {"what", "K/K_HS of a cubic voxel cell from its octant: f of the guidance objective (seed 000 Eq. 14)"},
      {"weights", "model.pt"},
      {"weights_sha256", files::sha256OfFile(weights)},
      {"model", {{"octant", plan.model.octant}, {"widths", plan.model.widths}, {"hidden", plan.model.hidden}}},
      {"datasets", data},
      {"label", "K_H/K_HS by our FE at the cell's own vf (E_s = 1, ν_s = 0.3)"},
      {"train_samples", report.trainSamples},
      {"held_out_samples", report.heldOutSamples},
      {"held_out_split", "the diffusion model's: deriveSeed(sample seed, 0x5EED) % 20 == 0"},
      {"epochs", plan.epochs},
      {"batch", plan.batch},
      {"learning_rate", plan.learningRate},
      {"seed", plan.seed},
      {"command", plan.command},
      {"metrics",
       {{"held_out_r2", report.heldOutR2},
        {"held_out_mean_abs_error", report.heldOutMeanAbsError},
        {"final_train_mse", report.trainLoss.empty() ? 0.0 : report.trainLoss.back()},
        {"final_held_out_mse", report.heldOutLoss.empty() ? 0.0 : report.heldOutLoss.back()}}}};
  files::writeTextAtomically(plan.runFolder / "card.json", card.dump(2));
}

}  // namespace

RegressorTrainingReport trainRegressor(const RegressorTrainingPlan& plan, Progress& progress) {
  if (plan.datasets.empty()) throw std::invalid_argument("the regressor needs at least one dataset");
  if (plan.epochs < 1 || plan.batch < 1 || !(plan.learningRate > 0))
    throw std::invalid_argument("regressor training: epochs, batch and rate must be positive");
  if (const std::string why = validate(plan.model); !why.empty()) throw std::invalid_argument("regressor: " + why);
  at::set_num_threads(plan.threads > 0 ? plan.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
  const auto start = std::chrono::steady_clock::now();
  files::claimRunFolder(plan.runFolder, dataHash(plan), "these datasets");
  const Split data = readSplit(plan);
  BulkRegressor model(plan.model, plan.seed);
  Net& net = model.impl().net;
  torch::optim::Adam opt(net->parameters(), torch::optim::AdamOptions(plan.learningRate));
  torch::Generator gen = at::detail::createCPUGenerator(plan.seed);
  State st;
  const std::filesystem::path checkpoint = plan.runFolder / "checkpoint.pt";
  if (std::filesystem::exists(checkpoint)) loadCheckpoint(checkpoint, net, opt, st, gen);
  const auto outOfTime = [&] {
    return plan.maxHours > 0 && std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > 3600 * plan.maxHours;
  };
  const long n = data.x.size(0);
  while (st.epoch < plan.epochs && !outOfTime()) {
    for (auto& group : opt.param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(learningRateAt(plan, st.epoch));
    net->train();
    const torch::Tensor order = torch::randperm(n, gen, torch::kLong);
    double sum = 0;
    long steps = 0;
    for (long b = 0; b < n; b += plan.batch) {
      progress.checkCancelled();
      const torch::Tensor idx = order.slice(0, b, std::min(n, b + plan.batch));
      opt.zero_grad();
      torch::Tensor loss = torch::mse_loss(net->forward(sameCellOtherwise(data.x.index_select(0, idx), gen)), data.y.index_select(0, idx));
      loss.backward();
      opt.step();
      sum += loss.item<double>();
      ++steps;
    }
    st.trainLoss.push_back(sum / static_cast<double>(std::max<long>(steps, 1)));
    st.heldOutLoss.push_back(torch::mse_loss(predictInBatches(net, data.heldX), data.heldY).item<double>());
    ++st.epoch;
    saveCheckpoint(checkpoint, net, opt, st, gen);
    // What a log-watcher reads while a long run goes on (the checkpoint is binary).
    files::writeTextAtomically(plan.runFolder / "history.json",
                               nlohmann::json{{"epochs_done", st.epoch}, {"of", plan.epochs}, {"train_mse", st.trainLoss},
                                              {"held_out_mse", st.heldOutLoss}}
                                   .dump(1));
    progress.report(double(st.epoch) / plan.epochs, "regressor epoch " + std::to_string(st.epoch) + " of " +
                                                        std::to_string(plan.epochs) + ", held-out MSE " +
                                                        std::to_string(st.heldOutLoss.back()));
  }
  RegressorTrainingReport r;
  r.trainSamples = static_cast<std::size_t>(n);
  r.heldOutSamples = static_cast<std::size_t>(data.heldX.size(0));
  r.trainLoss = st.trainLoss;
  r.heldOutLoss = st.heldOutLoss;
  r.finished = st.epoch >= plan.epochs;
  const std::vector<double> want = toVector(data.heldY), got = toVector(predictInBatches(net, data.heldX));
  std::vector<std::vector<double>> a, b;
  for (std::size_t i = 0; i < want.size(); ++i) {
    a.push_back({want[i]});
    b.push_back({got[i]});
    r.heldOutMeanAbsError += std::abs(want[i] - got[i]) / static_cast<double>(want.size());
  }
  r.heldOutR2 = design::rSquaredPerConstant(a, b)[0];
  if (r.finished) writeBundle(plan, model, r);
  return r;
}

}  // namespace mf::generative
