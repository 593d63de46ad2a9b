#pragma once
// The contract between MetaForge and a family plugin, without Qt (F3D's model): a manifest read
// before anything is loaded, and a plain C factory in the library.
//
// Manifest, <anything>.json in a plugin folder:
//   {"metaforge_family_plugin": 1,            the contract's version (MF_FAMILY_PLUGIN_API)
//    "id": "voxel-diffusion", "name": "Voxel diffusion", "description": "…",
//    "library": "libmf_voxel_diffusion_plugin.so",   beside the manifest
//    "requires": "LibTorch",                  what the library links, for messages
//    "defaultModel": "models/default/card.json"  optional, relative to resources/
//    "order": 0,                              families are listed by it; the app's default is the first
//    "targetForms": ["cubic"],                the target forms it aims at, narrowest first
//    "parameters": [{"name": "guidance", "label": "Guidance", "type": "number",
//                    "default": 5, "min": 0, "max": 20}, …]}   what the Generate box offers
// A default model's card names its "condition_range" ({"C11": [min, max], "C12": …, "C44": …},
// the training data's range): the registry reads it, still without loading the plugin, as the
// Eq. 18 normalization a new session fixes from its start; the family's propertyRanges() must
// return the same.
//
// Library: the C function below, exported as mf_create_family. Settings are a JSON object
// ({"model": path of a model card, …}; the registry fills in the default model). The caller
// deletes the family through its virtual destructor: the plugin stays loaded for the life of
// the process, and the process has one C++ runtime.

#include "core/design/family.hpp"

#include <cstdio>
#include <exception>

#define MF_FAMILY_PLUGIN_API 1

extern "C" {
// A new family, or nullptr with the reason in `error` (NUL-terminated, at most errorSize bytes).
typedef mf::design::MicrostructureFamily* (*MfCreateFamily)(const char* settingsJson, char* error, unsigned long errorSize);
}

// Defines the entry point for a family type whose constructor takes the settings (JSON text):
//   MF_DEFINE_FAMILY_PLUGIN(makeVoxelDiffusionFamily)
// with `std::unique_ptr<MicrostructureFamily> makeVoxelDiffusionFamily(const std::string& json)`
// throwing std::exception with the reason when it cannot.
#define MF_DEFINE_FAMILY_PLUGIN(factory)                                                                  \
  extern "C" __attribute__((visibility("default"))) mf::design::MicrostructureFamily* mf_create_family(  \
      const char* settingsJson, char* error, unsigned long errorSize) {                                   \
    try {                                                                                                 \
      return factory(settingsJson ? settingsJson : "{}").release();                                      \
    } catch (const std::exception& e) {                                                                   \
      std::snprintf(error, errorSize, "%s", e.what());                                                    \
    } catch (...) {                                                                                       \
      std::snprintf(error, errorSize, "%s", "unknown error");                                             \
    }                                                                                                     \
    return nullptr;                                                                                       \
  }
