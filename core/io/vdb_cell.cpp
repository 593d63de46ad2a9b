#include "core/io/vdb_cell.hpp"

#include "core/io/atomic_file.hpp"

#include <openvdb/openvdb.h>

#include <mutex>
#include <stdexcept>

namespace mf::io {
namespace {

void initializeOpenVdb() {
  static std::once_flag once;
  std::call_once(once, [] { openvdb::initialize(); });
}

template <class GridT, class Solid>
BinaryCell sample(const GridT& grid, const openvdb::Coord& origin, const std::array<int, 3>& dims, Solid solid) {
  BinaryCell cell(dims[0], dims[1], dims[2]);
  auto acc = grid.getConstAccessor();
  for (int k = 0; k < dims[2]; ++k)
    for (int j = 0; j < dims[1]; ++j)
      for (int i = 0; i < dims[0]; ++i) {
        const openvdb::Coord c = origin + openvdb::Coord(i, j, k);
        cell(i, j, k) = solid(acc, c) ? 1 : 0;
      }
  return cell;
}

}  // namespace

VdbCell readVdbCell(const std::filesystem::path& path) {
  initializeOpenVdb();
  if (!std::filesystem::exists(path)) throw std::runtime_error("cannot open " + path.string() + ": no such file");
  openvdb::GridPtrVecPtr grids;
  try {
    openvdb::io::File file(path.string());
    file.open();
    grids = file.getGrids();
    file.close();
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot read " + path.string() + " as an OpenVDB file: " + e.what());
  }
  if (!grids || grids->empty()) throw std::runtime_error(path.string() + " contains no grids");
  const openvdb::GridBase::Ptr base = grids->front();

  VdbCell out;
  out.gridName = base->getName();
  out.gridClass = openvdb::GridBase::gridClassToString(base->getGridClass());
  for (auto it = base->beginMeta(); it != base->endMeta(); ++it)
    if (it->second->typeName() == openvdb::StringMetadata::staticTypeName()) out.metadata[it->first] = it->second->str();

  std::array<int, 3> dims{};
  openvdb::Coord origin(0, 0, 0);
  if (const auto meta = base->getMetadata<openvdb::Vec3IMetadata>("metaforge_dims")) {
    const openvdb::Vec3i d = meta->value();
    dims = {d.x(), d.y(), d.z()};
  } else {
    const openvdb::CoordBBox box = base->evalActiveVoxelBoundingBox();
    if (box.empty()) throw std::runtime_error(path.string() + ": the grid '" + out.gridName + "' has no active voxels");
    origin = box.min();
    const openvdb::Coord d = box.dim();
    dims = {d.x(), d.y(), d.z()};
  }
  if (dims[0] <= 0 || dims[1] <= 0 || dims[2] <= 0)
    throw std::runtime_error(path.string() + ": invalid cell dimensions " + describeDims(dims));

  if (auto g = openvdb::gridPtrCast<openvdb::BoolGrid>(base)) {
    out.cell = sample(*g, origin, dims, [](auto& acc, const openvdb::Coord& c) { return acc.isValueOn(c); });
  } else if (auto m = openvdb::gridPtrCast<openvdb::MaskGrid>(base)) {
    out.cell = sample(*m, origin, dims, [](auto& acc, const openvdb::Coord& c) { return acc.isValueOn(c); });
  } else if (auto f = openvdb::gridPtrCast<openvdb::FloatGrid>(base)) {
    const bool levelSet = f->getGridClass() == openvdb::GRID_LEVEL_SET;
    out.cell = sample(*f, origin, dims, [levelSet](auto& acc, const openvdb::Coord& c) {
      const float v = acc.getValue(c);
      return levelSet ? v < 0.0f : v >= 0.5f;
    });
  } else if (auto dg = openvdb::gridPtrCast<openvdb::DoubleGrid>(base)) {
    const bool levelSet = dg->getGridClass() == openvdb::GRID_LEVEL_SET;
    out.cell = sample(*dg, origin, dims, [levelSet](auto& acc, const openvdb::Coord& c) {
      const double v = acc.getValue(c);
      return levelSet ? v < 0.0 : v >= 0.5;
    });
  } else {
    throw std::runtime_error(path.string() + ": grid '" + out.gridName + "' has type " + base->valueType() +
                             "; a bool, mask, float or double grid is needed");
  }
  return out;
}

void writeVdbFogCell(const std::filesystem::path& path, const BinaryCell& cell, double voxelSize,
                     const std::map<std::string, std::string>& metadata) {
  initializeOpenVdb();
  if (cell.empty()) throw std::invalid_argument("cannot write an empty cell");
  openvdb::FloatGrid::Ptr grid = openvdb::FloatGrid::create(0.0f);
  grid->setName("density");
  grid->setGridClass(openvdb::GRID_FOG_VOLUME);
  grid->setTransform(openvdb::math::Transform::createLinearTransform(voxelSize));
  auto acc = grid->getAccessor();
  for (int k = 0; k < cell.nz(); ++k)
    for (int j = 0; j < cell.ny(); ++j)
      for (int i = 0; i < cell.nx(); ++i)
        if (cell(i, j, k)) acc.setValue(openvdb::Coord(i, j, k), 1.0f);
  grid->insertMeta("metaforge_dims", openvdb::Vec3IMetadata(openvdb::Vec3i(cell.nx(), cell.ny(), cell.nz())));
  for (const auto& [key, value] : metadata) grid->insertMeta(key, openvdb::StringMetadata(value));
  writeAtomically(path, [&](const std::filesystem::path& tmp) {
    openvdb::io::File file(tmp.string());
    file.write({grid});
    file.close();
  });
}

}  // namespace mf::io
