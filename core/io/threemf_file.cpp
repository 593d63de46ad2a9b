#include "core/io/threemf_file.hpp"

#include "core/files/atomic_file.hpp"

#include <Model/COM/NMR_DLLInterfaces.h>

#include <memory>
#include <set>
#include <stdexcept>

namespace mf::io {
namespace {

using namespace NMR;

// lib3mf 1.x hands out reference-counted handles that are released through lib3mf_release.
struct Release {
  void operator()(PLib3MFBase* p) const {
    if (p) lib3mf_release(p);
  }
};
using Handle = std::unique_ptr<PLib3MFBase, Release>;

void check(LIB3MFRESULT result, PLib3MFBase* instance, const std::string& what) {
  if (result == LIB3MF_OK) return;
  std::string reason = "lib3mf error " + std::to_string(result);
  DWORD code = 0;
  LPCSTR message = nullptr;
  if (instance && lib3mf_getlasterror(instance, &code, &message) == LIB3MF_OK && message && *message) reason = message;
  throw std::runtime_error(what + ": " + reason);
}

DWORD toLib3mf(LengthUnit unit) {
  switch (unit) {
    case LengthUnit::Micrometer: return MODELUNIT_MICROMETER;
    case LengthUnit::Millimeter: return MODELUNIT_MILLIMETER;
    case LengthUnit::Centimeter: return MODELUNIT_CENTIMETER;
    case LengthUnit::Inch: return MODELUNIT_INCH;
    case LengthUnit::Foot: return MODELUNIT_FOOT;
    case LengthUnit::Meter: return MODELUNIT_METER;
  }
  return MODELUNIT_MILLIMETER;
}

LengthUnit fromLib3mf(DWORD unit) {
  switch (unit) {
    case MODELUNIT_MICROMETER: return LengthUnit::Micrometer;
    case MODELUNIT_CENTIMETER: return LengthUnit::Centimeter;
    case MODELUNIT_INCH: return LengthUnit::Inch;
    case MODELUNIT_FOOT: return LengthUnit::Foot;
    case MODELUNIT_METER: return LengthUnit::Meter;
    default: return LengthUnit::Millimeter;
  }
}

const std::set<std::string>& coreMetadataNames() {
  static const std::set<std::string> names = {"Title", "Designer", "Description", "Copyright", "LicenseTerms",
                                              "Rating", "CreationDate", "ModificationDate", "Application"};
  return names;
}

std::string readString(PLib3MFModel* model, DWORD index, bool key) {
  ULONG needed = 0;
  auto call = [&](LPSTR buffer, ULONG size) {
    return key ? lib3mf_model_getmetadatakeyutf8(model, index, buffer, size, &needed)
               : lib3mf_model_getmetadatavalueutf8(model, index, buffer, size, &needed);
  };
  check(call(nullptr, 0), model, "reading 3MF metadata");
  std::string s(needed + 1, '\0');
  check(call(s.data(), needed + 1), model, "reading 3MF metadata");
  s.resize(std::char_traits<char>::length(s.c_str()));
  return s;
}

}  // namespace

void write3mf(const std::filesystem::path& path, const TriangleMesh& mesh, LengthUnit unit,
              const std::map<std::string, std::string>& metadata) {
  PLib3MFModel* rawModel = nullptr;
  check(lib3mf_createmodel(&rawModel), nullptr, "creating a 3MF model");
  Handle model(rawModel);
  check(lib3mf_model_setunit(rawModel, toLib3mf(unit)), rawModel, "setting the 3MF unit");
  std::string description;
  for (const auto& [key, value] : metadata) {
    if (coreMetadataNames().count(key) && key != "Description") {
      check(lib3mf_model_addmetadatautf8(rawModel, key.c_str(), value.c_str()), rawModel, "adding 3MF metadata " + key);
    } else {
      std::string line = key == "Description" ? value : key + "=" + value;
      for (char& ch : line)
        if (ch == '\n') ch = ' ';
      description += line + "\n";
    }
  }
  if (!description.empty())
    check(lib3mf_model_addmetadatautf8(rawModel, "Description", description.c_str()), rawModel, "adding 3MF metadata");
  PLib3MFModelMeshObject* rawObject = nullptr;
  check(lib3mf_model_addmeshobject(rawModel, &rawObject), rawModel, "adding a 3MF mesh");
  Handle object(rawObject);
  const auto name = metadata.count("Title") ? metadata.at("Title") : std::string("MetaForge cell");
  check(lib3mf_object_setnameutf8(rawObject, name.c_str()), rawObject, "naming the 3MF mesh");
  std::vector<MODELMESHVERTEX> vertices(mesh.vertices.size());
  for (std::size_t v = 0; v < mesh.vertices.size(); ++v)
    for (int c = 0; c < 3; ++c) vertices[v].m_fPosition[c] = mesh.vertices[v][static_cast<std::size_t>(c)];
  std::vector<MODELMESHTRIANGLE> triangles(mesh.triangles.size());
  for (std::size_t t = 0; t < mesh.triangles.size(); ++t)
    for (int c = 0; c < 3; ++c) triangles[t].m_nIndices[c] = mesh.triangles[t][static_cast<std::size_t>(c)];
  check(lib3mf_meshobject_setgeometry(rawObject, vertices.data(), static_cast<DWORD>(vertices.size()), triangles.data(),
                                      static_cast<DWORD>(triangles.size())),
        rawObject, "setting the 3MF mesh geometry");
  PLib3MFModelBuildItem* rawItem = nullptr;
  check(lib3mf_model_addbuilditem(rawModel, rawObject, nullptr, &rawItem), rawModel, "adding the 3MF build item");
  Handle item(rawItem);
  PLib3MFModelWriter* rawWriter = nullptr;
  check(lib3mf_model_querywriter(rawModel, "3mf", &rawWriter), rawModel, "creating the 3MF writer");
  Handle writer(rawWriter);
  files::writeAtomically(path, [&](const std::filesystem::path& tmp) {
    check(lib3mf_writer_writetofileutf8(rawWriter, tmp.string().c_str()), rawWriter, "writing " + path.string());
  });
}

ThreeMfFile read3mf(const std::filesystem::path& path) {
  if (!std::filesystem::exists(path)) throw std::runtime_error("cannot open " + path.string() + ": no such file");
  PLib3MFModel* rawModel = nullptr;
  check(lib3mf_createmodel(&rawModel), nullptr, "creating a 3MF model");
  Handle model(rawModel);
  PLib3MFModelReader* rawReader = nullptr;
  check(lib3mf_model_queryreader(rawModel, "3mf", &rawReader), rawModel, "creating the 3MF reader");
  Handle reader(rawReader);
  check(lib3mf_reader_readfromfileutf8(rawReader, path.string().c_str()), rawReader, "reading " + path.string());

  ThreeMfFile out;
  DWORD unit = MODELUNIT_MILLIMETER;
  check(lib3mf_model_getunit(rawModel, &unit), rawModel, "reading the 3MF unit");
  out.unit = fromLib3mf(unit);
  DWORD count = 0;
  check(lib3mf_model_getmetadatacount(rawModel, &count), rawModel, "reading 3MF metadata");
  for (DWORD i = 0; i < count; ++i) {
    const std::string key = readString(rawModel, i, true);
    const std::string value = readString(rawModel, i, false);
    out.metadata[key] = value;
    if (key != "Description") continue;
    std::size_t begin = 0;
    while (begin < value.size()) {
      std::size_t end = value.find('\n', begin);
      if (end == std::string::npos) end = value.size();
      const std::string line = value.substr(begin, end - begin);
      if (const auto eq = line.find('='); eq != std::string::npos && eq > 0) out.metadata[line.substr(0, eq)] = line.substr(eq + 1);
      begin = end + 1;
    }
  }

  PLib3MFModelResourceIterator* rawIterator = nullptr;
  check(lib3mf_model_getmeshobjects(rawModel, &rawIterator), rawModel, "listing 3MF meshes");
  Handle iterator(rawIterator);
  BOOL hasNext = false;
  while (lib3mf_resourceiterator_movenext(rawIterator, &hasNext) == LIB3MF_OK && hasNext) {
    PLib3MFModelResource* rawResource = nullptr;
    check(lib3mf_resourceiterator_getcurrent(rawIterator, &rawResource), rawIterator, "reading a 3MF mesh");
    Handle resource(rawResource);
    DWORD nv = 0, nt = 0;
    check(lib3mf_meshobject_getvertexcount(rawResource, &nv), rawResource, "reading a 3MF mesh");
    check(lib3mf_meshobject_gettrianglecount(rawResource, &nt), rawResource, "reading a 3MF mesh");
    std::vector<MODELMESHVERTEX> vertices(nv);
    std::vector<MODELMESHTRIANGLE> triangles(nt);
    if (nv > 0) check(lib3mf_meshobject_getvertices(rawResource, vertices.data(), nv, nullptr), rawResource, "reading 3MF vertices");
    if (nt > 0)
      check(lib3mf_meshobject_gettriangleindices(rawResource, triangles.data(), nt, nullptr), rawResource, "reading 3MF triangles");
    const auto base = static_cast<std::uint32_t>(out.mesh.vertices.size());
    for (const auto& v : vertices) out.mesh.vertices.push_back({v.m_fPosition[0], v.m_fPosition[1], v.m_fPosition[2]});
    for (const auto& t : triangles)
      out.mesh.triangles.push_back({base + t.m_nIndices[0], base + t.m_nIndices[1], base + t.m_nIndices[2]});
  }
  return out;
}

}  // namespace mf::io
