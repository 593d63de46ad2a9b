#include "render/mesh_decimation.hpp"

#include <vtkPolyData.h>
#include <vtkPolyDataNormals.h>
#include <vtkQuadricDecimation.h>

namespace mf::render {

vtkSmartPointer<vtkPolyData> decimate(vtkPolyData* surface, long long targetTriangles) {
  const long long n = surface->GetNumberOfPolys();
  if (targetTriangles <= 0 || n <= targetTriangles) return surface;
  vtkNew<vtkQuadricDecimation> reduce;
  reduce->SetInputData(surface);
  reduce->SetTargetReduction(1.0 - static_cast<double>(targetTriangles) / static_cast<double>(n));
  reduce->VolumePreservationOn();  // the solid fraction is what the eye compares
  vtkNew<vtkPolyDataNormals> normals;
  normals->SetInputConnection(reduce->GetOutputPort());
  normals->ComputePointNormalsOn();
  normals->ComputeCellNormalsOff();
  normals->SplittingOff();
  normals->ConsistencyOff();
  normals->Update();
  auto out = vtkSmartPointer<vtkPolyData>::New();
  out->ShallowCopy(normals->GetOutput());
  return out;
}

}  // namespace mf::render
