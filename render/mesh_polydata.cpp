#include "render/mesh_polydata.hpp"

#include <vtkCellArray.h>
#include <vtkFloatArray.h>
#include <vtkIdTypeArray.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataNormals.h>

namespace mf::render {

vtkSmartPointer<vtkPolyData> toPolyData(const io::TriangleMesh& mesh) {
  vtkNew<vtkFloatArray> coordinates;
  coordinates->SetNumberOfComponents(3);
  coordinates->SetNumberOfTuples(static_cast<vtkIdType>(mesh.vertices.size()));
  for (std::size_t v = 0; v < mesh.vertices.size(); ++v) coordinates->SetTypedTuple(static_cast<vtkIdType>(v), mesh.vertices[v].data());
  vtkNew<vtkPoints> points;
  points->SetData(coordinates);

  // One flat connectivity array (offsets 0, 3, 6, …) instead of a cell insert per triangle.
  const auto n = static_cast<vtkIdType>(mesh.triangles.size());
  vtkNew<vtkIdTypeArray> offsets, connectivity;
  offsets->SetNumberOfValues(n + 1);
  connectivity->SetNumberOfValues(3 * n);
  for (vtkIdType t = 0; t < n; ++t) {
    offsets->SetValue(t, 3 * t);
    for (int k = 0; k < 3; ++k) connectivity->SetValue(3 * t + k, mesh.triangles[static_cast<std::size_t>(t)][static_cast<std::size_t>(k)]);
  }
  offsets->SetValue(n, 3 * n);
  vtkNew<vtkCellArray> polys;
  polys->SetData(offsets, connectivity);

  vtkNew<vtkPolyData> raw;
  raw->SetPoints(points);
  raw->SetPolys(polys);

  vtkNew<vtkPolyDataNormals> normals;
  normals->SetInputData(raw);
  normals->ComputePointNormalsOn();
  normals->ComputeCellNormalsOff();
  normals->SplittingOff();       // keep the vertices shared: one surface
  normals->ConsistencyOff();     // the core mesh is consistently oriented already
  normals->AutoOrientNormalsOff();
  normals->Update();
  auto out = vtkSmartPointer<vtkPolyData>::New();
  out->ShallowCopy(normals->GetOutput());
  return out;
}

}  // namespace mf::render
