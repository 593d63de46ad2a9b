#pragma once
// The diffusion model's network and sampler state, for core/generative's own files only (this
// header pulls in LibTorch; diffusion_model.hpp keeps it away from everyone else). The guided
// sampler and the K/K_HS regressor build on the same layers.

#include "core/generative/diffusion_model.hpp"

#include <torch/torch.h>

#include <functional>
#include <numbers>
#include <stdexcept>
#include <vector>

namespace mf::generative {
namespace nn = torch::nn;

// 3×3×3 convolutions see the octant mirrored across its faces: a one-voxel replicate pad is
// exactly the mirror image. The pad is done by concatenating edge slices (mirrorPad), whose
// gradient is a plain slice sum; LibTorch's replicate padding mode costs about twice as much in
// training on the CPU.
inline nn::Conv3d conv3(int in, int out, int stride = 1) {
  return nn::Conv3d(nn::Conv3dOptions(in, out, 3).stride(stride).padding(0));
}

inline torch::Tensor mirrorPad(torch::Tensor x) {
  for (int d = 2; d <= 4; ++d) {
    const long n = x.size(d);
    x = torch::cat({x.narrow(d, 0, 1), x, x.narrow(d, n - 1, 1)}, d);
  }
  return x;
}

inline int groupsFor(int channels) {
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

// γ(t) = cos²(πt/2), kept off 0 and 1.
inline torch::Tensor gamma(const torch::Tensor& t) {
  const torch::Tensor c = torch::cos(t * (std::numbers::pi / 2));
  return (c * c).clamp(1e-5, 1.0 - 1e-5);
}

// Octants (m³ cells, 0/1) as [B, 1, m, m, m] in ±1; conditions as [B, 4].
torch::Tensor octantsToTensor(const std::vector<BinaryCell>& octants, int m);
torch::Tensor conditionsToTensor(const std::vector<Condition>& c);
// x̂0 made cubic (averaged over the octant's axis permutations), thresholded and mirrored.
std::vector<ThresholdedCell> toCells(const torch::Tensor& x0, const std::vector<Condition>& conditions, const SamplerOptions& o);
std::vector<BinaryCell> plain(std::vector<ThresholdedCell>&& cells);

// Where sampling runs (MF_DEVICE=cpu keeps it on the CPU) and a copy of a network there.
torch::Device samplingDevice();
UNet copyTo(const UNet& net, const ModelConfig& config, torch::Device device);

// Universal guidance at a step (Bansal et al. 2023): an energy of the predicted clean octant
// x̂0 (summed over the batch, a scalar) whose gradient g through the network with respect to x_t
// moves the prediction: ε̂ ← ε̂ + s·√(1 − γ)·g, i.e. x̂0 ← x̂0 − s·(1 − γ)/√γ·g, before the DDIM
// step. No energy: the plain sampler; zero weights or scale give the same bits through this path.
struct StepGuidance {
  std::function<torch::Tensor(const torch::Tensor& x0)> energy;
  double scale = 0;
};

class BulkRegressor;
// The regressor's K/K_HS of occupancies [B, 1, m, m, m] in [0, 1], differentiable (guidance).
torch::Tensor regressorForward(const BulkRegressor& regressor, const torch::Tensor& occupancy);

struct DiffusionModel::Impl {
  ModelConfig config;
  mutable UNet net{nullptr};  // torch modules have no const forward

  // One guided prediction: the conditional and unconditional passes share a batch.
  // straightThrough: the clamp to [−1, 1] passes gradients on as if absent (guidance needs them
  // where classifier-free guidance overshoots); the values are the clamped ones, bit for bit.
  static torch::Tensor predict(UNet& net, const torch::Tensor& x, const torch::Tensor& sc, double t,
                               const torch::Tensor& cond, double w, bool straightThrough = false) {
    const long n = x.size(0);
    const torch::Tensor tt = torch::full({n}, t, x.options());
    const torch::Tensor dropped = torch::full_like(cond, kDropped);
    if (w == 0.0) return net->forward(x, sc, tt, dropped);  // guidance 0 never sees the condition
    const torch::Tensor both = net->forward(torch::cat({x, x}), torch::cat({sc, sc}), torch::cat({tt, tt}),
                                            torch::cat({cond, dropped}));
    const torch::Tensor c = both.slice(0, 0, n), u = both.slice(0, n, 2 * n);
    const torch::Tensor raw = u + w * (c - u);
    if (straightThrough) return raw.clamp(-1.0, 1.0).detach() + (raw - raw.detach());
    return raw.clamp(-1.0, 1.0);
  }

  // The noise is drawn on the CPU by the caller, so a seed gives the same start on any device.
  torch::Tensor run(torch::Tensor x, torch::Tensor cond, const SamplerOptions& o, Progress& progress,
                    const StepGuidance& guide = StepGuidance()) const {
    torch::NoGradGuard noGrad;
    const torch::Device device = samplingDevice();
    UNet onDevice = device.is_cuda() ? copyTo(net, config, device) : net;
    x = x.to(device);
    cond = cond.to(device);
    torch::Tensor sc = torch::zeros_like(x), x0 = torch::zeros_like(x);
    const bool guided = static_cast<bool>(guide.energy);  // scale 0 runs the guided path and changes nothing
    for (int k = 0; k < o.steps; ++k) {
      progress.checkCancelled();
      const double t = 1.0 - double(k) / o.steps, s = 1.0 - double(k + 1) / o.steps;
      const double gt = gamma(torch::tensor(t)).item<double>(), gs = s > 0 ? gamma(torch::tensor(s)).item<double>() : 1.0;
      if (guided) {
        torch::AutoGradMode enable(true);
        const torch::Tensor xg = x.detach().requires_grad_(true);
        const torch::Tensor pred = predict(onDevice, xg, sc, t, cond, o.guidance, true);
        const torch::Tensor g = torch::autograd::grad({guide.energy(pred)}, {xg})[0];
        x0 = (pred.detach() - guide.scale * (1.0 - gt) / std::sqrt(gt) * g).clamp(-1.0, 1.0);
      } else {
        x0 = predict(onDevice, x, sc, t, cond, o.guidance);
      }
      const torch::Tensor eps = (x - std::sqrt(gt) * x0) / std::sqrt(1.0 - gt);
      x = std::sqrt(gs) * x0 + std::sqrt(1.0 - gs) * eps;
      sc = x0;
      progress.report(double(k + 1) / o.steps, "denoising step " + std::to_string(k + 1) + " of " + std::to_string(o.steps));
    }
    return x0.to(torch::kCPU);
  }
};

}  // namespace mf::generative
