#pragma once
// One thread policy for every MetaForge program (the app, metaforge-cli, the benchmarks).
//
// The FE engine's OpenMP threads and LibTorch's (Debian's LibTorch runs its parallel loops on
// the same libgomp) are one pool, sized to the cores. By default libgomp's idle threads spin at
// every barrier for a while before they sleep; beside other load — a second MetaForge, a
// compiler, the window's software OpenGL — the spinning threads take the cores the working ones
// need, and a 0.5 s solve or a 1.3 s sampling takes several times as long (docs/benchmarks.md,
// "Beside a competing load"). Passive waiting (threads sleep at once) costs nothing measurable
// when the machine is idle.
//
// libgomp reads OMP_WAIT_POLICY once, when it loads, before main() runs; so a program that
// finds it unset sets it and starts itself again. A policy the user set is kept.

namespace mf {

// Call first thing in main(). Returns only in the process that will run (the restarted one,
// or this one when the policy was already set or the restart failed).
void adoptThreadPolicy(char** argv);

}  // namespace mf
